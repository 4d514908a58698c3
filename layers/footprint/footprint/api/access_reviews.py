"""The answers and bodies of the access reviews' routes: a tenant's (/v1/access-reviews, on
the Users function) and the platform's (/v1/staff/access-reviews, on the Staff function)."""

from __future__ import annotations

from typing import Any, Literal

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.types import OpenAPIResponse
from pydantic import BaseModel, Field

from footprint.domain.access_review import MAX_REASON_LENGTH, Decision, ReviewStatus
from footprint.domain.errors import NotFound
from footprint.domain.ids import valid_id
from footprint.domain.staff_access import Scope, StaffRole
from footprint.domain.tenancy import Role


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
    item_id: str = Field(description="The user's or member of staff's id, or the grant's id")
    kind: Literal["user", "staff", "staff_grant"]
    subject_id: str = Field(
        description="Whose access this item reviews: the user, or the member of staff"
    )
    email: str | None = None
    name: str
    role: Role | StaffRole = Field(description="A user's role, or the staff member's")
    status: str = Field(
        description="The person's status, or the grant's state, when the review opened"
    )
    sign_in_method: Literal["password", "sso", "none"] | None = None
    last_signed_in_at: str | None = None
    mfa_enabled: bool | None = None
    # A staff grant's items (kind staff_grant)
    grant_tenant_id: str | None = Field(
        default=None, description="The tenant the grant reached (the platform's review)"
    )
    scope: Scope | None = None
    grant_reason: str | None = Field(default=None, description="Why the access was asked for")
    ticket: str | None = None
    approved_by: str | None = Field(default=None, description="The approving lead's name")
    starts_at: str | None = None
    ends_at: str | None = None
    requests: int | None = Field(default=None, description="Requests made under the grant")
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


SHA256_HEADER = "X-Footprint-Export-SHA256"


def checked_id(value: str, what: str) -> str:
    """``value`` if it can name a review or an item; else NotFound, as for one that names none."""
    if not valid_id(value):
        raise NotFound(f"No such {what}.")
    return value


def csv_answer(review_id: str, body: bytes, digest: str) -> Response[str]:
    """The export as an attachment, with its SHA-256 (the audit log records the same)."""
    return Response(
        status_code=200,
        content_type="text/csv; charset=utf-8",
        body=body.decode("utf-8"),
        headers={
            "Content-Disposition": f'attachment; filename="access-review-{review_id}.csv"',
            SHA256_HEADER: digest,
        },
    )


CSV_RESPONSES: dict[int, OpenAPIResponse] = {
    200: {
        "description": "One row per item: the access reviewed, who decided what, when",
        "content": {"text/csv": {"schema": {"type": "string"}}},
    }
}
