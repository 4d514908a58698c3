"""Sessions: access tokens, rotating refresh tokens, reuse detection, sign-out.

A session item (``TENANT#<t>#USER#<u>`` / ``SESSION#<sid>``) keeps the digest of the one
refresh token currently valid and the digests of those it replaced. Presenting the current
one rotates it (conditional update, so two concurrent uses cannot both win); presenting a
replaced one means a copy leaked: the whole session is revoked and the reuse audited.
Refresh tokens read ``<tenant>.<user>.<session>.<secret>``; only the secret is confidential.

A session also ends when a cutoff passes its ``issued_at``: the user's ``sessions_valid_after``
(set when they are disabled, so enabling them again revives none of their tokens) and, for
password sessions, the tenant's ``password_sessions_valid_after`` (set when an admin turns
password sign-in off; that admin's own sessions are kept, so a mistake in the IdP settings
can still be put right). The guard and the refresh both check them.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from collections.abc import Mapping
from typing import Any, Literal

from boto3.dynamodb.conditions import Attr
from pydantic import BaseModel

from footprint.adapters import kms
from footprint.adapters.repository import ConditionFailed, TenantRepository
from footprint.domain.auth import tokens
from footprint.domain.errors import Unauthenticated
from footprint.domain.ids import valid_id
from footprint.domain.tenancy import TenantContext
from footprint.identity import audit, clock, tenants, users

REFRESH_SECONDS = 30 * 24 * 3600
AUDIENCE = "footprint-api"
ACTIVE, REVOKED = "active", "revoked"
_MAX_PREVIOUS = 100


class TokenSet(BaseModel):
    access_token: str
    refresh_token: str
    expires_in: int
    token_type: Literal["Bearer"] = "Bearer"  # noqa: S105 - the scheme's name


def issuer() -> str:
    return os.environ["FOOTPRINT_TOKEN_ISSUER"]


def access_token_seconds() -> int:
    """The access tokens' lifetime: ten minutes, or shorter where the environment says so
    (the browser tests' platform, to see the web app outlive a token)."""
    configured = os.environ.get("FOOTPRINT_ACCESS_TOKEN_SECONDS")
    return (
        min(int(configured), tokens.ACCESS_TOKEN_SECONDS)
        if configured
        else tokens.ACCESS_TOKEN_SECONDS
    )


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _address(user_id: str, session_id: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return ("USER", user_id), ("SESSION", session_id)


def _access_token(context: TenantContext, user: users.User, session_id: str) -> tuple[str, int]:
    return tokens.issue(
        signer=kms.sign,
        key_id=kms.signing_key_id(),
        issuer=issuer(),
        audience=AUDIENCE,
        tenant_id=context.tenant_id,
        user_id=user.user_id,
        role=user.role.value,
        session_id=session_id,
        lifetime=access_token_seconds(),
    )


def issue_tokens(
    context: TenantContext, user: users.User, *, source_ip: str, method: str
) -> TokenSet:
    """Open a session for ``user`` (already authenticated by ``method``) and audit it."""
    session_id = tenants.new_id("s")
    secret = secrets.token_urlsafe(32)
    TenantRepository(context).put(
        *_address(user.user_id, session_id),
        {
            "status": ACTIVE,
            "current": _digest(secret),
            "previous": [],
            "method": method,
            "created_at": clock.iso(),
            "issued_at": int(clock.now()),
            "source_ip": source_ip,
        },
        expires_at=int(clock.now()) + REFRESH_SECONDS,
        if_absent=True,
    )
    access, lifetime = _access_token(context, user, session_id)
    audit.record(
        context.acting_as(user.user_id, user.role),
        action="signin.success",
        outcome="success",
        source_ip=source_ip,
        details={"method": method},
    )
    return TokenSet(
        access_token=access,
        refresh_token=f"{context.tenant_id}.{user.user_id}.{session_id}.{secret}",
        expires_in=lifetime,
    )


def cut_off(session: Mapping[str, Any], user: Mapping[str, Any], tenant: Mapping[str, Any]) -> bool:
    """True when a cutoff came at or after the session was issued (see the module's doc);
    the stored session, user and tenant profile."""
    issued = int(session.get("issued_at", 0))
    if issued <= int(user.get("sessions_valid_after", 0)):
        return True
    if not str(session.get("method", "")).startswith("password"):
        return False
    return issued <= int(tenant.get("password_sessions_valid_after", 0)) and user.get(
        "user_id"
    ) != tenant.get("password_sessions_kept_for")


def _parse(refresh_token: str) -> tuple[TenantContext, str, str, str]:
    parts = refresh_token.split(".")
    if len(parts) != 4 or not all(valid_id(part) for part in parts[:3]) or not parts[3]:
        raise Unauthenticated("The refresh token is not valid.")
    tenant_id, user_id, session_id, secret = parts
    return TenantContext.for_sign_in(tenant_id), user_id, session_id, secret


def refresh(refresh_token: str, *, source_ip: str) -> TokenSet:
    refused = Unauthenticated("The refresh token is not valid.")
    context, user_id, session_id, secret = _parse(refresh_token)
    repository = TenantRepository(context)
    session = repository.get(*_address(user_id, session_id))
    if session is None or session.get("status") != ACTIVE:
        raise refused
    presented = _digest(secret)
    if not hmac.compare_digest(str(session["current"]), presented):
        if presented in session.get("previous", []):
            _revoke_for_reuse(context, user_id, session_id, source_ip)
        raise refused
    user = users.get_record(context, user_id)
    tenant = repository.get(*tenants.PROFILE)
    if (
        user is None
        or user.get("status") != users.ACTIVE
        or not tenant
        or tenant.get("status") != tenants.ACTIVE
        or cut_off(session, user, tenant)
    ):
        raise refused
    new_secret = secrets.token_urlsafe(32)
    previous = [*session.get("previous", []), presented][-_MAX_PREVIOUS:]
    try:
        repository.update(
            *_address(user_id, session_id),
            set_values={"current": _digest(new_secret), "previous": previous},
            condition=Attr("current").eq(presented) & Attr("status").eq(ACTIVE),
        )
    except ConditionFailed:
        # Another request rotated this very token first: two holders, so revoke.
        _revoke_for_reuse(context, user_id, session_id, source_ip)
        raise refused from None
    current = users.to_user(user_id, user)
    access, lifetime = _access_token(context, current, session_id)
    return TokenSet(
        access_token=access,
        refresh_token=f"{context.tenant_id}.{user_id}.{session_id}.{new_secret}",
        expires_in=lifetime,
    )


def _revoke_for_reuse(
    context: TenantContext, user_id: str, session_id: str, source_ip: str
) -> None:
    TenantRepository(context).update(
        *_address(user_id, session_id), set_values={"status": REVOKED, "revoked_reason": "reuse"}
    )
    audit.record(
        context,
        action="refresh.reuse_detected",
        outcome="failure",
        source_ip=source_ip,
        actor=user_id,
        target=session_id,
    )


def logout(refresh_token: str, *, source_ip: str, everywhere: bool = False) -> None:
    """Revoke the session the refresh token belongs to (its access tokens stop at once);
    ``everywhere``: every session of its user too, on every device."""
    context, user_id, session_id, secret = _parse(refresh_token)
    session = TenantRepository(context).get(*_address(user_id, session_id))
    if session is None:
        return
    known = [str(session["current"]), *session.get("previous", [])]
    if _digest(secret) not in known:
        raise Unauthenticated("The refresh token is not valid.")
    TenantRepository(context).update(
        *_address(user_id, session_id), set_values={"status": REVOKED, "revoked_reason": "logout"}
    )
    if everywhere:
        users.end_sessions(context, user_id)
    audit.record(
        context,
        action="signout.everywhere" if everywhere else "signout",
        outcome="success",
        source_ip=source_ip,
        actor=user_id,
    )


def session_active(context: TenantContext, user_id: str, session_id: str) -> bool:
    item: dict[str, Any] | None = TenantRepository(context).get(*_address(user_id, session_id))
    return item is not None and item.get("status") == ACTIVE
