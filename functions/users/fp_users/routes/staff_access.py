"""/v1/tenant/staff-access: what the platform's staff may reach of this tenant's data, now and
in the last 12 months (admins and auditors read it; admins approve, deny and revoke)."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body, Path
from aws_lambda_powertools.event_handler.router import APIGatewayRouter
from pydantic import BaseModel, Field

from footprint.api.access import current_context, roles, source_ip
from footprint.api.errors import may_answer
from footprint.api.staff_access import AccessRequestView
from footprint.domain.ids import ID_PATTERN
from footprint.domain.staff_access import MAX_REASON_LENGTH, Grant
from footprint.domain.tenancy import Role
from footprint.identity import audit, staff_access

router = APIGatewayRouter()  # type: ignore[no-untyped-call]

READERS = roles(Role.ADMIN, Role.AUDITOR, identity=True)
ADMINS = roles(Role.ADMIN, identity=True)
RequestId = Annotated[str, Path(pattern=ID_PATTERN, description="The request's id")]


class StaffAccessView(AccessRequestView):
    requests_made: int = Field(description="Requests made under the grant")


class StaffAccessList(BaseModel):
    grants: list[StaffAccessView]


class StaffActivity(BaseModel):
    events: list[audit.AuditEvent]


class Denial(BaseModel):
    reason: str = Field(min_length=1, max_length=MAX_REASON_LENGTH)


def _view(grant: Grant, requests_made: int) -> StaffAccessView:
    return StaffAccessView(**AccessRequestView.of(grant).model_dump(), requests_made=requests_made)


@router.get(
    "/v1/tenant/staff-access",
    summary="Staff access to this tenant: every grant of the last 12 months and every request",
    tags=["tenant"],
    openapi_extensions=READERS,
)
def list_grants() -> StaffAccessList:
    listed = staff_access.list_for_tenant(current_context(router))
    return StaffAccessList(grants=[_view(grant, made) for grant, made in listed])


@router.get(
    "/v1/tenant/staff-access/<request_id>/activity",
    summary="The requests a member of staff made under one grant: route, status, time",
    tags=["tenant"],
    openapi_extensions=READERS,
)
def activity(request_id: RequestId) -> StaffActivity:
    return StaffActivity(events=staff_access.activity(current_context(router), request_id))


@router.post(
    "/v1/tenant/staff-access/<request_id>/approve",
    summary="Approve a staff request (where the tenant requires its own approval)",
    tags=["tenant"],
    openapi_extensions={**ADMINS, **may_answer(409)},
)
def approve(request_id: RequestId) -> StaffAccessView:
    grant = staff_access.customer_approve(
        current_context(router), request_id, source_ip=source_ip(router)
    )
    return _view(grant, staff_access.requests_made(grant.grant_id))


@router.post(
    "/v1/tenant/staff-access/<request_id>/deny",
    summary="Deny a staff request",
    tags=["tenant"],
    openapi_extensions={**ADMINS, **may_answer(409)},
)
def deny(request_id: RequestId, body: Annotated[Denial, Body()]) -> StaffAccessView:
    grant = staff_access.customer_deny(
        current_context(router), request_id, reason=body.reason, source_ip=source_ip(router)
    )
    return _view(grant, staff_access.requests_made(grant.grant_id))


@router.post(
    "/v1/tenant/staff-access/<request_id>/revoke",
    summary="End a staff grant to this tenant now (or withdraw a request)",
    tags=["tenant"],
    openapi_extensions={**ADMINS, **may_answer(409)},
)
def revoke(request_id: RequestId) -> StaffAccessView:
    grant = staff_access.customer_revoke(
        current_context(router), request_id, source_ip=source_ip(router)
    )
    return _view(grant, staff_access.requests_made(grant.grant_id))
