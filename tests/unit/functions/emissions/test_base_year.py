"""The inventory settings and base-year routes: who may read and change them, bad input
named, the snapshot taken when the base year is set, the threshold trigger over HTTP, a
recalculation that keeps the earlier figures, and the base year beside the summary and the
export."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest

from footprint.adapters.inventory_records import InventoryRecords
from footprint.domain.tenancy import Role
from footprint.identity import audit
from tests.support.base_year import aggregates_of, call, publish
from tests.support.clock import Clock
from tests.support.identity import Tenant, add_member, authorizer_context
from tests.support.uploads import UploadsStack

SETTINGS = {"base_year": 2020, "consolidation": "operational"}


def test_settings_are_unset_until_an_admin_sets_them_and_every_role_reads_them(
    tenant: Tenant, admin: dict[str, str], viewer: dict[str, str]
) -> None:
    status, unset = call(viewer, "GET", "/v1/tenant/inventory")
    assert status == 200
    assert (unset["configured"], unset["base_year"], unset["recalculation_threshold_pct"]) == (
        False,
        None,
        5.0,
    )
    body = {**SETTINGS, "reporting_year_start_month": 4, "recalculation_threshold_pct": 2.5}
    status, chosen = call(admin, "PUT", "/v1/tenant/inventory", body=body)
    assert status == 200, chosen
    assert (chosen["base_year_from"], chosen["base_year_to"]) == ("2020-04", "2021-03")
    assert chosen["snapshot_taken"] is True
    status, read = call(viewer, "GET", "/v1/tenant/inventory")
    assert (read["configured"], read["consolidation"], read["recalculation_threshold_pct"]) == (
        True,
        "operational",
        2.5,
    )
    events, _ = audit.list_events(tenant.context, where=audit.EventFilter(action="inventory."))
    by_action = {event.action: event for event in events}  # the clock stands still: same time
    assert sorted(by_action) == ["inventory.base_year_snapshot", "inventory.settings_changed"]
    assert by_action["inventory.settings_changed"].details["base_year"] == "2020"
    assert by_action["inventory.settings_changed"].actor == tenant.admin_id


def test_the_same_span_set_again_takes_no_new_snapshot(admin: dict[str, str]) -> None:
    call(admin, "PUT", "/v1/tenant/inventory", body=SETTINGS)
    status, again = call(
        admin, "PUT", "/v1/tenant/inventory", body={**SETTINGS, "consolidation": "equity"}
    )
    assert (status, again["snapshot_taken"]) == (200, False)
    _, history = call(admin, "GET", "/v1/inventory/base-year/history")
    assert len(history["snapshots"]) == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"base_year": 1989}, "base_year"),
        ({"base_year": 2999}, "base_year"),
        ({"reporting_year_start_month": 13}, "reporting_year_start_month"),
        ({"reporting_year_start_month": 0}, "reporting_year_start_month"),
        ({"consolidation": "control"}, "consolidation"),
        ({"recalculation_threshold_pct": 0}, "recalculation_threshold_pct"),
        ({"recalculation_threshold_pct": 101}, "recalculation_threshold_pct"),
        ({"base_year": None}, "base_year"),
    ],
)
def test_implausible_settings_are_refused_naming_the_field_and_nothing_changes(
    admin: dict[str, str], change: dict[str, Any], field: str
) -> None:
    status, body = call(admin, "PUT", "/v1/tenant/inventory", body={**SETTINGS, **change})
    assert status == 400, body
    assert field in json.dumps(body["error"]["details"])
    _, read = call(admin, "GET", "/v1/tenant/inventory")
    assert read["configured"] is False


@pytest.mark.parametrize("role", [Role.EDITOR, Role.VIEWER, Role.AUDITOR])
def test_only_an_admin_changes_the_settings_or_recalculates(
    tenant: Tenant, clock: Clock, uploads: UploadsStack, role: Role
) -> None:
    user_id, tokens = add_member(tenant, role, f"{role.value}@acme.example", clock)
    caller = authorizer_context(tenant.context, user_id, role, tokens)
    assert call(caller, "PUT", "/v1/tenant/inventory", body=SETTINGS)[0] == 403
    assert call(caller, "POST", "/v1/inventory/base-year/recalculate")[0] == 403
    assert call(caller, "GET", "/v1/tenant/inventory")[0] == 200


def test_no_base_year_no_figures(viewer: dict[str, str], admin: dict[str, str]) -> None:
    status, body = call(viewer, "GET", "/v1/inventory/base-year")
    assert status == 404
    assert "PUT /v1/tenant/inventory" in body["error"]["message"]
    assert call(admin, "POST", "/v1/inventory/base-year/recalculate")[0] == 404


def _beside_summary(viewer: dict[str, str]) -> dict[str, Any]:
    """The base year as a summary of another year shows it (the same verdict, read apart)."""
    status, summary = call(
        viewer, "GET", "/v1/emissions/summary", query={"from": "2025-01", "to": "2025-12"}
    )
    assert status == 200, summary
    beside: dict[str, Any] = summary["base_year"]
    return beside


def test_an_upload_moving_the_base_year_6_percent_calls_for_recalculation_4_percent_not(
    tenant: Tenant, admin: dict[str, str], viewer: dict[str, str]
) -> None:
    first = publish(tenant.context, aggregates_of(600.0))
    publish(tenant.context, aggregates_of(400.0))
    publish(tenant.context, aggregates_of(99_999.0, year=2021))  # outside the base year
    call(admin, "PUT", "/v1/tenant/inventory", body=SETTINGS)
    status, base = call(viewer, "GET", "/v1/inventory/base-year")
    assert status == 200, base
    assert base["snapshot"]["figures"]["AR5"]["total_location"] == 1000.0
    assert base["snapshot"]["calculations"] == 2
    assert (base["recalculation_needed"], base["causes"]) == (False, [])

    small = publish(tenant.context, aggregates_of(40.0))  # +4 %
    _, base = call(viewer, "GET", "/v1/inventory/base-year")
    assert base["recalculation_needed"] is False
    assert _beside_summary(viewer)["recalculation_needed"] is False
    assert [cause["upload_id"] for cause in base["causes"]] == [small]

    publish(tenant.context, aggregates_of(20.0))  # +2 % more: +6 % in all
    _, base = call(viewer, "GET", "/v1/inventory/base-year")
    assert base["recalculation_needed"] is True
    assert _beside_summary(viewer)["recalculation_needed"] is True
    change = next(c for c in base["changes"] if (c["gwp_set"], c["method"]) == ("AR5", "location"))
    assert (change["old_co2e_kg"], change["new_co2e_kg"]) == (1000.0, 1060.0)
    assert change["change_pct"] == pytest.approx(6.0)
    assert {cause["kind"] for cause in base["causes"]} == {"upload_published"}

    # A recalculation of the first upload (its editions): 600 -> 540 kg brings it to 0 %.
    publish(tenant.context, aggregates_of(540.0), upload_id=first)
    _, base = call(viewer, "GET", "/v1/inventory/base-year")
    assert base["recalculation_needed"] is False
    assert _beside_summary(viewer)["recalculation_needed"] is False
    assert {cause["kind"] for cause in base["causes"]} == {
        "upload_published",
        "upload_recalculated",
    }


def test_a_recalculation_takes_a_new_snapshot_and_keeps_the_earlier_ones(
    tenant: Tenant, admin: dict[str, str], viewer: dict[str, str]
) -> None:
    publish(tenant.context, aggregates_of(1000.0))
    call(admin, "PUT", "/v1/tenant/inventory", body=SETTINGS)
    publish(tenant.context, aggregates_of(100.0))
    assert call(viewer, "GET", "/v1/inventory/base-year")[1]["recalculation_needed"] is True
    status, taken = call(admin, "POST", "/v1/inventory/base-year/recalculate")
    assert status == 201, taken
    assert (taken["reason"], taken["figures"]["AR5"]["scope_1"]) == ("recalculated", 1100.0)
    _, base = call(viewer, "GET", "/v1/inventory/base-year")
    assert (base["recalculation_needed"], base["snapshot"]["snapshot_id"]) == (
        False,
        taken["snapshot_id"],
    )
    _, history = call(viewer, "GET", "/v1/inventory/base-year/history")
    assert [
        (s["reason"], s["figures"]["AR5"]["scope_1"], s["calculations"])
        for s in history["snapshots"]
    ] == [("recalculated", 1100.0, 2), ("base_year_set", 1000.0, 1)]
    events, _ = audit.list_events(tenant.context, where=audit.EventFilter(action="inventory."))
    reasons = [e.details["reason"] for e in events if e.action == "inventory.base_year_snapshot"]
    assert sorted(reasons) == ["base_year_set", "recalculated"]


def test_the_summary_and_the_export_show_the_base_year_beside_the_span(
    tenant: Tenant, admin: dict[str, str], viewer: dict[str, str]
) -> None:
    year = {"from": "2025-01", "to": "2025-12"}
    publish(tenant.context, aggregates_of(500.0, year=2025))
    status, summary = call(viewer, "GET", "/v1/emissions/summary", query=year)
    assert (status, summary["base_year"]) == (200, None)
    _, text = call(viewer, "GET", "/v1/emissions/export", query=year)
    assert [row[-2:] for row in csv.reader(io.StringIO(text))][1] == ["", ""]

    publish(tenant.context, aggregates_of(1000.0, year=2020))
    call(admin, "PUT", "/v1/tenant/inventory", body=SETTINGS)
    publish(tenant.context, aggregates_of(200.0, year=2020))  # +20 %
    _, summary = call(viewer, "GET", "/v1/emissions/summary", query=year)
    assert summary["totals"]["co2e_kg"] == 500.0  # the span's own, unchanged
    beside = summary["base_year"]
    assert (beside["base_year"], beside["from"], beside["to"]) == (2020, "2020-01", "2020-12")
    assert (beside["figures"]["scope_1"], beside["recalculation_needed"]) == (1000.0, True)

    _, text = call(viewer, "GET", "/v1/emissions/export", query=year)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [
        (r["base_year"], r["base_year_co2e_t"], r["base_year_recalculation_needed"]) for r in rows
    ] == [("2020", "1.000000", "true")]
    _, other = call(viewer, "GET", "/v1/emissions/export", query={**year, "base_year": "2019"})
    assert [
        (r["base_year"], r["base_year_co2e_t"]) for r in csv.DictReader(io.StringIO(other))
    ] == [("2019", "")]


def test_the_summary_reads_the_settings_and_the_snapshot_once_not_its_sources(
    tenant: Tenant, admin: dict[str, str], viewer: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    publish(tenant.context, aggregates_of(1000.0))
    call(admin, "PUT", "/v1/tenant/inventory", body=SETTINGS)
    reads: list[str] = []
    for name in ("settings", "latest_snapshot", "sources"):
        read = getattr(InventoryRecords, name)

        def counted(
            records: InventoryRecords,
            *args: Any,
            _read: Any = read,
            _name: str = name,
            **kwargs: Any,
        ) -> Any:
            reads.append(_name)
            return _read(records, *args, **kwargs)

        monkeypatch.setattr(InventoryRecords, name, counted)
    assert _beside_summary(viewer)["figures"]["scope_1"] == 1000.0
    assert sorted(reads) == ["latest_snapshot", "settings"]
