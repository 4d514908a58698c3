"""Integration tokens of a tenant: made, listed and revoked by its admins, checked on every
request a machine client makes with one, each use counted on the token and written to the
tenant's audit log.

The record lives under the tenant (``TOKEN`` / token id) and holds the token's keyed digest,
never its value (``footprint.domain.auth.integration_tokens``). The digest key comes from the
platform's secret store through the functions' environment (``FOOTPRINT_TOKEN_HASH_KEY``);
without it no token is made or accepted.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from footprint.adapters.repository import TenantRepository
from footprint.domain.auth import integration_tokens as rules
from footprint.domain.auth import network
from footprint.domain.auth.integration_tokens import IntegrationToken, TokenRole, TokenState
from footprint.domain.errors import Conflict, Forbidden, InvalidInput, NotFound, Unauthenticated
from footprint.domain.tenancy import Role, TenantContext
from footprint.identity import audit, clock, tenants

HASH_KEY_VARIABLE = "FOOTPRINT_TOKEN_HASH_KEY"
_PK = ("TOKEN",)
_REFUSED = "A valid bearer token is required."


def _hash_key() -> bytes:
    return os.environ.get(HASH_KEY_VARIABLE, "").encode()


def _optional_int(value: Any) -> int | None:
    return None if value is None else int(value)


def to_token(item: Mapping[str, Any]) -> IntegrationToken:
    return IntegrationToken(
        token_id=str(item["token_id"]),
        name=str(item["name"]),
        role=TokenRole(str(item["role"])),
        created_by=str(item["created_by"]),
        created_at=int(item["created_at"]),
        expires_at=int(item["expires_at"]),
        revoked_at=_optional_int(item.get("revoked_at")),
        revoked_by=item.get("revoked_by"),
        last_used_at=_optional_int(item.get("last_used_at")),
        uses=int(item.get("uses", 0)),
    )


def create(
    context: TenantContext, *, name: str, role: TokenRole, expires_in_days: int, source_ip: str
) -> tuple[IntegrationToken, str]:
    """A new token and its value, which is answered this once and stored only as a digest."""
    admin = context.require_user()
    now = int(clock.now())
    try:
        expires_at = rules.expiry(now, expires_in_days)
    except ValueError as error:
        raise InvalidInput(str(error), field="expires_in_days") from None
    token_id = rules.new_token_id()
    value = rules.new_secret(context.tenant_id, token_id)
    try:
        hashed = rules.digest(_hash_key(), value)
    except ValueError:
        raise Conflict("Integration tokens are not configured on this platform.") from None
    token = IntegrationToken(
        token_id=token_id,
        name=name,
        role=role,
        created_by=admin,
        created_at=now,
        expires_at=expires_at,
    )
    attributes = {
        "token_id": token_id,
        "name": name,
        "role": role.value,
        "created_by": admin,
        "created_at": now,
        "expires_at": expires_at,
        "hash": hashed,
        "uses": 0,
    }
    TenantRepository(context).put(_PK, (token_id,), attributes, if_absent=True)
    audit.record(
        context,
        action="integration_token.create",
        outcome="success",
        source_ip=source_ip,
        target=token_id,
        details={"name": name, "role": role.value, "expires_at": str(expires_at)},
    )
    return token, value


def list_tokens(context: TenantContext) -> list[IntegrationToken]:
    """The tenant's tokens, newest first (no digest, no value)."""
    items = TenantRepository(context).query_all(_PK)
    return sorted((to_token(item) for item in items), key=lambda token: -token.created_at)


def revoke(context: TenantContext, token_id: str, *, source_ip: str) -> IntegrationToken:
    """Refused from the next request on, whatever the authorizer cached."""
    admin = context.require_user()
    repository = TenantRepository(context)
    item = repository.get(_PK, (token_id,))
    if item is None:
        raise NotFound("No such token.", field="token_id")
    token = to_token(item)
    if token.revoked_at is None:
        now = int(clock.now())
        repository.update(_PK, (token_id,), set_values={"revoked_at": now, "revoked_by": admin})
        token = to_token({**item, "revoked_at": now, "revoked_by": admin})
        audit.record(
            context,
            action="integration_token.revoke",
            outcome="success",
            source_ip=source_ip,
            target=token_id,
            details={"name": token.name},
        )
    return token


def _checked(
    context: TenantContext, token_id: str, source_ip: str, value: str | None
) -> IntegrationToken:
    item, tenant_item = TenantRepository(context).get_many([(_PK, (token_id,)), tenants.PROFILE])
    if tenant_item is None or tenant_item.get("status") != tenants.ACTIVE or item is None:
        raise Unauthenticated(_REFUSED)
    if value is not None:
        try:
            if not rules.matches(_hash_key(), value, str(item.get("hash", ""))):
                raise Unauthenticated(_REFUSED)
        except ValueError:
            raise Unauthenticated(_REFUSED) from None
    token = to_token(item)
    if token.state_at(int(clock.now())) is not TokenState.ACTIVE:
        raise Unauthenticated(_REFUSED)
    allowlist = [str(entry) for entry in tenant_item.get("ip_allowlist", [])]
    if not network.allowed(source_ip, allowlist):
        raise Forbidden("Access from this address is not allowed.")
    return token


def authenticate(bearer: str, source_ip: str) -> tuple[TenantContext, IntegrationToken]:
    """The authorizer's check of a presented value: its record's digest matches, it is
    neither revoked nor expired, its tenant active, the address allowed. Raises
    Unauthenticated or Forbidden (address)."""
    presented = rules.parse(bearer)
    if presented is None:
        raise Unauthenticated(_REFUSED)
    lookup = TenantContext.for_integration_token(
        presented.tenant_id, presented.token_id, Role.VIEWER
    )
    token = _checked(lookup, presented.token_id, source_ip, presented.value)
    return _context(presented.tenant_id, token), token


def current(
    tenant_id: str, token_id: str, source_ip: str
) -> tuple[TenantContext, IntegrationToken]:
    """The handlers' check on every request, after the authorizer (whose answer API Gateway
    caches): the same record read again, so revocation and expiry act at once."""
    lookup = TenantContext.for_integration_token(tenant_id, token_id, Role.VIEWER)
    token = _checked(lookup, token_id, source_ip, None)
    return _context(tenant_id, token), token


def _context(tenant_id: str, token: IntegrationToken) -> TenantContext:
    return TenantContext.for_integration_token(tenant_id, token.token_id, Role(token.role.value))


def record_use(
    context: TenantContext, token: IntegrationToken, *, route: str, status: int, source_ip: str
) -> None:
    """One request made with ``token``: counted and dated on its record (one update) and
    written to the tenant's audit log naming the token."""
    now = int(clock.now())
    TenantRepository(context).update(
        _PK, (token.token_id,), set_values={"last_used_at": now}, add={"uses": 1}
    )
    audit.record(
        context,
        action="integration_token.request",
        outcome="success" if status < 400 else "failure",
        source_ip=source_ip,
        actor=f"token:{token.token_id}",
        target=token.token_id,
        details={"name": token.name, "route": route, "status": str(status)},
    )
