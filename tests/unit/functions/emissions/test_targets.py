"""The targets routes: an admin sets and deletes them (audited), every role reads them and
their progress, worked by hand from published emissions; bad input is named."""

from __future__ import annotations

import json
from typing import Any

import pytest

from footprint.domain.ids import new_target_id
from footprint.domain.tenancy import Role
from footprint.identity import audit
from tests.support.base_year import aggregates_of, call, publish
from tests.support.clock import Clock
from tests.support.identity import Tenant, add_member, authorizer_context, make_tenant
from tests.support.uploads import UploadsStack

TARGET = {
    "name": "Near-term, scopes 1 and 2",
    "scopes": [1, 2],
    "scope2_method": "market",
    "base_year": 2020,
    "target_year": 2030,
    "reduction_pct": 42,
}


def test_an_admin_sets_a_target_every_role_reads_it_and_an_admin_deletes_it(
    tenant: Tenant, admin: dict[str, str], viewer: dict[str, str]
) -> None:
    status, made = call(admin, "POST", "/v1/targets", body=TARGET)
    assert status == 201, made
    target_id = made["target_id"]
    assert {k: made[k] for k in TARGET} == {**TARGET, "reduction_pct": 42.0}
    assert call(viewer, "GET", "/v1/targets")[1]["targets"] == [made]
    assert call(viewer, "GET", "/v1/targets/{target_id}", path={"target_id": target_id})[1] == made
    assert (
        call(viewer, "DELETE", "/v1/targets/{target_id}", path={"target_id": target_id})[0] == 403
    )
    assert call(admin, "DELETE", "/v1/targets/{target_id}", path={"target_id": target_id})[0] == 204
    assert call(viewer, "GET", "/v1/targets/{target_id}", path={"target_id": target_id})[0] == 404
    assert call(admin, "DELETE", "/v1/targets/{target_id}", path={"target_id": target_id})[0] == 404
    events, _ = audit.list_events(tenant.context, where=audit.EventFilter(action="inventory."))
    assert sorted(e.action for e in events) == [
        "inventory.target_created",
        "inventory.target_deleted",
    ]


@pytest.mark.parametrize("role", [Role.EDITOR, Role.VIEWER, Role.AUDITOR])
def test_only_an_admin_sets_a_target(
    tenant: Tenant, clock: Clock, uploads: UploadsStack, role: Role
) -> None:
    user_id, tokens = add_member(tenant, role, f"{role.value}@acme.example", clock)
    caller = authorizer_context(tenant.context, user_id, role, tokens)
    assert call(caller, "POST", "/v1/targets", body=TARGET)[0] == 403
    assert call(caller, "GET", "/v1/targets")[0] == 200


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"scopes": []}, "scopes"),
        ({"scopes": [4]}, "scopes"),
        ({"scopes": [2, 2]}, "scopes"),
        ({"scope2_method": "both"}, "scope2_method"),
        ({"base_year": 1980}, "base_year"),
        ({"base_year": 2099, "target_year": 2100}, "base_year"),
        ({"target_year": 2020}, "target_year"),
        ({"reduction_pct": 0}, "reduction_pct"),
        ({"reduction_pct": 120}, "reduction_pct"),
        ({"name": ""}, "name"),
    ],
)
def test_a_target_that_cannot_be_is_refused_naming_the_field(
    admin: dict[str, str], change: dict[str, Any], field: str
) -> None:
    status, body = call(admin, "POST", "/v1/targets", body={**TARGET, **change})
    assert status == 400, body
    assert field in json.dumps(body["error"]["details"])
    assert call(admin, "GET", "/v1/targets")[1]["targets"] == []


def test_a_malformed_or_another_tenant_s_target_id_is_not_found_or_refused(
    tenant: Tenant, clock: Clock, admin: dict[str, str]
) -> None:
    _, made = call(admin, "POST", "/v1/targets", body=TARGET)
    assert (
        call(admin, "GET", "/v1/targets/{target_id}", path={"target_id": "not-a-target"})[0] == 400
    )
    assert (
        call(admin, "GET", "/v1/targets/{target_id}", path={"target_id": new_target_id()})[0] == 404
    )
    other = make_tenant("Globex", "admin@globex.example", clock)
    stranger = authorizer_context(other.context, other.admin_id, Role.ADMIN, other.admin_tokens)
    progress = "/v1/targets/{target_id}/progress"
    assert call(stranger, "GET", progress, path={"target_id": made["target_id"]})[0] == 404


def test_progress_follows_the_pathway_from_the_published_base_year(
    tenant: Tenant, admin: dict[str, str], viewer: dict[str, str]
) -> None:
    # Base year 2020: Scope 1 700 t + Scope 2 300 t (market) = 1000 t; Scope 3 is not covered.
    publish(tenant.context, aggregates_of(700_000.0, year=2020))
    publish(tenant.context, aggregates_of(300_000.0, year=2020, scope=2))
    publish(tenant.context, aggregates_of(55_555.0, year=2020, scope=3, category="business_travel"))
    # 2025: 780 t, under the 790 t pathway (1000 x (1 - 0.42 x 5/10)) by 10 t.
    publish(tenant.context, aggregates_of(780_000.0, year=2025))
    _, made = call(admin, "POST", "/v1/targets", body=TARGET)
    progress = "/v1/targets/{target_id}/progress"
    status, found = call(
        viewer, "GET", progress, path={"target_id": made["target_id"]}, query={"gwp": "AR6"}
    )
    assert status == 200, found
    assert (found["gwp_set"], found["base_year_co2e_kg"]) == ("AR6", 1_000_000.0)
    years = {row["year"]: row for row in found["years"]}
    assert list(years) == list(range(2020, 2031))
    assert years[2025]["pathway_co2e_kg"] == pytest.approx(790_000.0)
    assert years[2025]["actual_co2e_kg"] == 780_000.0
    assert years[2025]["gap_co2e_kg"] == pytest.approx(-10_000.0)
    assert years[2023]["actual_co2e_kg"] is None
    assert (found["latest_year"], found["on_track"]) == (2025, True)
    # 20 t more in 2025: 800 t, 10 t over the pathway.
    publish(tenant.context, aggregates_of(20_000.0, year=2025, scope=2))
    _, found = call(viewer, "GET", progress, path={"target_id": made["target_id"]})
    assert found["gwp_set"] == "AR5"  # the summary's default
    assert {row["year"]: row for row in found["years"]}[2025]["gap_co2e_kg"] == pytest.approx(
        10_000.0
    )
    assert found["on_track"] is False


def test_progress_follows_a_reporting_year_beginning_in_april(
    tenant: Tenant, admin: dict[str, str], viewer: dict[str, str]
) -> None:
    # January 2021 falls in reporting year 2020 when years begin in April.
    publish(tenant.context, aggregates_of(1_000.0, year=2021))
    call(
        admin,
        "PUT",
        "/v1/tenant/inventory",
        body={"base_year": 2020, "consolidation": "financial", "reporting_year_start_month": 4},
    )
    _, made = call(admin, "POST", "/v1/targets", body={**TARGET, "scopes": [1]})
    progress = "/v1/targets/{target_id}/progress"
    _, found = call(viewer, "GET", progress, path={"target_id": made["target_id"]})
    assert (found["base_year_co2e_kg"], found["latest_year"]) == (1_000.0, 2020)
