"""Tenant keys: property tests that no key built for one tenant lies in another's space."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from footprint.domain import keys
from footprint.domain.tenancy import Proof, TenantContext

tenant_ids = st.from_regex(r"[a-z0-9][a-z0-9-]{2,20}", fullmatch=True)
parts = st.lists(st.text(min_size=0, max_size=30), min_size=1, max_size=5).map(tuple)


def _context(tenant_id: str) -> TenantContext:
    return TenantContext(tenant_id=tenant_id, proof=Proof.TOKEN)


@given(tenant_ids, tenant_ids, parts)
def test_a_key_begins_with_its_tenant_and_never_another(
    own: str, other: str, key_parts: tuple[str, ...]
) -> None:
    key = keys.tenant_key(_context(own), *key_parts)
    assert key.startswith(f"TENANT#{own}#")
    assert keys.tenant_of(key) == own
    if other != own:
        assert not key.startswith(keys.tenant_prefix(_context(other)))
        with pytest.raises(ValueError):
            keys.parts_of(_context(other), key)


@given(tenant_ids, parts)
def test_parts_round_trip_whatever_they_contain(tenant_id: str, key_parts: tuple[str, ...]) -> None:
    context = _context(tenant_id)
    assert keys.parts_of(context, keys.tenant_key(context, *key_parts)) == key_parts


@given(tenant_ids, parts)
def test_tenant_and_platform_key_spaces_never_meet(
    tenant_id: str, key_parts: tuple[str, ...]
) -> None:
    platform = keys.platform_key(*key_parts)
    assert keys.tenant_of(platform) is None
    assert not keys.tenant_key(_context(tenant_id), *key_parts).startswith(keys.PLATFORM_PREFIX)


@given(tenant_ids, st.text(max_size=40))
def test_a_part_cannot_forge_a_separator(tenant_id: str, hostile: str) -> None:
    key = keys.tenant_key(_context(tenant_id), hostile)
    assert key.count("#") == 2  # TENANT#<id>#<escaped part>


def test_keys_need_a_context_not_a_string() -> None:
    with pytest.raises(TypeError):
        keys.tenant_key("t-abc", "USER")  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", ["", "ab", "T-UPPER", "a#b", "x" * 64, "-lead", "a b c", "t-abc#"])
def test_a_context_refuses_malformed_tenant_ids(bad: str) -> None:
    with pytest.raises(ValueError):
        TenantContext.for_sign_in(bad)


def test_a_token_with_an_unknown_role_is_forbidden() -> None:
    from footprint.domain.errors import Forbidden

    with pytest.raises(Forbidden):
        TenantContext.from_verified_token("t-abc", "u-abc", "superuser")


def test_a_sort_range_includes_both_ends_and_whatever_begins_with_the_last() -> None:
    low, high = keys.sort_range("2026-03-01T01:00:00.000000Z", "2026-03-01")
    assert low <= "2026-03-01T01:00:00.000000Z#e1" <= high
    assert low <= "2026-03-01T23:59:59.999999Z#e2" <= high
    assert not low <= "2026-03-01T00:59:59.999999Z#e0" <= high
    assert not low <= "2026-03-02T00:00:00.000000Z#e3" <= high
