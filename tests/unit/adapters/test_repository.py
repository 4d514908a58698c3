"""The tenant-scoped repository: tenant-tagged credentials, and no key outside the tenant."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from footprint.adapters.repository import (
    ConditionFailed,
    Delete,
    PlatformRepository,
    Put,
    TenantRepository,
    Update,
)
from footprint.domain import keys
from footprint.domain.tenancy import TenantContext
from tests.support.identity import Stack, table_items


def test_tenant_data_goes_through_credentials_tagged_with_the_tenant(
    identity: Stack, assumed_roles: list[dict[str, Any]]
) -> None:
    TenantRepository(TenantContext.for_sign_in("t-one")).put(("X",), ("Y",), {"v": 1})
    TenantRepository(TenantContext.for_sign_in("t-one")).get(("X",), ("Y",))  # cached
    TenantRepository(TenantContext.for_sign_in("t-two")).get(("X",), ("Y",))
    assert [call["Tags"] for call in assumed_roles] == [
        [{"Key": "tenant_id", "Value": "t-one"}],
        [{"Key": "tenant_id", "Value": "t-two"}],
    ]
    assert all(call["RoleArn"].endswith("-tenant") for call in assumed_roles)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(st.text(max_size=12), min_size=1, max_size=3).map(tuple),
    st.text(min_size=1, max_size=12),
)
def test_whatever_the_parts_items_land_under_the_tenant(
    identity: Stack, pk: tuple[str, ...], sk: str
) -> None:
    context = TenantContext.for_sign_in("t-prop")
    repository = TenantRepository(context)
    repository.put(pk, (sk,), {"v": 1}, gsi1=(pk, (sk,)))
    assert repository.get(pk, (sk,)) == {"v": 1}
    (item,) = [
        i
        for i in table_items()
        if i["pk"] == keys.tenant_key(context, *pk) and i["sk"] == keys.escape_sort((sk,))
    ]
    assert keys.tenant_of(item["pk"]) == "t-prop"
    assert keys.tenant_of(item["gsi1pk"]) == "t-prop"


def test_an_empty_sort_key_is_refused(identity: Stack) -> None:
    with pytest.raises(ValueError, match="empty"):
        TenantRepository(TenantContext.for_sign_in("t-one")).put(("A",), ("",), {"v": 1})


def test_a_cursor_from_another_tenant_is_refused(identity: Stack) -> None:
    mine = TenantRepository(TenantContext.for_sign_in("t-mine"))
    with pytest.raises(PermissionError):
        mine.query(("AUDIT",), cursor={"pk": "TENANT#t-theirs#AUDIT", "sk": "x"})


def test_the_same_parts_in_two_tenants_are_two_items(identity: Stack) -> None:
    one = TenantRepository(TenantContext.for_sign_in("t-one"))
    two = TenantRepository(TenantContext.for_sign_in("t-two"))
    one.put(("USER", "u-1"), ("PROFILE",), {"name": "one"})
    assert two.get(("USER", "u-1"), ("PROFILE",)) is None
    with pytest.raises(ConditionFailed):
        two.update(("USER", "u-1"), ("PROFILE",), set_values={"name": "stolen"})
    assert one.get(("USER", "u-1"), ("PROFILE",)) == {"name": "one"}


def test_key_attributes_cannot_be_overwritten(identity: Stack) -> None:
    one = TenantRepository(TenantContext.for_sign_in("t-one"))
    one.put(("A",), ("B",), {"pk": "TENANT#t-two#A", "v": 1})
    assert one.get(("A",), ("B",)) == {"v": 1}
    with pytest.raises(ValueError, match="key attributes"):
        one.update(("A",), ("B",), set_values={"pk": "TENANT#t-two#A"})


def test_platform_records_live_outside_every_tenant(identity: Stack) -> None:
    PlatformRepository().put(("EMAIL", "a@b.example"), ("EMAIL",), {"tenant_id": "t-one"})
    (item,) = [i for i in table_items() if i["pk"].startswith("PLATFORM#")]
    assert item["pk"] == "PLATFORM#EMAIL#a@b.example"


def test_expired_items_read_as_absent(identity: Stack) -> None:
    one = TenantRepository(TenantContext.for_sign_in("t-one"))
    one.put(("A",), ("OLD",), {"v": 1}, expires_at=1)
    assert one.get(("A",), ("OLD",)) is None
    assert one.query(("A",)).items == []


def test_many_items_are_read_in_the_order_asked_in_one_round_trip(identity: Stack) -> None:
    one = TenantRepository(TenantContext.for_sign_in("t-one"))
    TenantRepository(TenantContext.for_sign_in("t-two")).put(("A",), ("MISSING",), {"v": 0})
    one.put(("A",), ("FIRST",), {"v": 1})
    one.put(("A",), ("SECOND",), {"v": 2})
    one.put(("A",), ("OLD",), {"v": 3}, expires_at=1)
    calls: list[str] = []
    one._table.meta.client.meta.events.register(
        "before-call.dynamodb", lambda model, **_: calls.append(model.name)
    )
    answers = one.get_many(
        [
            (("A",), ("SECOND",)),
            (("A",), ("MISSING",)),
            (("A",), ("FIRST",)),
            (("A",), ("OLD",)),
            (("A",), ("SECOND",)),
        ]
    )
    assert answers == [{"v": 2}, None, {"v": 1}, None, {"v": 2}]
    assert calls == ["BatchGetItem"]


def test_more_items_than_one_batch_takes_are_all_read(identity: Stack) -> None:
    one = TenantRepository(TenantContext.for_sign_in("t-one"))
    one.put_many(Put(("N",), (str(n),), {"v": n}) for n in range(150))
    answers = one.get_many([(("N",), (str(n),)) for n in reversed(range(150))])
    assert answers == [{"v": n} for n in reversed(range(150))]
    assert one.get_many([]) == []


def test_a_transaction_writes_all_or_nothing_under_the_tenant(identity: Stack) -> None:
    from boto3.dynamodb.conditions import Attr

    one = TenantRepository(TenantContext.for_sign_in("t-one"))
    one.put(("A",), ("KEEP",), {"v": 1})
    one.put(("A",), ("GONE",), {"v": 1})
    writes = [
        Put(("A",), ("NEW",), {"v": 2, "pk": "TENANT#t-two#A"}),
        Update(("A",), ("KEEP",), {"v": 3}, remove=("w",), condition=Attr("v").eq(1)),
        Delete(("A",), ("GONE",)),
    ]
    with pytest.raises(ConditionFailed):  # the last write's item does not exist
        one.transact([*writes, Update(("A",), ("MISSING",), {"v": 4})])
    assert [i["sk"] for i in table_items() if i["pk"] == "TENANT#t-one#A"] == ["GONE", "KEEP"]
    one.transact(writes)
    assert one.query(("A",)).items == [{"v": 3}, {"v": 2}]  # KEEP, NEW
    assert {i["pk"] for i in table_items()} == {"TENANT#t-one#A"}
    with pytest.raises(ConditionFailed):  # KEEP's condition no longer holds
        one.transact([Update(("A",), ("KEEP",), {"v": 5}, condition=Attr("v").eq(1))])


def test_a_span_of_sort_keys_is_read_by_their_first_part(identity: Stack) -> None:
    one = TenantRepository(TenantContext.for_sign_in("t-one"))
    one.put_many(
        Put(("I",), (first, "u"), {"at": first})
        for first in ("2024-12", "2025", "2025-01", "2025-06", "2025-07", "2026")
    )
    span = keys.sort_span("2025", "2025-06")
    assert [i["at"] for i in one.query(("I",), sk_span=span).items] == [
        "2025",
        "2025-01",
        "2025-06",
    ]
