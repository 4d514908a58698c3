"""/v1/access-reviews: the tenant's quarterly access reviews. Admins and auditors read them
and export the evidence; admins decide each item (attest or revoke), never their own."""

from __future__ import annotations

from typing import Annotated, Literal

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body, Path, Query
from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from footprint.api.access import current_context, roles, source_ip
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
from footprint.domain.tenancy import Role
from footprint.identity import access_reviews

router = APIGatewayRouter()  # type: ignore[no-untyped-call]

_READERS = roles(Role.ADMIN, Role.AUDITOR, identity=True)
_REVIEW_ID = Path(
    pattern=ID_PATTERN,
    description="A review id: its quarter and tenant, 2026-q4-t-0123456789abcdef",
)
_ITEM_ID = Path(pattern=ID_PATTERN, description="An item id: the user's id, or the grant's")


@router.get(
    "/v1/access-reviews",
    summary="The tenant's access reviews, newest first",
    tags=["access reviews"],
    openapi_extensions=_READERS,
)
def list_reviews() -> AccessReviewList:
    reviews = access_reviews.list_reviews(current_context(router))
    return AccessReviewList(reviews=[AccessReview.of(review) for review in reviews])


@router.get(
    "/v1/access-reviews/<review_id>",
    summary="An access review: every item and its decision",
    tags=["access reviews"],
    openapi_extensions=_READERS,
)
def get_review(review_id: Annotated[str, _REVIEW_ID]) -> AccessReviewDetail:
    review, items = access_reviews.get_review(
        current_context(router), checked_id(review_id, "access review")
    )
    return AccessReviewDetail(
        **AccessReview.of(review).model_dump(),
        items=[AccessReviewItem.of(item) for item in items],
    )


@router.post(
    "/v1/access-reviews/<review_id>/items/<item_id>",
    summary="Attest or revoke one item (revoke disables the user, or ends the staff grant, at "
    "once; not your own)",
    tags=["access reviews"],
    openapi_extensions={**roles(Role.ADMIN, identity=True), **may_answer(409)},
)
def decide(
    review_id: Annotated[str, _REVIEW_ID],
    item_id: Annotated[str, _ITEM_ID],
    body: Annotated[DecisionRequest, Body()],
) -> AccessReviewItem:
    decided = access_reviews.decide(
        current_context(router),
        checked_id(review_id, "access review"),
        checked_id(item_id, "item"),
        decision=body.decision,
        reason=body.reason,
        source_ip=source_ip(router),
    )
    return AccessReviewItem.of(decided)


@router.get(
    "/v1/access-reviews/<review_id>/export",
    summary="The review's evidence as CSV; its SHA-256 is recorded in the audit log",
    tags=["access reviews"],
    responses=CSV_RESPONSES,
    openapi_extensions=_READERS,
)
def export(
    review_id: Annotated[str, _REVIEW_ID],
    export_format: Annotated[Literal["csv"], Query(alias="format")] = "csv",
) -> Response[str]:
    body, digest = access_reviews.export(
        current_context(router), checked_id(review_id, "access review"), source_ip=source_ip(router)
    )
    return csv_answer(review_id, body, digest)
