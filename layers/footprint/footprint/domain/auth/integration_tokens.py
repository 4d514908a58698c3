"""Integration tokens: the credentials a tenant's machine clients (an ERP export, a script)
call the API with instead of a person's account.

A token reads ``fpt_<tenant id>_<token id>_<secret>``: the prefix lets secret scanners find
a leaked one, the tenant and token ids let the authorizer read the one record it names, and
the secret is 256 random bits. Only a keyed digest of the whole token is stored
(HMAC-SHA-256 under a key from the platform's secret store): a secret this long cannot be
guessed, so a slow password hash (bcrypt) would add latency to every request and no
protection; the key keeps a stolen table from being checked offline against candidates.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from enum import StrEnum

from footprint.domain.tenancy import Role

PREFIX = "fpt_"
MAX_DAYS = 365
_DAY = 86_400
_FORM = re.compile(r"^fpt_([a-z0-9][a-z0-9-]{2,62})_([0-9a-f]{16})_([0-9a-f]{64})$")


class TokenRole(StrEnum):
    """The roles a token may act with: never admin (identity routes are people's) nor
    auditor (the audit log is read by people)."""

    EDITOR = Role.EDITOR.value
    VIEWER = Role.VIEWER.value


class TokenState(StrEnum):
    ACTIVE = "active"
    REVOKED = "revoked"
    EXPIRED = "expired"


@dataclass(frozen=True, slots=True)
class IntegrationToken:
    token_id: str
    name: str
    role: TokenRole
    created_by: str
    created_at: int
    expires_at: int
    revoked_at: int | None = None
    revoked_by: str | None = None
    last_used_at: int | None = None
    uses: int = 0

    def state_at(self, now: int) -> TokenState:
        if self.revoked_at is not None:
            return TokenState.REVOKED
        if self.expires_at <= now:
            return TokenState.EXPIRED
        return TokenState.ACTIVE


@dataclass(frozen=True, slots=True)
class PresentedToken:
    """A bearer value of the token form, split into what it names."""

    tenant_id: str
    token_id: str
    value: str


def new_token_id() -> str:
    return secrets.token_hex(8)


def new_secret(tenant_id: str, token_id: str) -> str:
    """The value shown to its creator once."""
    return f"{PREFIX}{tenant_id}_{token_id}_{secrets.token_hex(32)}"


def looks_like_token(bearer: str) -> bool:
    return bearer.startswith(PREFIX)


def parse(bearer: str) -> PresentedToken | None:
    match = _FORM.fullmatch(bearer)
    if match is None:
        return None
    return PresentedToken(tenant_id=match[1], token_id=match[2], value=bearer)


def digest(key: bytes, value: str) -> str:
    """The stored form of a token: HMAC-SHA-256 of the whole value under ``key``."""
    if not key:
        raise ValueError("no token hash key")
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def matches(key: bytes, value: str, stored: str) -> bool:
    return hmac.compare_digest(digest(key, value), stored)


def expiry(created_at: int, days: int) -> int:
    if not 1 <= days <= MAX_DAYS:
        raise ValueError(f"a token lasts 1 to {MAX_DAYS} days")
    return created_at + days * _DAY
