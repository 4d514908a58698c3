"""Operator commands on tenants: onboarding (a new tenant with its first admin, who must
change the temporary password within 7 days and set up TOTP at first sign-in), a new temporary
password for an admin who has not signed in yet, and suspending a tenant."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from footprint.adapters.repository import TenantRepository
from footprint.domain.auth import passwords
from footprint.domain.errors import Conflict, NotFound
from footprint.domain.tenancy import Role, TenantContext
from footprint.identity import audit, tenants, users

OPERATOR_SOURCE = "operator-cli"


@dataclass(frozen=True)
class TenantCreated:
    tenant_id: str
    admin_user_id: str
    temporary_password: str


def create_tenant(name: str, admin_email: str) -> TenantCreated:
    context = TenantContext.for_operator(tenants.new_id("t"))
    tenants.register(context, name)
    temporary = secrets.token_urlsafe(18)  # 144 bits; changed at first sign-in
    admin = users.create_user(
        context, email=admin_email, name="", role=Role.ADMIN, status=users.ACTIVE
    )
    users.set_password(context, admin.user_id, passwords.hash_password(temporary), temporary=True)
    audit.record(
        context,
        action="tenant.created",
        outcome="success",
        source_ip=OPERATOR_SOURCE,
        actor="operator",
        target=admin.user_id,
    )
    return TenantCreated(context.tenant_id, admin.user_id, temporary)


def reissue_temporary_password(tenant_id: str, user_id: str) -> TenantCreated:
    """A new temporary password for an admin who has not set their own yet (the first one
    expired, or was lost); Conflict for anyone else."""
    context = TenantContext.for_operator(tenant_id)
    record = users.get_record(context, user_id)
    if record is None:
        raise NotFound("No such user in this tenant.")
    if not record.get("password_temporary") or record.get("role") != Role.ADMIN.value:
        raise Conflict("Only an admin who has not set their own password gets a new one here.")
    temporary = secrets.token_urlsafe(18)
    users.set_password(context, user_id, passwords.hash_password(temporary), temporary=True)
    audit.record(
        context,
        action="password.reissued",
        outcome="success",
        source_ip=OPERATOR_SOURCE,
        actor="operator",
        target=user_id,
    )
    return TenantCreated(tenant_id, user_id, temporary)


def set_tenant_status(tenant_id: str, *, active: bool) -> None:
    """Suspend or restore a tenant: its users' tokens stop (or work again) at once."""
    context = TenantContext.for_operator(tenant_id)
    if tenants.get_tenant(context) is None:
        raise NotFound("No such tenant.")
    status = tenants.ACTIVE if active else tenants.DISABLED
    TenantRepository(context).update(*tenants.PROFILE, set_values={"status": status})
    audit.record(
        context,
        action="tenant.enabled" if active else "tenant.disabled",
        outcome="success",
        source_ip=OPERATOR_SOURCE,
        actor="operator",
    )
