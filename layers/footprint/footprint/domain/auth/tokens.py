"""Access tokens: compact JWS (RFC 7515/7519), RS256, signed by a key that never leaves KMS.

The domain builds the signing input and checks a token; the signature itself comes from a
``Signer`` (KMS in AWS and on the local platform). Verification pins the algorithm (RS256,
nothing else: no ``none``, no HMAC confusion with the public key) and the key id, then checks
``iss``, ``aud``, ``exp``/``iat``/``nbf`` and ``token_use``.

Two realms sign in: a tenant's users and the platform's staff. A token names its realm (the
``realm`` claim) and is issued for that realm's audience, so a staff token is never taken for
a tenant user's, nor the reverse; a staff token is shorter-lived and names no tenant.
"""

from __future__ import annotations

import base64
import json
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

ALGORITHM = "RS256"
ACCESS_TOKEN_SECONDS = 600
STAFF_ACCESS_TOKEN_SECONDS = 900
CLOCK_SKEW_SECONDS = 30
TOKEN_USE = "access"  # noqa: S105 - a claim value, not a secret

# signing input (under 4 KB, so KMS takes it as a RAW message) -> RSASSA-PKCS1-v1_5 SHA-256
Signer = Callable[[bytes], bytes]


class Realm(StrEnum):
    """Who a token speaks for: a user of one tenant, or a member of the platform's staff."""

    TENANT = "tenant"
    STAFF = "staff"


LIFETIMES = {Realm.TENANT: ACCESS_TOKEN_SECONDS, Realm.STAFF: STAFF_ACCESS_TOKEN_SECONDS}


class InvalidToken(Exception):
    """The token is not one we issued, or no longer valid. The message is for our logs only."""


@dataclass(frozen=True)
class AccessClaims:
    tenant_id: str  # "" for a staff token
    user_id: str  # the user's or the staff member's id
    role: str
    session_id: str
    expires_at: int
    realm: Realm = Realm.TENANT


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _segment(value: dict[str, Any]) -> str:
    return _b64(json.dumps(value, separators=(",", ":")).encode("utf-8"))


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def issue(
    *,
    signer: Signer,
    key_id: str,
    issuer: str,
    audience: str,
    tenant_id: str | None,
    user_id: str,
    role: str,
    session_id: str,
    realm: Realm = Realm.TENANT,
    now: float | None = None,
    lifetime: int | None = None,
) -> tuple[str, int]:
    """A signed access token and its lifetime in seconds: the realm's, or ``lifetime`` when
    that is shorter (a staff token names no tenant)."""
    if (realm is Realm.TENANT) != bool(tenant_id):
        raise ValueError("a tenant user's token names their tenant; a staff token none")
    longest = LIFETIMES[realm]
    lifetime = longest if lifetime is None else lifetime
    if not 0 < lifetime <= longest:
        raise ValueError(f"an access token lives 1 to {longest} seconds")
    issued = int(time.time() if now is None else now)
    header = {"alg": ALGORITHM, "typ": "JWT", "kid": key_id}
    claims: dict[str, Any] = {
        "iss": issuer,
        "aud": audience,
        "sub": user_id,
        "realm": realm.value,
        "role": role,
        "sid": session_id,
        "token_use": TOKEN_USE,
        "iat": issued,
        "nbf": issued,
        "exp": issued + lifetime,
        "jti": uuid.uuid4().hex,
    }
    if tenant_id:
        claims["tenant_id"] = tenant_id
    signing_input = f"{_segment(header)}.{_segment(claims)}"
    signature = signer(signing_input.encode("ascii"))
    return f"{signing_input}.{_b64(signature)}", lifetime


def unverified_audience(token: str) -> str:
    """The ``aud`` a token claims, read before anything is verified: only to choose which
    realm's checks ``verify`` applies (a token whose claims do not hold for it is refused)."""
    parts = token.split(".")
    if len(parts) != 3 or len(token) > 4096:
        raise InvalidToken("malformed")
    try:
        claims = json.loads(_unb64(parts[1]))
    except (ValueError, UnicodeDecodeError) as error:
        raise InvalidToken("undecodable") from error
    audience = claims.get("aud") if isinstance(claims, dict) else None
    if not isinstance(audience, str):
        raise InvalidToken("no audience")
    return audience


def verify(
    token: str,
    *,
    public_key: rsa.RSAPublicKey,
    key_id: str,
    issuer: str,
    audience: str,
    realm: Realm = Realm.TENANT,
    now: float | None = None,
) -> AccessClaims:
    """The claims of a valid access token of ``realm``; raises ``InvalidToken`` for anything
    else. A token without a ``realm`` claim is a tenant user's."""
    parts = token.split(".")
    if len(parts) != 3 or len(token) > 4096:
        raise InvalidToken("malformed")
    try:
        header: dict[str, Any] = json.loads(_unb64(parts[0]))
        claims: dict[str, Any] = json.loads(_unb64(parts[1]))
        signature = _unb64(parts[2])
    except (ValueError, UnicodeDecodeError) as error:
        raise InvalidToken("undecodable") from error
    if not isinstance(header, dict) or not isinstance(claims, dict):
        raise InvalidToken("malformed")
    if header.get("alg") != ALGORITHM or header.get("typ") != "JWT":
        raise InvalidToken("algorithm not allowed")
    if header.get("kid") != key_id:
        raise InvalidToken("unknown key")
    try:
        public_key.verify(
            signature,
            f"{parts[0]}.{parts[1]}".encode("ascii"),
            padding.PKCS1v15(),
            hashes.SHA256(),
        )
    except InvalidSignature as error:
        raise InvalidToken("bad signature") from error
    moment = time.time() if now is None else now
    if claims.get("iss") != issuer:
        raise InvalidToken("wrong issuer")
    if claims.get("aud") != audience:
        raise InvalidToken("wrong audience")
    if claims.get("token_use") != TOKEN_USE:
        raise InvalidToken("wrong token use")
    if claims.get("realm", Realm.TENANT.value) != realm.value:
        raise InvalidToken("wrong realm")
    expires, issued, not_before = claims.get("exp"), claims.get("iat"), claims.get("nbf")
    if not (isinstance(expires, int) and isinstance(issued, int) and isinstance(not_before, int)):
        raise InvalidToken("missing times")
    if expires <= moment:
        raise InvalidToken("expired")
    if not_before > moment + CLOCK_SKEW_SECONDS or issued > moment + CLOCK_SKEW_SECONDS:
        raise InvalidToken("not yet valid")
    if expires - issued > LIFETIMES[realm]:
        raise InvalidToken("lifetime too long")
    names = ("sub", "role", "sid") if realm is Realm.STAFF else ("tenant_id", "sub", "role", "sid")
    fields = [claims.get(name) for name in names]
    if not all(isinstance(value, str) and value for value in fields):
        raise InvalidToken("missing claims")
    if realm is Realm.STAFF and "tenant_id" in claims:
        raise InvalidToken("a staff token names no tenant")
    *tenant, user_id, role, session_id = (str(value) for value in fields)
    return AccessClaims(tenant[0] if tenant else "", user_id, role, session_id, expires, realm)
