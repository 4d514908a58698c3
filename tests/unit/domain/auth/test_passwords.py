"""Password rules (NIST SP 800-63B) and hashing (bcrypt cost 12, 72-byte limit handled)."""

from __future__ import annotations

import bcrypt
import pytest

from footprint.domain.auth import passwords
from footprint.domain.errors import InvalidInput


@pytest.mark.parametrize(
    ("candidate", "reason"),
    [
        ("short-pass1", "at least 12"),
        ("x" * 257, "at most 256"),
        ("qwertyasdfgh", "too common"),  # on the shipped list
        ("Password12345", "too common"),  # case does not hide it
        ("footprint2024", "too close"),
        ("jane.doe12345", "too close"),
        ("Jane.Doe@example.com", "must not be your e-mail"),
    ],
)
def test_policy_refuses(candidate: str, reason: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        passwords.check_policy(candidate, email="jane.doe@example.com")
    assert reason in refused.value.message
    assert refused.value.details == {"field": "new_password"}


@pytest.mark.parametrize(
    "candidate",
    ["correct horse battery staple", "Zürich-Straße-42", "🔑🔑🔑 long enough 🔑🔑🔑", "a" * 256],
)
def test_policy_admits_long_passwords_of_any_characters(candidate: str) -> None:
    passwords.check_policy(candidate, email="jane.doe@example.com")


def test_the_blocklist_is_shipped_and_cited() -> None:
    listed = passwords.common_passwords()
    assert len(listed) > 150
    assert all(len(entry) >= passwords.MIN_LENGTH for entry in listed)


def test_hash_is_bcrypt_at_cost_12_or_more() -> None:
    assert passwords.BCRYPT_COST >= 12
    stored = passwords.hash_password("correct horse battery staple")
    assert stored.startswith("$2b$")
    assert int(stored.split("$")[2]) >= 12
    assert passwords.verify_password("correct horse battery staple", stored)
    assert not passwords.verify_password("correct horse battery stapler", stored)


def test_bytes_beyond_72_still_count() -> None:
    # Raw bcrypt ignores everything after byte 72; the pre-hash makes every byte count.
    base = "x" * 80
    stored = passwords.hash_password(base + "A", cost=4)
    assert not passwords.verify_password(base + "B", stored)
    # What we avoid: bcrypt 5 refuses more than 72 bytes (older versions truncated silently).
    with pytest.raises(ValueError, match="72 bytes"):
        bcrypt.hashpw((base + "A").encode(), bcrypt.gensalt(rounds=4))


def test_unicode_forms_are_one_password() -> None:
    stored = passwords.hash_password("Ame\u0301lie-long-password", cost=4)  # combining accent
    assert passwords.verify_password("Am\u00e9lie-long-password", stored)  # precomposed


def test_dummy_check_costs_a_real_bcrypt_check(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[bytes] = []
    real = bcrypt.checkpw

    def counting(password: bytes, hashed: bytes) -> bool:
        calls.append(hashed)
        return real(password, hashed)

    monkeypatch.setattr(bcrypt, "checkpw", counting)
    passwords.burn_equal_time("anything at all")
    assert len(calls) == 1
    assert int(calls[0].split(b"$")[2]) == passwords.BCRYPT_COST
