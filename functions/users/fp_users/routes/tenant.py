"""/v1/tenant/settings: the tenant's IP allowlist (admins change it, without locking out) and
whether the platform's staff need one of its admins' approval besides a lead's."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body
from aws_lambda_powertools.event_handler.router import APIGatewayRouter
from pydantic import BaseModel, Field

from footprint.api.access import current_context, roles, source_ip
from footprint.api.errors import may_answer
from footprint.domain.errors import NotFound
from footprint.domain.tenancy import Role
from footprint.identity import tenants

router = APIGatewayRouter()  # type: ignore[no-untyped-call]


class TenantSettings(BaseModel):
    ip_allowlist: list[str] = Field(
        max_length=100, description="CIDRs (IPv4, IPv6) users may call from; empty: anywhere"
    )
    staff_access_requires_customer_approval: bool = Field(
        default=False,
        description="Staff access requests also need one of the tenant's admins' approval",
    )


@router.get(
    "/v1/tenant/settings",
    summary="The tenant's settings",
    tags=["tenant"],
    openapi_extensions={**roles(Role.ADMIN, identity=True), **may_answer(404)},
)
def get_settings() -> TenantSettings:
    tenant = tenants.get_tenant(current_context(router))
    if tenant is None:
        raise NotFound("No such tenant.")
    return TenantSettings(
        ip_allowlist=tenant.ip_allowlist,
        staff_access_requires_customer_approval=tenant.staff_access_requires_customer_approval,
    )


@router.put(
    "/v1/tenant/settings",
    summary="Replace the tenant's settings (refused if it would lock you out)",
    tags=["tenant"],
    openapi_extensions=roles(Role.ADMIN, identity=True),
)
def put_settings(body: Annotated[TenantSettings, Body()]) -> TenantSettings:
    tenant = tenants.update_settings(
        current_context(router),
        body.ip_allowlist,
        staff_access_requires_customer_approval=body.staff_access_requires_customer_approval,
        caller_ip=source_ip(router),
    )
    return TenantSettings(
        ip_allowlist=tenant.ip_allowlist,
        staff_access_requires_customer_approval=tenant.staff_access_requires_customer_approval,
    )
