"""A tenant's verified domains: claimed, proven by a DNS TXT record, then the tenant's alone.

The tenant keeps its claims (``TENANT#<id>#DOMAINS`` / ``<domain>``); a verified domain is also
registered platform-wide (``PLATFORM#DOMAIN#<domain>`` -> tenant), by a conditional put, so one
tenant at most holds it. Once held, no other tenant can claim or verify it, nor invite or
provision an address in it (``check_address``); and a tenant with verified domains lets its IdP
sign in only addresses in them (``sso_allows``). A tenant with SSO and no verified domain keeps
signing in whatever its IdP vouches for (within addresses no other tenant holds); the SSO
settings answer warns about it.
"""

from __future__ import annotations

import contextlib
import secrets
from dataclasses import dataclass
from typing import Any

from boto3.dynamodb.conditions import Attr

from footprint.adapters.dns import TxtLookup, txt_lookup
from footprint.adapters.repository import ConditionFailed, PlatformRepository, TenantRepository
from footprint.domain.auth.domains import domain_of, normalise_domain, record_name, record_value
from footprint.domain.errors import Conflict, NotFound
from footprint.domain.tenancy import TenantContext
from footprint.identity import audit, clock

PENDING, VERIFIED = "pending", "verified"
MAX_DOMAINS = 50
_CLAIMS = ("DOMAINS",)
_HELD_ELSEWHERE = "This domain is verified by another organisation."


@dataclass(frozen=True)
class Domain:
    domain: str
    status: str
    record_name: str
    record_value: str
    claimed_at: str
    verified_at: str | None = None


def _to_domain(item: dict[str, Any]) -> Domain:
    domain = str(item["domain"])
    return Domain(
        domain=domain,
        status=str(item["status"]),
        record_name=record_name(domain),
        record_value=record_value(str(item["token"])),
        claimed_at=str(item["claimed_at"]),
        verified_at=item.get("verified_at"),
    )


def holder(domain: str) -> str | None:
    """The tenant that has verified ``domain`` (normalised), or None."""
    item = PlatformRepository().get(("DOMAIN", domain), ("DOMAIN",))
    return str(item["tenant_id"]) if item else None


def list_domains(context: TenantContext) -> list[Domain]:
    return [_to_domain(item) for item in TenantRepository(context).query_all(_CLAIMS)]


def verified_domains(context: TenantContext) -> set[str]:
    return {d.domain for d in list_domains(context) if d.status == VERIFIED}


def _get(context: TenantContext, domain: str) -> dict[str, Any]:
    item = TenantRepository(context).get(_CLAIMS, (domain,))
    if item is None:
        raise NotFound("No such domain.")
    return item


def claim(context: TenantContext, value: str, *, source_ip: str) -> Domain:
    """Claim a domain: answers the TXT record to publish. Claiming again answers the same."""
    domain = normalise_domain(value)
    owner = holder(domain)
    if owner is not None and owner != context.tenant_id:
        raise Conflict(_HELD_ELSEWHERE, field="domain", reason="held_elsewhere")
    repository = TenantRepository(context)
    existing = repository.get(_CLAIMS, (domain,))
    if existing is not None:
        return _to_domain(existing)
    if len(list_domains(context)) >= MAX_DOMAINS:
        raise Conflict(f"At most {MAX_DOMAINS} domains per organisation.", field="domain")
    item = {
        "domain": domain,
        "status": PENDING,
        "token": secrets.token_urlsafe(24),
        "claimed_at": clock.iso(),
    }
    try:
        repository.put(_CLAIMS, (domain,), item, if_absent=True)
    except ConditionFailed:
        return _to_domain(_get(context, domain))
    audit.record(
        context, action="domain.claimed", outcome="success", source_ip=source_ip, target=domain
    )
    return _to_domain(item)


def verify(
    context: TenantContext, value: str, *, source_ip: str, lookup: TxtLookup | None = None
) -> Domain:
    """Look the TXT record up; once found, the domain is this tenant's alone."""
    domain = normalise_domain(value)
    item = _get(context, domain)
    if item["status"] == VERIFIED:
        return _to_domain(item)
    expected = record_value(str(item["token"]))
    if expected not in (lookup or txt_lookup()).txt(record_name(domain)):
        audit.record(
            context,
            action="domain.verification_failed",
            outcome="failure",
            source_ip=source_ip,
            target=domain,
        )
        raise Conflict(
            f"The TXT record at {record_name(domain)} was not found; publish it and try again.",
            field="domain",
            reason="record_not_found",
        )
    try:
        PlatformRepository().put(
            ("DOMAIN", domain),
            ("DOMAIN",),
            {"tenant_id": context.tenant_id},
            condition=Attr("pk").not_exists() | Attr("tenant_id").eq(context.tenant_id),
        )
    except ConditionFailed:
        raise Conflict(_HELD_ELSEWHERE, field="domain", reason="held_elsewhere") from None
    verified = {**item, "status": VERIFIED, "verified_at": clock.iso()}
    TenantRepository(context).put(_CLAIMS, (domain,), verified)
    audit.record(
        context, action="domain.verified", outcome="success", source_ip=source_ip, target=domain
    )
    return _to_domain(verified)


def remove(context: TenantContext, value: str, *, source_ip: str) -> None:
    """Give a domain up: the claim, and the platform-wide hold if it is this tenant's."""
    domain = normalise_domain(value)
    _get(context, domain)
    TenantRepository(context).delete(_CLAIMS, (domain,))
    # Held by no one, or by another tenant: not ours to release.
    with contextlib.suppress(ConditionFailed):
        PlatformRepository().delete(
            ("DOMAIN", domain), ("DOMAIN",), condition=Attr("tenant_id").eq(context.tenant_id)
        )
    audit.record(
        context, action="domain.removed", outcome="success", source_ip=source_ip, target=domain
    )


def check_address(context: TenantContext, address: str) -> None:
    """Conflict when another tenant has verified the domain of ``address`` (normalised)."""
    owner = holder(domain_of(address))
    if owner is not None and owner != context.tenant_id:
        raise Conflict(
            "This address belongs to a domain verified by another organisation.",
            field="email",
            reason="domain_held_elsewhere",
        )


def sso_allows(context: TenantContext, address: str) -> bool:
    """Whether the tenant's IdP may sign ``address`` in: any address while the tenant has no
    verified domain, else only those in its verified domains."""
    verified = verified_domains(context)
    return not verified or domain_of(address) in verified
