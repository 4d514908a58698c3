"""/v1/access-reviews: the tenant's quarterly access reviews. Admins and auditors read them
and export the evidence; admins decide each item (attest or revoke), never their own."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body, Path, Query
from aws_lambda_powertools.event_handler.router import APIGatewayRouter
from pydantic import BaseModel, Field

from footprint.api.access import current_context, roles, source_ip
from footprint.api.errors import may_answer
from footprint.domain.access_review import MAX_REASON_LENGTH, Decision, ReviewStatus
from footprint.domain.errors import NotFound
from footprint.domain.ids import ID_PATTERN, valid_id
from footprint.domain.tenancy import Role
from footprint.identity import access_reviews

router = APIGatewayRouter()  # type: ignore[no-untyped-call]

_READERS = roles(Role.ADMIN, Role.AUDITOR)
_REVIEW_ID = Path(
    pattern=ID_PATTERN,
    description="A review id: its quarter and tenant, 2026-q4-t-0123456789abcdef",
)
_ITEM_ID = Path(pattern=ID_PATTERN, description="An item id: the person's user id")
SHA256_HEADER = "X-Footprint-Export-SHA256"


class AccessReview(BaseModel):
    review_id: str
    quarter: str = Field(description="The calendar quarter it reviews, e.g. 2026-q4")
    status: ReviewStatus
    opened_at: str
    remind_at: str
    due_at: str
    item_count: int
    decided_count: int
    reminded_at: str | None = None
    overdue_at: str | None = None
    completed_at: str | None = None

    @classmethod
    def of(cls, review: dict[str, Any]) -> AccessReview:
        return cls.model_validate({name: review.get(name) for name in cls.model_fields})


class AccessReviewItem(BaseModel):
    item_id: str
    kind: Literal["user"]
    subject_id: str = Field(description="The user whose access this item reviews")
    email: str
    name: str
    role: Role
    status: str = Field(description="The user's status when the review opened")
    sign_in_method: Literal["password", "sso", "none"]
    last_signed_in_at: str | None
    mfa_enabled: bool
    decision: Decision | None = None
    reason: str | None = None
    decided_by: str | None = None
    decided_by_email: str | None = None
    decided_at: str | None = None

    @classmethod
    def of(cls, item: dict[str, Any]) -> AccessReviewItem:
        return cls.model_validate({name: item.get(name) for name in cls.model_fields})


class AccessReviewList(BaseModel):
    reviews: list[AccessReview]


class AccessReviewDetail(AccessReview):
    items: list[AccessReviewItem]


class DecisionRequest(BaseModel):
    decision: Decision
    reason: str = Field(
        default="",
        max_length=MAX_REASON_LENGTH,
        description="Why: required to revoke, recorded with the decision",
    )


def _id(value: str, what: str) -> str:
    if not valid_id(value):
        raise NotFound(f"No such {what}.")
    return value


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
        current_context(router), _id(review_id, "access review")
    )
    return AccessReviewDetail(
        **AccessReview.of(review).model_dump(),
        items=[AccessReviewItem.of(item) for item in items],
    )


@router.post(
    "/v1/access-reviews/<review_id>/items/<item_id>",
    summary="Attest or revoke one person's access (revoke disables them at once; not your own)",
    tags=["access reviews"],
    openapi_extensions={**roles(Role.ADMIN), **may_answer(409)},
)
def decide(
    review_id: Annotated[str, _REVIEW_ID],
    item_id: Annotated[str, _ITEM_ID],
    body: Annotated[DecisionRequest, Body()],
) -> AccessReviewItem:
    decided = access_reviews.decide(
        current_context(router),
        _id(review_id, "access review"),
        _id(item_id, "item"),
        decision=body.decision,
        reason=body.reason,
        source_ip=source_ip(router),
    )
    return AccessReviewItem.of(decided)


@router.get(
    "/v1/access-reviews/<review_id>/export",
    summary="The review's evidence as CSV; its SHA-256 is recorded in the audit log",
    tags=["access reviews"],
    responses={
        200: {
            "description": "One row per item: the access reviewed, who decided what, when",
            "content": {"text/csv": {"schema": {"type": "string"}}},
        }
    },
    openapi_extensions=_READERS,
)
def export(
    review_id: Annotated[str, _REVIEW_ID],
    export_format: Annotated[Literal["csv"], Query(alias="format")] = "csv",
) -> Response[str]:
    body, digest = access_reviews.export(
        current_context(router), _id(review_id, "access review"), source_ip=source_ip(router)
    )
    return Response(
        status_code=200,
        content_type="text/csv; charset=utf-8",
        body=body.decode("utf-8"),
        headers={
            "Content-Disposition": f'attachment; filename="access-review-{review_id}.csv"',
            SHA256_HEADER: digest,
        },
    )
