"""GET /v1/emissions/impact: every role reads it, a page at a time with a cursor bound to the
comparison and to the published calculation; bad input is a 4xx naming the field, another
tenant's upload is not found, nothing is stored."""

from __future__ import annotations

from typing import Any

import pytest

from footprint.adapters.tenant_objects import TenantObjects
from footprint.domain import object_keys
from footprint.domain.ids import new_upload_id
from footprint.domain.tenancy import Role
from tests.support.clock import Clock
from tests.support.handlers import invoke, proxy_event
from tests.support.identity import Tenant, add_member, authorizer_context, make_tenant
from tests.support.uploads import UploadsStack, published_upload, write_parts

MODULE = "fp_emissions.app"
RESOURCE = "/v1/emissions/impact"
BODY = (
    b"facility,period_start,period_end,category,activity,quantity,unit,region\n"
    b"Plant 1,2024-01-01,2024-12-31,stationary_combustion,natural_gas,1000,mmBtu,US\n"
    b"Plant 1,2024-01-01,2024-12-31,electricity,grid,100,MWh,CAMX\n"
    b"Plant 2,2024-03-01,2024-04-30,electricity,grid,55.5,MWh,ERCT\n"
)


def _caller(tenant: Tenant, role: Role, clock: Clock) -> dict[str, str]:
    if role is Role.ADMIN:
        return authorizer_context(tenant.context, tenant.admin_id, role, tenant.admin_tokens)
    user_id, tokens = add_member(tenant, role, f"{role.value}@acme.example", clock)
    return authorizer_context(tenant.context, user_id, role, tokens)


def _get(authorizer: dict[str, str], query: dict[str, str]) -> tuple[int, dict[str, Any]]:
    event = proxy_event("GET", RESOURCE, authorizer=authorizer)
    event["queryStringParameters"] = query
    event["multiValueQueryStringParameters"] = {k: [v] for k, v in query.items()}
    return invoke(MODULE, event)


@pytest.fixture
def published(tenant: Tenant, uploads: UploadsStack) -> str:
    upload_id, calculation_id = published_upload(tenant.context, BODY, part_rows=2)
    write_parts(tenant.context, upload_id, calculation_id, BODY, 2)
    return upload_id


@pytest.mark.parametrize("role", list(Role))
def test_every_role_reads_the_impact_and_nothing_is_stored(
    tenant: Tenant, clock: Clock, published: str, role: Role
) -> None:
    objects = TenantObjects(tenant.context)
    before = objects.list_keys(object_keys.upload_prefix(tenant.context, published))
    status, body = _get(
        _caller(tenant, role, clock), {"upload_id": published, "edition": "epa_hub-2025"}
    )
    assert status == 200, body
    assert body["lines_total"] == 3
    assert body["edition"] == "epa_hub-2025"
    assert body["change_kg"] == pytest.approx(body["new_co2e_kg"] - body["old_co2e_kg"])
    assert body["lines"][0]["factor_cells"][0]["publisher"] == "US Environmental Protection Agency"
    assert objects.list_keys(object_keys.upload_prefix(tenant.context, published)) == before


def test_pages_follow_the_cursor_and_it_stays_with_its_comparison(
    tenant: Tenant, clock: Clock, published: str
) -> None:
    viewer = _caller(tenant, Role.VIEWER, clock)
    query = {"upload_id": published, "edition": "epa_hub-2025", "limit": "2"}
    status, first = _get(viewer, query)
    assert status == 200
    assert len(first["lines"]) == 2
    assert first["next_cursor"]
    status, second = _get(viewer, {**query, "cursor": first["next_cursor"]})
    assert status == 200, second
    assert len(second["lines"]) == 1
    assert second["next_cursor"] is None
    rows = [line["row"] for line in first["lines"] + second["lines"]]
    assert sorted(rows) == [2, 3, 4]
    status, _ = _get(viewer, {**query, "gwp": "AR6", "cursor": first["next_cursor"]})
    assert status == 400
    stranger = _caller(make_tenant("Globex", "admin@globex.example", clock), Role.ADMIN, clock)
    status, _ = _get(stranger, {**query, "cursor": first["next_cursor"]})
    assert status in (400, 404)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"edition": "epa_hub-1999"}, "edition"),
        ({"edition": "not an edition"}, "edition"),
        ({}, "edition"),
        ({"gwp": "AR3"}, "gwp"),
        ({"from_calculation": "c1"}, "to_calculation"),
        ({"edition": "epa_hub-2025", "from_calculation": "a", "to_calculation": "b"}, "edition"),
        ({"edition": "epa_hub-2025", "limit": "0"}, "limit"),
    ],
)
def test_bad_input_is_refused_naming_the_field(
    tenant: Tenant, clock: Clock, published: str, query: dict[str, str], field: str
) -> None:
    status, body = _get(_caller(tenant, Role.VIEWER, clock), {"upload_id": published, **query})
    assert status == 400, body
    assert field in str(body), body


def test_an_unknown_or_another_tenant_s_upload_is_not_found(
    tenant: Tenant, clock: Clock, published: str
) -> None:
    viewer = _caller(tenant, Role.VIEWER, clock)
    status, _ = _get(viewer, {"upload_id": new_upload_id(), "edition": "epa_hub-2025"})
    assert status == 404
    status, _ = _get(viewer, {"upload_id": "not-an-upload", "edition": "epa_hub-2025"})
    assert status == 400
    stranger = _caller(make_tenant("Globex", "admin@globex.example", clock), Role.ADMIN, clock)
    status, body = _get(stranger, {"upload_id": published, "edition": "epa_hub-2025"})
    assert status == 404, body


def test_no_caller_no_impact(uploads: UploadsStack) -> None:
    status, _ = _get({}, {"upload_id": new_upload_id(), "edition": "epa_hub-2025"})
    assert status in (401, 403)


def test_a_cursor_from_before_a_recalculation_is_a_conflict(
    tenant: Tenant, clock: Clock, published: str
) -> None:
    from footprint.adapters.published_index import PublishedIndex
    from footprint.adapters.upload_records import UploadStore
    from footprint.uploads import calculation

    viewer = _caller(tenant, Role.VIEWER, clock)
    query = {"upload_id": published, "edition": "epa_hub-2025", "limit": "1"}
    _, first = _get(viewer, query)
    again = str(calculation.recalculate(tenant.context, published, None).calculation_id)
    store = UploadStore(tenant.context)
    store.mark_validating(published, again)
    store.mark_calculating(published, again, rows_total=0, parts=0)
    PublishedIndex(tenant.context).publish(published, again, totals={}, months=[])
    status, body = _get(viewer, {**query, "cursor": first["next_cursor"]})
    assert status == 409, body
