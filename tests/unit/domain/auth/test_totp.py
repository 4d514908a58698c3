"""TOTP (RFC 6238): a real generator's codes, one step of drift, replay refused."""

from __future__ import annotations

import base64

import pyotp

from footprint.domain.auth import totp

NOW = 1_800_000_000.0  # a fixed moment, so steps are known


def _code(secret: str, moment: float) -> str:
    return pyotp.TOTP(secret).at(moment)


def test_rfc6238_sha1_test_vector() -> None:
    # RFC 6238 Appendix B: secret "12345678901234567890", T = 59 s -> 94287082 (8 digits).
    seed = base64.b32encode(b"12345678901234567890").decode()
    assert pyotp.TOTP(seed, digits=8).at(59) == "94287082"
    assert totp.verify(seed, "287082", last_step=None, now=59).accepted  # its last six digits


def test_current_and_adjacent_steps_are_accepted_and_no_further() -> None:
    secret = totp.new_secret()
    for offset, accepted in ((-60, False), (-30, True), (0, True), (30, True), (60, False)):
        check = totp.verify(secret, _code(secret, NOW + offset), last_step=None, now=NOW)
        assert check.accepted is accepted, offset


def test_a_code_is_good_once() -> None:
    secret = totp.new_secret()
    code = _code(secret, NOW)
    first = totp.verify(secret, code, last_step=None, now=NOW)
    assert first.accepted
    again = totp.verify(secret, code, last_step=first.step, now=NOW + 5)
    assert not again.accepted
    assert again.replayed
    earlier = totp.verify(secret, _code(secret, NOW - 30), last_step=first.step, now=NOW)
    assert not earlier.accepted


def test_malformed_codes_are_refused() -> None:
    secret = totp.new_secret()
    for code in ("", "12345", "1234567", "abcdef", "12 34 5"):
        assert not totp.verify(secret, code, last_step=None, now=NOW).accepted


def test_provisioning_uri_names_issuer_and_account() -> None:
    secret = totp.new_secret()
    uri = totp.provisioning_uri(secret, "jane@example.com")
    assert uri.startswith("otpauth://totp/Footprint:jane%40example.com?")
    assert f"secret={secret}" in uri
    assert pyotp.parse_uri(uri).secret == secret


def test_recovery_codes_are_random_and_hashed_stably() -> None:
    codes = totp.new_recovery_codes()
    assert len(set(codes)) == totp.RECOVERY_CODE_COUNT
    assert totp.recovery_digest(codes[0]) == totp.recovery_digest(
        codes[0].upper().replace("-", " ")
    )
    assert codes[0] not in totp.recovery_digest(codes[0])
