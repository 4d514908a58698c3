"""The access reviews' routes, the same in both realms: a tenant's (/v1/access-reviews, on
the Users function) and the platform's (/v1/staff/access-reviews, on the Staff function). Each
realm's module says where its routes are, who may read and who may decide; its use cases
refuse anyone else, and anyone's decision on their own item."""

# No `from __future__ import annotations`: the routes' parameters are annotated with each
# realm's own path descriptions, which Powertools must read as objects, not as names.

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Protocol, Self

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body, Path, Query
from aws_lambda_powertools.event_handler.openapi.types import OpenAPIResponse
from aws_lambda_powertools.event_handler.router import APIGatewayRouter
from pydantic import BaseModel, Field

from footprint.api.access import source_ip
from footprint.api.errors import may_answer
from footprint.domain.access_review import MAX_REASON_LENGTH, Decision, ReviewStatus
from footprint.domain.errors import NotFound
from footprint.domain.ids import ID_PATTERN, valid_id
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
    def of(cls, review: dict[str, Any]) -> Self:
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
    def of(cls, item: dict[str, Any]) -> Self:
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


class ReviewUseCases[Caller](Protocol):
    """A realm's review use cases, for its signed-in caller (a tenant's context, or a member
    of staff): ``footprint.identity.access_reviews`` or ``.platform_review``."""

    def list_reviews(self, caller: Caller, /) -> list[dict[str, Any]]: ...

    def get_review(
        self, caller: Caller, review_id: str, /
    ) -> tuple[dict[str, Any], list[dict[str, Any]]]: ...

    def decide(
        self,
        caller: Caller,
        review_id: str,
        item_id: str,
        /,
        *,
        decision: Decision,
        reason: str,
        source_ip: str,
    ) -> dict[str, Any]: ...

    def export(self, caller: Caller, review_id: str, /, *, source_ip: str) -> tuple[bytes, str]: ...


@dataclass(frozen=True)
class ReviewRealm[Caller]:
    """What sets one realm's review routes apart."""

    path: str
    tag: str
    use_cases: ReviewUseCases[Caller]
    caller: Callable[[APIGatewayRouter], Caller]
    # The roles each route admits (declared in the OpenAPI document, enforced before it runs)
    readers: dict[str, Any]
    deciders: dict[str, Any]
    review_id: str
    item_id: str
    list_summary: str
    get_summary: str
    decide_summary: str
    export_summary: str


def add_review_routes[Caller](router: APIGatewayRouter, realm: ReviewRealm[Caller]) -> None:
    """The realm's four routes: its reviews, one review, a decision on an item, the export."""
    review_path = Path(pattern=ID_PATTERN, description=realm.review_id)
    item_path = Path(pattern=ID_PATTERN, description=realm.item_id)
    use_cases = realm.use_cases

    @router.get(
        realm.path,
        summary=realm.list_summary,
        tags=[realm.tag],
        openapi_extensions=realm.readers,
    )
    def list_reviews() -> AccessReviewList:
        reviews = use_cases.list_reviews(realm.caller(router))
        return AccessReviewList(reviews=[AccessReview.of(review) for review in reviews])

    @router.get(
        f"{realm.path}/<review_id>",
        summary=realm.get_summary,
        tags=[realm.tag],
        openapi_extensions=realm.readers,
    )
    def get_review(review_id: Annotated[str, review_path]) -> AccessReviewDetail:
        review, items = use_cases.get_review(
            realm.caller(router), checked_id(review_id, "access review")
        )
        return AccessReviewDetail(
            **AccessReview.of(review).model_dump(),
            items=[AccessReviewItem.of(item) for item in items],
        )

    @router.post(
        f"{realm.path}/<review_id>/items/<item_id>",
        summary=realm.decide_summary,
        tags=[realm.tag],
        openapi_extensions={**realm.deciders, **may_answer(409)},
    )
    def decide(
        review_id: Annotated[str, review_path],
        item_id: Annotated[str, item_path],
        body: Annotated[DecisionRequest, Body()],
    ) -> AccessReviewItem:
        decided = use_cases.decide(
            realm.caller(router),
            checked_id(review_id, "access review"),
            checked_id(item_id, "item"),
            decision=body.decision,
            reason=body.reason,
            source_ip=source_ip(router),
        )
        return AccessReviewItem.of(decided)

    @router.get(
        f"{realm.path}/<review_id>/export",
        summary=realm.export_summary,
        tags=[realm.tag],
        responses=CSV_RESPONSES,
        openapi_extensions=realm.readers,
    )
    def export(
        review_id: Annotated[str, review_path],
        export_format: Annotated[Literal["csv"], Query(alias="format")] = "csv",
    ) -> Response[str]:
        body, digest = use_cases.export(
            realm.caller(router),
            checked_id(review_id, "access review"),
            source_ip=source_ip(router),
        )
        return csv_answer(review_id, body, digest)
