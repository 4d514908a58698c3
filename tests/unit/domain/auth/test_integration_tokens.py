"""The token form, its keyed digest and its lifetime (pure rules)."""

from __future__ import annotations

import pytest

from footprint.domain.auth import integration_tokens as rules
from footprint.domain.auth.integration_tokens import IntegrationToken, TokenRole, TokenState

KEY = b"platform-secret"


def test_a_value_names_its_tenant_and_token_and_carries_256_random_bits() -> None:
    token_id = rules.new_token_id()
    value = rules.new_secret("t-acme", token_id)
    presented = rules.parse(value)
    assert presented is not None
    assert (presented.tenant_id, presented.token_id) == ("t-acme", token_id)
    assert len(value.rsplit("_", 1)[1]) == 64
    assert value != rules.new_secret("t-acme", token_id)
    assert rules.looks_like_token(value)


@pytest.mark.parametrize(
    "value",
    ["fpt_", "fpt_t-acme_0123456789abcdef_short", "xpt_t-acme_0123456789abcdef_" + "0" * 64],
)
def test_other_forms_are_not_tokens(value: str) -> None:
    assert rules.parse(value) is None


def test_the_digest_depends_on_the_key_and_matches_only_its_value() -> None:
    value = rules.new_secret("t-acme", rules.new_token_id())
    stored = rules.digest(KEY, value)
    assert value not in stored
    assert rules.matches(KEY, value, stored)
    assert not rules.matches(b"another-key", value, stored)
    assert not rules.matches(KEY, value[:-1] + "x", stored)
    with pytest.raises(ValueError, match="key"):
        rules.digest(b"", value)


def test_a_token_lasts_one_to_365_days_and_ends_revoked_or_expired() -> None:
    assert rules.expiry(1000, 1) == 1000 + 86_400
    for days in (0, 366):
        with pytest.raises(ValueError, match="365"):
            rules.expiry(1000, days)
    token = IntegrationToken("0123456789abcdef", "ERP", TokenRole.VIEWER, "u-admin", 0, 100)
    assert token.state_at(99) is TokenState.ACTIVE
    assert token.state_at(100) is TokenState.EXPIRED
    revoked = IntegrationToken(
        "0123456789abcdef", "ERP", TokenRole.VIEWER, "u-admin", 0, 100, revoked_at=50
    )
    assert revoked.state_at(60) is TokenState.REVOKED
