"""Tenants: the operator's registry, each tenant's own profile, and its settings.

The tenant's profile (``TENANT#<id>#TENANT`` / ``PROFILE``) holds its name, status, IP
allowlist and the count of active admins (kept by conditional updates, so two concurrent
demotions cannot both remove the last admin). The platform registry (``PLATFORM#TENANT#<id>``,
each entry also under the index partition ``PLATFORM#TENANTS``) lets operators and the daily
backup list tenants without touching tenant keys.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any

from boto3.dynamodb.conditions import Attr

from footprint.adapters.repository import ConditionFailed, PlatformRepository, TenantRepository
from footprint.domain.auth import network
from footprint.domain.errors import Conflict, Forbidden, InvalidInput
from footprint.domain.tenancy import Role, TenantContext
from footprint.identity import audit, clock

PROFILE = (("TENANT",), ("PROFILE",))
ACTIVE, DISABLED = "active", "disabled"


@dataclass(frozen=True)
class Tenant:
    tenant_id: str
    name: str
    status: str
    ip_allowlist: list[str] = field(default_factory=list)
    admin_count: int = 0
    staff_access_requires_customer_approval: bool = False


def new_id(prefix: str) -> str:
    return f"{prefix}-{secrets.token_hex(8)}"


def _tenant(context: TenantContext, item: dict[str, Any]) -> Tenant:
    return Tenant(
        tenant_id=context.tenant_id,
        name=str(item.get("name", "")),
        status=str(item.get("status", "")),
        ip_allowlist=[str(entry) for entry in item.get("ip_allowlist", [])],
        admin_count=int(item.get("admin_count", 0)),
        staff_access_requires_customer_approval=bool(
            item.get("staff_access_requires_customer_approval", False)
        ),
    )


def get_tenant(context: TenantContext) -> Tenant | None:
    item = TenantRepository(context).get(*PROFILE)
    return _tenant(context, item) if item else None


def tenant_exists(context: TenantContext) -> bool:
    """True when the tenant exists and is active."""
    tenant = get_tenant(context)
    return tenant is not None and tenant.status == ACTIVE


# Every registry entry is also under one index partition, so that tenants are listed by a
# query; the entry names its tenant, as an index answers no keys.
_REGISTRY_INDEX = ("TENANTS",)


def _registry_entry(context: TenantContext) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return ("TENANT", context.tenant_id), ("TENANT",)


def registered() -> list[str]:
    """Every registered tenant's id, from the registry's index."""
    entries = PlatformRepository().query_all(_REGISTRY_INDEX, index="gsi1", page_size=500)
    return [str(entry["tenant_id"]) for entry in entries]


def index_registry_entry(context: TenantContext) -> bool:
    """Put in the registry's index a tenant registered before the index existed; answers
    whether it had to (running it again changes nothing)."""
    repository = PlatformRepository()
    entry = repository.get(*_registry_entry(context))
    if entry is None or "tenant_id" in entry:
        return False
    repository.put(
        *_registry_entry(context),
        {**entry, "tenant_id": context.tenant_id},
        gsi1=(_REGISTRY_INDEX, (context.tenant_id,)),
    )
    return True


def register(context: TenantContext, name: str) -> None:
    """Create the tenant's profile and its registry entry (operator only)."""
    cleaned = name.strip()
    if not 1 <= len(cleaned) <= 200:
        raise InvalidInput("The tenant name must have 1 to 200 characters.", field="name")
    created = clock.iso()
    PlatformRepository().put(
        *_registry_entry(context),
        {"name": cleaned, "created_at": created, "tenant_id": context.tenant_id},
        gsi1=(_REGISTRY_INDEX, (context.tenant_id,)),
        if_absent=True,
    )
    TenantRepository(context).put(
        *PROFILE,
        {
            "name": cleaned,
            "status": ACTIVE,
            "ip_allowlist": [],
            "admin_count": 0,
            "created_at": created,
        },
        if_absent=True,
    )


def adjust_admins(context: TenantContext, delta: int) -> None:
    """Count one active admin more or less; refuses to go below one (last admin protection)."""
    repository = TenantRepository(context)
    if delta >= 0:
        repository.update(*PROFILE, add={"admin_count": delta})
        return
    try:
        repository.update(
            *PROFILE, add={"admin_count": delta}, condition=Attr("admin_count").gt(-delta)
        )
    except ConditionFailed:
        raise Conflict(
            "The tenant's last admin cannot be removed, disabled or demoted.", reason="last_admin"
        ) from None


def update_allowlist(context: TenantContext, entries: list[str], *, caller_ip: str) -> list[str]:
    """Replace the IP allowlist, refusing a list that would lock out the admin making it."""
    if context.role is not Role.ADMIN:
        raise Forbidden("Access to this resource is denied.")
    networks = network.parse_allowlist(entries)
    if not network.allowed(caller_ip, networks):
        raise InvalidInput(
            "This allowlist would lock you out: it does not contain your address.",
            field="ip_allowlist",
            your_address=caller_ip,
        )
    previous = get_tenant(context)
    TenantRepository(context).update(*PROFILE, set_values={"ip_allowlist": networks})
    audit.record(
        context,
        action="tenant.settings_changed",
        outcome="success",
        source_ip=caller_ip,
        details={
            "ip_allowlist_before": ",".join(previous.ip_allowlist if previous else []),
            "ip_allowlist_after": ",".join(networks),
        },
    )
    return networks


def update_settings(
    context: TenantContext,
    entries: list[str],
    *,
    staff_access_requires_customer_approval: bool,
    caller_ip: str,
) -> Tenant:
    """Replace the settings: the allowlist (``update_allowlist``) and whether staff access
    requests need one of the tenant's admins' approval besides a lead's (requests made
    before a change keep the rule they were made under)."""
    update_allowlist(context, entries, caller_ip=caller_ip)
    previous = get_tenant(context)
    required = staff_access_requires_customer_approval
    if previous is None or previous.staff_access_requires_customer_approval != required:
        TenantRepository(context).update(
            *PROFILE, set_values={"staff_access_requires_customer_approval": required}
        )
        audit.record(
            context,
            action="tenant.settings_changed",
            outcome="success",
            source_ip=caller_ip,
            details={"staff_access_requires_customer_approval": str(required).lower()},
        )
    updated = get_tenant(context)
    if updated is None:
        raise InvalidInput("No such tenant.")
    return updated
