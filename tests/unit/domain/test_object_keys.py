from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from footprint.domain import object_keys
from footprint.domain.tenancy import TenantContext

tenant_ids = st.from_regex(r"[a-z0-9][a-z0-9-]{2,20}", fullmatch=True)
object_ids = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_-]{0,20}", fullmatch=True)


@given(tenant_ids, object_ids, object_ids, st.integers(min_value=0, max_value=999_999))
def test_every_key_stays_under_its_tenant(tenant: str, upload: str, calc: str, part: int) -> None:
    context = TenantContext.for_workflow(tenant)
    source = object_keys.source_key(context, upload)
    assert source.startswith(f"tenants/{tenant}/uploads/{upload}/")
    assert object_keys.tenant_of(source) == tenant
    for key in (
        object_keys.part_key(context, upload, calc, part, object_keys.TABLE_PART),
        object_keys.part_key(context, upload, calc, part, object_keys.RECORDS_PART),
        object_keys.results_key(context, upload, calc, part),
        object_keys.aggregates_key(context, upload, calc, part),
    ):
        assert key.startswith(f"tenants/{tenant}/uploads/{upload}/")
        assert object_keys.tenant_of(key) == tenant
        assert object_keys.part_index(key) == part


@pytest.mark.parametrize("bad", ["../other", "a/b", "", "x" * 65, "..", "a b"])
def test_ids_that_could_leave_their_folder_are_refused(bad: str) -> None:
    context = TenantContext.for_workflow("tenant-a")
    with pytest.raises(ValueError):
        object_keys.source_key(context, bad)
    with pytest.raises(ValueError):
        object_keys.parts_prefix(context, "u1", bad)


def test_keys_need_a_tenant_context() -> None:
    with pytest.raises(TypeError):
        object_keys.tenant_prefix("tenant-a")  # type: ignore[arg-type]


@given(tenant_ids, object_ids)
def test_a_source_key_names_its_tenant_and_upload(tenant: str, upload: str) -> None:
    key = object_keys.source_key(TenantContext.for_workflow(tenant), upload)
    assert object_keys.source_of(key) == (tenant, upload)


@pytest.mark.parametrize(
    "key",
    [
        "tenants/t-acme/uploads/u1/calculations/c1/parts/part-000000.jsonl.gz",
        "tenants/t-acme/uploads/u1/source.bak",
        "tenants/t-acme/uploads/../source",
        "tenants/T_ACME/uploads/u1/source",
        "elsewhere/t-acme/uploads/u1/source",
        "tenants/t-acme/uploads/a/b/source",
    ],
)
def test_other_keys_are_not_sources(key: str) -> None:
    assert object_keys.source_of(key) is None
