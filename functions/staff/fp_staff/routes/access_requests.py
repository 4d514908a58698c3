"""/v1/staff/access-requests: staff ask for access to one tenant's data; a lead (never the
requester) approves with a fresh TOTP code, or denies; the requester, a lead or security
revokes. Staff tokens only."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body, Path
from aws_lambda_powertools.event_handler.router import APIGatewayRouter
from pydantic import BaseModel, Field

from footprint.api.access import current_staff, source_ip, staff_roles
from footprint.api.errors import may_answer
from footprint.api.staff_access import AccessRequestView
from footprint.domain.ids import ID_PATTERN
from footprint.domain.staff_access import (
    MAX_DURATION_MINUTES,
    MAX_REASON_LENGTH,
    MAX_TICKET_LENGTH,
    Scope,
    StaffRole,
)
from footprint.identity import staff_access

router = APIGatewayRouter()  # type: ignore[no-untyped-call]

ANY_STAFF = staff_roles(*StaffRole)
LEADS = staff_roles(StaffRole.LEAD)
RequestId = Annotated[str, Path(pattern=ID_PATTERN, description="The request's id")]


class NewAccessRequest(BaseModel):
    tenant_id: str = Field(pattern=ID_PATTERN)
    scope: Scope
    reason: str = Field(min_length=1, max_length=MAX_REASON_LENGTH)
    ticket: str = Field(min_length=1, max_length=MAX_TICKET_LENGTH)
    duration_minutes: int = Field(ge=1, le=MAX_DURATION_MINUTES)


class Approval(BaseModel):
    code: str = Field(min_length=6, max_length=16, description="A fresh TOTP code of yours")


class Denial(BaseModel):
    reason: str = Field(min_length=1, max_length=MAX_REASON_LENGTH)


class AccessRequests(BaseModel):
    requests: list[AccessRequestView]


@router.post(
    "/v1/staff/access-requests",
    summary="Staff: ask for access to one tenant's data (pending until a lead approves)",
    tags=["staff"],
    status_code=201,
    openapi_extensions=ANY_STAFF,
)
def create(body: Annotated[NewAccessRequest, Body()]) -> AccessRequestView:
    grant = staff_access.request_access(
        current_staff(router),
        tenant_id=body.tenant_id,
        scope=body.scope,
        reason=body.reason,
        ticket=body.ticket,
        duration_minutes=body.duration_minutes,
        source_ip=source_ip(router),
    )
    return AccessRequestView.of(grant)


@router.get(
    "/v1/staff/access-requests",
    summary="Staff: your access requests, newest first (leads and security: everyone's)",
    tags=["staff"],
    openapi_extensions=ANY_STAFF,
)
def list_requests() -> AccessRequests:
    grants = staff_access.list_for_staff(current_staff(router))
    return AccessRequests(requests=[AccessRequestView.of(grant) for grant in grants])


@router.get(
    "/v1/staff/access-requests/<request_id>",
    summary="Staff: one access request",
    tags=["staff"],
    openapi_extensions=ANY_STAFF,
)
def read(request_id: RequestId) -> AccessRequestView:
    return AccessRequestView.of(staff_access.read_grant(current_staff(router), request_id))


@router.post(
    "/v1/staff/access-requests/<request_id>/approve",
    summary="Lead: approve another's request, with a fresh TOTP code",
    tags=["staff"],
    openapi_extensions={**LEADS, **may_answer(409, 423)},
)
def approve(request_id: RequestId, body: Annotated[Approval, Body()]) -> AccessRequestView:
    grant = staff_access.approve(
        current_staff(router), request_id, code=body.code, source_ip=source_ip(router)
    )
    return AccessRequestView.of(grant)


@router.post(
    "/v1/staff/access-requests/<request_id>/deny",
    summary="Lead: deny another's request",
    tags=["staff"],
    openapi_extensions={**LEADS, **may_answer(409)},
)
def deny(request_id: RequestId, body: Annotated[Denial, Body()]) -> AccessRequestView:
    grant = staff_access.deny(
        current_staff(router), request_id, reason=body.reason, source_ip=source_ip(router)
    )
    return AccessRequestView.of(grant)


@router.post(
    "/v1/staff/access-requests/<request_id>/revoke",
    summary="Staff: end a grant or withdraw a request (its requester, a lead, security)",
    tags=["staff"],
    openapi_extensions={**ANY_STAFF, **may_answer(409)},
)
def revoke(request_id: RequestId) -> AccessRequestView:
    grant = staff_access.revoke(current_staff(router), request_id, source_ip=source_ip(router))
    return AccessRequestView.of(grant)
