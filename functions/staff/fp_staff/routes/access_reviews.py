"""/v1/staff/access-reviews: the platform's quarterly access reviews of every member of staff
and every staff grant. Security staff read them, export the evidence and decide each item
(attest or revoke), never their own."""

from __future__ import annotations

from typing import Annotated, Literal

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body, Path, Query
from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from footprint.api.access import current_staff, source_ip, staff_roles
from footprint.api.access_reviews import (
    CSV_RESPONSES,
    AccessReview,
    AccessReviewDetail,
    AccessReviewItem,
    AccessReviewList,
    DecisionRequest,
    checked_id,
    csv_answer,
)
from footprint.api.errors import may_answer
from footprint.domain.ids import ID_PATTERN
from footprint.domain.staff_access import StaffRole
from footprint.identity import platform_review

router = APIGatewayRouter()  # type: ignore[no-untyped-call]

SECURITY = staff_roles(StaffRole.SECURITY)
_REVIEW_ID = Path(pattern=ID_PATTERN, description="A review id: its quarter, 2026-q4-platform")
_ITEM_ID = Path(
    pattern=ID_PATTERN, description="An item id: the member of staff's id, or the grant's"
)


@router.get(
    "/v1/staff/access-reviews",
    summary="Security staff: the platform's access reviews, newest first",
    tags=["staff"],
    openapi_extensions=SECURITY,
)
def list_reviews() -> AccessReviewList:
    reviews = platform_review.list_reviews(current_staff(router))
    return AccessReviewList(reviews=[AccessReview.of(review) for review in reviews])


@router.get(
    "/v1/staff/access-reviews/<review_id>",
    summary="Security staff: a platform access review, every item and its decision",
    tags=["staff"],
    openapi_extensions=SECURITY,
)
def get_review(review_id: Annotated[str, _REVIEW_ID]) -> AccessReviewDetail:
    review, items = platform_review.get_review(
        current_staff(router), checked_id(review_id, "access review")
    )
    return AccessReviewDetail(
        **AccessReview.of(review).model_dump(),
        items=[AccessReviewItem.of(item) for item in items],
    )


@router.post(
    "/v1/staff/access-reviews/<review_id>/items/<item_id>",
    summary="Security staff: attest or revoke one item (revoke disables the member of staff, "
    "or ends the grant, at once; not your own)",
    tags=["staff"],
    openapi_extensions={**SECURITY, **may_answer(409)},
)
def decide(
    review_id: Annotated[str, _REVIEW_ID],
    item_id: Annotated[str, _ITEM_ID],
    body: Annotated[DecisionRequest, Body()],
) -> AccessReviewItem:
    decided = platform_review.decide(
        current_staff(router),
        checked_id(review_id, "access review"),
        checked_id(item_id, "item"),
        decision=body.decision,
        reason=body.reason,
        source_ip=source_ip(router),
    )
    return AccessReviewItem.of(decided)


@router.get(
    "/v1/staff/access-reviews/<review_id>/export",
    summary="Security staff: the review's evidence as CSV; its SHA-256 is in the platform's log",
    tags=["staff"],
    responses=CSV_RESPONSES,
    openapi_extensions=SECURITY,
)
def export(
    review_id: Annotated[str, _REVIEW_ID],
    export_format: Annotated[Literal["csv"], Query(alias="format")] = "csv",
) -> Response[str]:
    body, digest = platform_review.export(
        current_staff(router), checked_id(review_id, "access review"), source_ip=source_ip(router)
    )
    return csv_answer(review_id, body, digest)
