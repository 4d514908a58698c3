"""Access tokens: compact JWS (RFC 7515/7519), RS256, signed by a key that never leaves KMS.

The domain builds the signing input and checks a token; the signature itself comes from a
``Signer`` (KMS in AWS and on the local platform). Verification pins the algorithm (RS256,
nothing else: no ``none``, no HMAC confusion with the public key) and the key id, then checks
``iss``, ``aud``, ``exp``/``iat``/``nbf`` and ``token_use``.
"""

from __future__ import annotations

import base64
import json
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

ALGORITHM = "RS256"
ACCESS_TOKEN_SECONDS = 600
CLOCK_SKEW_SECONDS = 30
TOKEN_USE = "access"  # noqa: S105 - a claim value, not a secret

# signing input (under 4 KB, so KMS takes it as a RAW message) -> RSASSA-PKCS1-v1_5 SHA-256
Signer = Callable[[bytes], bytes]


class InvalidToken(Exception):
    """The token is not one we issued, or no longer valid. The message is for our logs only."""


@dataclass(frozen=True)
class AccessClaims:
    tenant_id: str
    user_id: str
    role: str
    session_id: str
    expires_at: int


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
    tenant_id: str,
    user_id: str,
    role: str,
    session_id: str,
    now: float | None = None,
    lifetime: int = ACCESS_TOKEN_SECONDS,
) -> tuple[str, int]:
    """A signed access token and its lifetime in seconds (at most ``ACCESS_TOKEN_SECONDS``)."""
    if not 0 < lifetime <= ACCESS_TOKEN_SECONDS:
        raise ValueError(f"an access token lives 1 to {ACCESS_TOKEN_SECONDS} seconds")
    issued = int(time.time() if now is None else now)
    header = {"alg": ALGORITHM, "typ": "JWT", "kid": key_id}
    claims = {
        "iss": issuer,
        "aud": audience,
        "sub": user_id,
        "tenant_id": tenant_id,
        "role": role,
        "sid": session_id,
        "token_use": TOKEN_USE,
        "iat": issued,
        "nbf": issued,
        "exp": issued + lifetime,
        "jti": uuid.uuid4().hex,
    }
    signing_input = f"{_segment(header)}.{_segment(claims)}"
    signature = signer(signing_input.encode("ascii"))
    return f"{signing_input}.{_b64(signature)}", lifetime


def verify(
    token: str,
    *,
    public_key: rsa.RSAPublicKey,
    key_id: str,
    issuer: str,
    audience: str,
    now: float | None = None,
) -> AccessClaims:
    """The claims of a valid access token; raises ``InvalidToken`` for anything else."""
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
    expires, issued, not_before = claims.get("exp"), claims.get("iat"), claims.get("nbf")
    if not (isinstance(expires, int) and isinstance(issued, int) and isinstance(not_before, int)):
        raise InvalidToken("missing times")
    if expires <= moment:
        raise InvalidToken("expired")
    if not_before > moment + CLOCK_SKEW_SECONDS or issued > moment + CLOCK_SKEW_SECONDS:
        raise InvalidToken("not yet valid")
    if expires - issued > ACCESS_TOKEN_SECONDS:
        raise InvalidToken("lifetime too long")
    fields = [claims.get(name) for name in ("tenant_id", "sub", "role", "sid")]
    if not all(isinstance(value, str) and value for value in fields):
        raise InvalidToken("missing claims")
    tenant_id, user_id, role, session_id = (str(value) for value in fields)
    return AccessClaims(tenant_id, user_id, role, session_id, expires)
