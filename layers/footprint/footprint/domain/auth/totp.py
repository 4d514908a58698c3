"""TOTP (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits, as every authenticator app uses).

A code is accepted for the current step or one step either side (clock drift), and only
for a step later than the last one accepted for the account, so a code is good once: the
caller stores ``accepted_step`` and passes it back as ``last_step`` next time.
Recovery codes are random, shown once, and stored as SHA-256 digests (they carry 80 bits
of entropy, so a slow hash adds nothing).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass

import pyotp

ISSUER = "Footprint"
STEP_SECONDS = 30
DRIFT_STEPS = 1
RECOVERY_CODE_COUNT = 10


def new_secret() -> str:
    return pyotp.random_base32(length=32)  # 160 bits, RFC 4226's recommended length


def provisioning_uri(secret: str, account: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=account, issuer_name=ISSUER)


@dataclass(frozen=True)
class Verification:
    accepted: bool
    step: int | None = None  # the time step the code matched, to store as the new last step
    replayed: bool = False


def verify(
    secret: str, code: str, *, last_step: int | None, now: float | None = None
) -> Verification:
    """Check ``code`` against steps now-1, now, now+1, refusing any step <= ``last_step``."""
    candidate = code.strip().replace(" ", "")
    if not (candidate.isdigit() and len(candidate) == 6):
        return Verification(False)
    totp = pyotp.TOTP(secret)
    current = int((time.time() if now is None else now) // STEP_SECONDS)
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.generate_otp(step), candidate):
            if last_step is not None and step <= last_step:
                return Verification(False, step, replayed=True)
            return Verification(True, step)
    return Verification(False)


def new_recovery_codes() -> list[str]:
    """Ten codes like ``k3f9-x2mq-7hd4-pa8w`` (16 base-32 characters, 80 bits)."""
    alphabet = "abcdefghijkmnpqrstuvwxyz23456789"
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(alphabet) for _ in range(16))
        codes.append("-".join(raw[i : i + 4] for i in range(0, 16, 4)))
    return codes


def recovery_digest(code: str) -> str:
    normalised = code.strip().lower().replace("-", "").replace(" ", "")
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()
