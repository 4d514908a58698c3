"""Password rules (NIST SP 800-63B-4 section 3.1.1.2) and hashing (bcrypt, cost 12).

Rules: at least 12 characters (800-63B asks 8 when the password is one factor of several;
TOTP is mandatory here, and 12 gives margin), at most 256, any characters (spaces and
Unicode included, NFKC-normalised as 800-63B recommends), not on the common-password list,
not the e-mail or the service name. No composition rules, no expiry: 800-63B advises against
both.

bcrypt reads at most 72 bytes of its input and stops at a NUL byte, so a long password
would be silently truncated. We pre-hash deliberately: ``base64(HMAC-SHA256(label, password))``
is 44 ASCII bytes with no NUL, so every byte of the password counts. The HMAC key is a fixed,
public domain-separation label (not a secret): it only keeps our inputs from being plain
SHA-256 digests, so a leaked unsalted SHA-256 list cannot be "shucked" against our hashes.
The salt and the cost stay bcrypt's.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import unicodedata
from functools import cache
from importlib import resources

import bcrypt

from footprint.domain.errors import InvalidInput

TEMPORARY_PASSWORD_SECONDS = 7 * 24 * 3600  # an operator's temporary password, unused, expires
MIN_LENGTH = 12
MAX_LENGTH = 256
BCRYPT_COST = 12
_PREHASH_LABEL = b"footprint/password/v1"
_CONTEXT_WORDS = ("footprint",)


@cache
def common_passwords() -> frozenset[str]:
    """The blocklist shipped in ``footprint/data/security/common-passwords.txt`` (cited there)."""
    text = (
        resources.files("footprint.data")
        .joinpath("security/common-passwords.txt")
        .read_text(encoding="utf-8")
    )
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def normalise(password: str) -> str:
    return unicodedata.normalize("NFKC", password)


def check_policy(password: str, *, email: str = "") -> None:
    """Raise ``InvalidInput`` (field ``new_password``) when ``password`` breaks a rule."""
    value = normalise(password)
    field = "new_password"
    if len(value) < MIN_LENGTH:
        raise InvalidInput(f"The password must have at least {MIN_LENGTH} characters.", field=field)
    if len(value) > MAX_LENGTH:
        raise InvalidInput(f"The password must have at most {MAX_LENGTH} characters.", field=field)
    lowered = value.lower()
    if lowered in common_passwords():
        raise InvalidInput("This password is too common; choose another.", field=field)
    if email and lowered == email.strip().lower():
        raise InvalidInput("The password must not be your e-mail.", field=field)
    local_part = email.split("@", 1)[0].lower()
    words = [*_CONTEXT_WORDS, *([local_part] if len(local_part) >= 3 else [])]
    for word in words:
        # "footprint2024!!" or "jane.doe123456" is mostly a word an attacker tries first.
        if word in lowered and len(lowered.replace(word, "")) < 8:
            raise InvalidInput(
                "The password is too close to your e-mail or the service name.", field=field
            )


def _prehash(password: str) -> bytes:
    digest = hmac.new(_PREHASH_LABEL, normalise(password).encode("utf-8"), hashlib.sha256).digest()
    return base64.b64encode(digest)


def hash_password(password: str, *, cost: int | None = None) -> str:
    rounds = BCRYPT_COST if cost is None else cost
    return bcrypt.hashpw(_prehash(password), bcrypt.gensalt(rounds=rounds)).decode("ascii")


def verify_password(password: str, stored_hash: str) -> bool:
    return bcrypt.checkpw(_prehash(password), stored_hash.encode("ascii"))


@cache
def _dummy_hash() -> str:
    return hash_password("footprint dummy password, never matches anything")


def burn_equal_time(password: str) -> None:
    """One bcrypt check at our cost against a dummy hash: an unknown e-mail takes as long
    to refuse as a wrong password does."""
    verify_password(password, _dummy_hash())


def stored_password(
    password_hash: str, *, temporary: bool, now: float
) -> tuple[dict[str, object], tuple[str, ...]]:
    """The profile attributes to set and to remove for a new password: a temporary one (an
    operator's) is changed at first sign-in and, unused, expires; one's own does not."""
    changes: dict[str, object] = {"password_hash": password_hash, "password_temporary": temporary}
    if temporary:
        changes["password_expires_at"] = int(now) + TEMPORARY_PASSWORD_SECONDS
        return changes, ()
    return changes, ("password_expires_at",)
