"""Sessions: access tokens, rotating refresh tokens, reuse detection, sign-out.

A session item (``<account's partition>`` / ``SESSION#<sid>``: ``TENANT#<t>#USER#<u>`` for a
tenant's user, ``PLATFORM#STAFF#<s>`` for staff) keeps the digest of the one refresh token
currently valid and the digests of those it replaced. Presenting the current one rotates it
(conditional update, so two concurrent uses cannot both win); presenting a replaced one means
a copy leaked: the whole session is revoked and the reuse audited. Refresh tokens read
``<scope>.<account>.<session>.<secret>`` (scope: the tenant's id, or ``staff``); only the
secret is confidential. A session lasts 30 days for a tenant's user and 8 hours for staff,
from sign-in (rotation does not extend it); their access tokens 10 and 15 minutes.

A session also ends when a cutoff passes its ``issued_at`` (``accounts.tenant_cut_off``, and
a disabled member of staff's ``sessions_valid_after``). The guard and the refresh check them.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from typing import Any, Literal

from boto3.dynamodb.conditions import Attr
from pydantic import BaseModel, Field

from footprint.adapters import kms
from footprint.adapters.repository import ConditionFailed
from footprint.domain.auth import tokens
from footprint.domain.auth.tokens import Realm
from footprint.domain.errors import Unauthenticated
from footprint.domain.tenancy import TenantContext
from footprint.identity import clock, tenants, users
from footprint.identity.accounts import Account, TenantAccount, from_scope

REFRESH_SECONDS = TenantAccount.refresh_seconds
AUDIENCES = {Realm.TENANT: "footprint-api", Realm.STAFF: "footprint-staff"}
AUDIENCE = AUDIENCES[Realm.TENANT]
ACTIVE, REVOKED = "active", "revoked"
_MAX_PREVIOUS = 100
_REFUSED = "The refresh token is not valid."


class TokenSet(BaseModel):
    access_token: str
    refresh_token: str
    expires_in: int
    token_type: Literal["Bearer"] = "Bearer"  # noqa: S105 - the scheme's name


def issuer() -> str:
    return os.environ["FOOTPRINT_TOKEN_ISSUER"]


def access_token_seconds(realm: Realm) -> int:
    """The realm's access-token lifetime, or shorter where the environment says so (the
    browser tests' platform, to see the web app outlive a token)."""
    longest = tokens.LIFETIMES[realm]
    configured = os.environ.get("FOOTPRINT_ACCESS_TOKEN_SECONDS")
    return min(int(configured), longest) if configured else longest


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _address(account: Account, session_id: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return account.partition, ("SESSION", session_id)


def _access_token(account: Account, role: str, session_id: str) -> tuple[str, int]:
    return tokens.issue(
        signer=kms.sign,
        key_id=kms.signing_key_id(),
        issuer=issuer(),
        audience=AUDIENCES[account.realm],
        tenant_id=account.context.tenant_id if isinstance(account, TenantAccount) else None,
        user_id=account.account_id,
        role=role,
        session_id=session_id,
        realm=account.realm,
        lifetime=access_token_seconds(account.realm),
    )


def verify_access_token(token: str) -> tokens.AccessClaims:
    """The claims of one of our access tokens, of either realm (its audience says which);
    raises ``tokens.InvalidToken``."""
    audience = tokens.unverified_audience(token)
    realm = next((realm for realm, known in AUDIENCES.items() if known == audience), None)
    if realm is None:
        raise tokens.InvalidToken("wrong audience")
    key_id = kms.signing_key_id()
    return tokens.verify(
        token,
        public_key=kms.public_key(key_id),
        key_id=key_id,
        issuer=issuer(),
        audience=audience,
        realm=realm,
    )


def issue_tokens(
    context: TenantContext,
    user: users.User,
    *,
    source_ip: str,
    method: str,
    device: str | None = None,
) -> TokenSet:
    """Open a session for a tenant's ``user`` (already authenticated by ``method``)."""
    account = TenantAccount(context, user.user_id)
    return open_session(account, user.role.value, source_ip=source_ip, method=method, device=device)


def open_session(
    account: Account, role: str, *, source_ip: str, method: str, device: str | None = None
) -> TokenSet:
    """Open a session for ``account`` (already authenticated by ``method``) and audit it.
    ``device`` is the coarse label of the caller's device (``domain.auth.devices``), shown in
    the person's session list; never the User-Agent itself."""
    session_id = tenants.new_id("s")
    secret = secrets.token_urlsafe(32)
    account.store().put(
        *_address(account, session_id),
        {
            "session_id": session_id,
            "status": ACTIVE,
            "current": _digest(secret),
            "previous": [],
            "method": method,
            "created_at": clock.iso(),
            "issued_at": int(clock.now()),
            "source_ip": source_ip,
            **({"device": device} if device else {}),
        },
        expires_at=int(clock.now()) + account.refresh_seconds,
        if_absent=True,
    )
    access, lifetime = _access_token(account, role, session_id)
    account.audit(
        action="signin.success",
        outcome="success",
        source_ip=source_ip,
        details={"method": method},
    )
    account.signed_in(method)
    return TokenSet(
        access_token=access,
        refresh_token=f"{account.scope}.{account.account_id}.{session_id}.{secret}",
        expires_in=lifetime,
    )


def _parse(refresh_token: str, realm: Realm) -> tuple[Account, str, str]:
    parts = refresh_token.split(".")
    if len(parts) != 4 or not parts[3]:
        raise Unauthenticated(_REFUSED)
    scope, account_id, session_id, secret = parts
    account = from_scope(scope, account_id, realm, _REFUSED)
    return account, session_id, secret


def refresh(refresh_token: str, *, source_ip: str, realm: Realm = Realm.TENANT) -> TokenSet:
    refused = Unauthenticated(_REFUSED)
    account, session_id, secret = _parse(refresh_token, realm)
    repository = account.store()
    session, record, ended = account.standing(session_id)
    if session is None or session.get("status") != ACTIVE:
        raise refused
    presented = _digest(secret)
    if not hmac.compare_digest(str(session["current"]), presented):
        if presented in session.get("previous", []):
            _revoke_for_reuse(account, session_id, source_ip)
        raise refused
    if record is None or not account.active(record) or ended:
        raise refused
    new_secret = secrets.token_urlsafe(32)
    previous = [*session.get("previous", []), presented][-_MAX_PREVIOUS:]
    try:
        repository.update(
            *_address(account, session_id),
            set_values={
                "current": _digest(new_secret),
                "previous": previous,
                "last_used_at": clock.iso(),
                "last_ip": source_ip,
            },
            condition=Attr("current").eq(presented) & Attr("status").eq(ACTIVE),
        )
    except ConditionFailed:
        # Another request rotated this very token first: two holders, so revoke.
        _revoke_for_reuse(account, session_id, source_ip)
        raise refused from None
    access, lifetime = _access_token(account, str(record["role"]), session_id)
    return TokenSet(
        access_token=access,
        refresh_token=f"{account.scope}.{account.account_id}.{session_id}.{new_secret}",
        expires_in=lifetime,
    )


def _revoke_for_reuse(account: Account, session_id: str, source_ip: str) -> None:
    account.store().update(
        *_address(account, session_id), set_values={"status": REVOKED, "revoked_reason": "reuse"}
    )
    account.audit(
        action="refresh.reuse_detected", outcome="failure", source_ip=source_ip, target=session_id
    )


def logout(
    refresh_token: str, *, source_ip: str, realm: Realm = Realm.TENANT, everywhere: bool = False
) -> None:
    """Revoke the session the refresh token belongs to (its access tokens stop at once);
    ``everywhere``: every session of its owner too, on every device."""
    account, session_id, secret = _parse(refresh_token, realm)
    session = account.store().get(*_address(account, session_id))
    if session is None:
        return
    known = [str(session["current"]), *session.get("previous", [])]
    if _digest(secret) not in known:
        raise Unauthenticated(_REFUSED)
    account.store().update(
        *_address(account, session_id), set_values={"status": REVOKED, "revoked_reason": "logout"}
    )
    if everywhere:
        account.end_sessions()
    account.audit(
        action="signout.everywhere" if everywhere else "signout",
        outcome="success",
        source_ip=source_ip,
    )


def session_of(account: Account, session_id: str) -> dict[str, Any] | None:
    return account.store().get(*_address(account, session_id))


def session_active(context: TenantContext, user_id: str, session_id: str) -> bool:
    item = session_of(TenantAccount(context, user_id), session_id)
    return item is not None and item.get("status") == ACTIVE


class SessionView(BaseModel):
    """One of a person's sessions, as they see it in their list."""

    session_id: str
    method: str
    source_ip: str
    device: str | None = Field(
        description='The browser and system it was opened from ("Chrome on Windows"); null for '
        "a session opened before devices were recorded"
    )
    created_at: str
    last_used_at: str
    current: bool


def list_sessions(account: Account, current_session: str) -> list[SessionView]:
    """The account's live sessions (not revoked, expired nor cut off), newest first."""
    record = account.record() or {}
    others = account.store().get_many(account.cut_off_items())
    # A person has a handful of sessions at a time: one page holds them.
    page = account.store().query(account.partition, sk_prefix=("SESSION",), limit=1000)
    views = []
    for item in page.items:
        sk = str(item.get("session_id", ""))
        if not sk or item.get("status") != ACTIVE or account.cut_off(item, record, others):
            continue
        views.append(
            SessionView(
                session_id=sk,
                method=str(item.get("method", "")),
                source_ip=str(item.get("last_ip", item.get("source_ip", ""))),
                device=str(item["device"]) if item.get("device") else None,
                created_at=str(item.get("created_at", "")),
                last_used_at=str(item.get("last_used_at", item.get("created_at", ""))),
                current=sk == current_session,
            )
        )
    return sorted(views, key=lambda view: view.created_at, reverse=True)


def end_session(account: Account, session_id: str, *, reason: str) -> bool:
    """Revoke one session of the account (its refresh and access tokens stop at once: the
    guard reads the session on every request); False when it is not a live one of theirs."""
    try:
        account.store().update(
            *_address(account, session_id),
            set_values={"status": REVOKED, "revoked_reason": reason},
            condition=Attr("status").eq(ACTIVE),
        )
    except ConditionFailed:
        return False
    return True
