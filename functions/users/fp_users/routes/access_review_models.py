"""The answers and bodies of /v1/access-reviews (``fp_users.routes.access_reviews``)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from footprint.domain.access_review import MAX_REASON_LENGTH, Decision, ReviewStatus
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
