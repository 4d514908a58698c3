"""/v1/reports/cdp and /v1/reports/esrs-e1-6: every role reads them, they agree with the
summary of the same year, they read the tenant's reporting year, the ESRS table carries the
base year and the targets, bad input is a 400 naming the field, a stranger reads nothing."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest

from footprint.adapters.inventory_records import InventoryRecords
from footprint.domain.inventory.reporting_year import InventorySettings
from footprint.domain.inventory.reports import (
    COUNTRY_NOT_STATED,
    NOT_CALCULATED,
    NOT_SET,
    RECALCULATION_NEEDED,
)
from footprint.domain.tenancy import Role
from tests.support.base_year import aggregates_of, call, publish
from tests.support.clock import Clock
from tests.support.handlers import invoke, proxy_answer, proxy_event
from tests.support.identity import Tenant, make_tenant
from tests.support.uploads import published_upload

MODULE = "fp_emissions.app"
TEMPLATES = Path(__file__).parents[4] / "layers/footprint/footprint/data/templates"
SAMPLE = (TEMPLATES / "activity-template.csv").read_bytes()
REPORTS = ("/v1/reports/cdp", "/v1/reports/esrs-e1-6")


def _event(authorizer: dict[str, str], resource: str, query: dict[str, str]) -> dict[str, Any]:
    event = proxy_event("GET", resource, authorizer=authorizer)
    event["queryStringParameters"] = query
    event["multiValueQueryStringParameters"] = {k: [v] for k, v in query.items()}
    return event


def _csv(authorizer: dict[str, str], resource: str, query: dict[str, str]) -> list[dict[str, str]]:
    answer = proxy_answer(MODULE, _event(authorizer, resource, query))
    assert answer["statusCode"] == 200, answer.get("body")
    headers = {k.lower(): v for k, v in (answer.get("headers") or {}).items()}
    for name, values in (answer.get("multiValueHeaders") or {}).items():
        headers[name.lower()] = ", ".join(values)
    assert headers["content-type"].startswith("text/csv")
    name = resource.rsplit("/", 1)[1].replace("cdp", "cdp-climate")
    assert headers["content-disposition"] == f'attachment; filename="{name}-{query["year"]}.csv"'
    return list(csv.DictReader(io.StringIO(answer["body"])))


def _scope_totals(authorizer: dict[str, str]) -> dict[str, float]:
    status, summary = invoke(
        MODULE,
        _event(authorizer, "/v1/emissions/summary", {"from": "2025-01", "to": "2025-12"}),
    )
    assert status == 200, summary
    totals = {group["key"]: group["co2e_t"] for group in summary["groups"]}
    totals["market"] = summary["scope_2"]["market_based_t"]
    return totals


@pytest.mark.usefixtures("uploads")
def test_every_role_reads_both_reports_and_they_agree_with_the_summary(
    tenant: Tenant, members: dict[Role, dict[str, str]]
) -> None:
    published_upload(tenant.context, SAMPLE, part_rows=100)
    expected = _scope_totals(members[Role.ADMIN])
    for caller in members.values():
        cdp = {
            (row["cdp_question"], row["scope_2_method"]): row
            for row in _csv(caller, REPORTS[0], {"year": "2025"})
            if row["cdp_question"] in ("C6.1", "C6.3")
        }
        assert float(cdp["C6.1", ""]["co2e_t"]) == pytest.approx(expected["scope-1"], abs=1e-6)
        location = float(cdp["C6.3", "location-based"]["co2e_t"])
        assert location == pytest.approx(expected["scope-2"], abs=1e-6)
        market = float(cdp["C6.3", "market-based"]["co2e_t"])
        assert market == pytest.approx(expected["market"], abs=1e-6)
        esrs = _csv(caller, REPORTS[1], {"year": "2025", "gwp": "AR6"})
        assert esrs[1]["item"] == "IPCC AR6 GWP-100"
        assert any(row["item"] == "Total GHG emissions" for row in esrs)
    # By country, through the workflow: the template's US and CAMX rows are the US, its UK row
    # GB, and its refrigerant (no region) is a row of its own; they add up to each scope.
    countries = {
        (row["item"], row["scope_2_method"]): float(row["co2e_t"])
        for row in _csv(members[Role.VIEWER], REPORTS[0], {"year": "2025"})
        if " by country: " in row["item"]
    }
    assert sorted(countries) == [
        ("Scope 1 by country: US", ""),
        (f"Scope 1 by country: {COUNTRY_NOT_STATED}", ""),
        ("Scope 2 by country: GB", "location-based"),
        ("Scope 2 by country: GB", "market-based"),
        ("Scope 2 by country: US", "location-based"),
        ("Scope 2 by country: US", "market-based"),
        ("Scope 3 by country: US", ""),
    ]
    scope_2 = sum(kg for (item, method), kg in countries.items() if method == "location-based")
    assert scope_2 == pytest.approx(expected["scope-2"], abs=1e-6)
    scope_1 = sum(kg for (item, _), kg in countries.items() if item.startswith("Scope 1"))
    assert scope_1 == pytest.approx(expected["scope-1"], abs=1e-6)


@pytest.mark.usefixtures("uploads")
@pytest.mark.parametrize("resource", REPORTS)
@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"year": "25"}, "year"),
        ({"year": "2025-01"}, "year"),
        ({}, "year"),
        ({"year": "2025", "gwp": "AR3"}, "gwp"),
    ],
)
def test_a_report_of_a_malformed_year_or_set_is_refused_naming_the_field(
    members: dict[Role, dict[str, str]], resource: str, query: dict[str, str], field: str
) -> None:
    status, body = invoke(MODULE, _event(members[Role.VIEWER], resource, query))
    assert status == 400, body
    assert field in str(body)


@pytest.mark.usefixtures("uploads")
@pytest.mark.parametrize("resource", REPORTS)
def test_a_report_holds_only_the_caller_s_tenant(
    tenant: Tenant, clock: Clock, resource: str
) -> None:
    from tests.support.identity import authorizer_context

    published_upload(tenant.context, SAMPLE, part_rows=100)
    other = make_tenant("Globex", "admin@globex.example", clock)
    stranger = authorizer_context(other.context, other.admin_id, Role.ADMIN, other.admin_tokens)
    rows = _csv(stranger, resource, {"year": "2025"})
    figures = [row.get("co2e_t") or row.get("reporting_year_t") for row in rows[5:]]
    assert {figure for figure in figures if figure and figure[0].isdigit()} == set()


@pytest.mark.usefixtures("uploads")
@pytest.mark.parametrize("resource", REPORTS)
def test_no_report_answers_without_a_verified_caller(resource: str) -> None:
    status, _ = invoke(MODULE, _event({}, resource, {"year": "2025"}))
    assert status in (401, 403)


def _published(context: Any, month: str, scope: int, kilograms: float) -> None:
    """``kilograms`` of CO2e under every GWP set in ``month`` (Scope 2: the same market-based)."""
    year, number = int(month[:4]), int(month[5:])
    publish(context, aggregates_of(kilograms, year=year, month=number, scope=scope))


def _disclosures(rows: list[dict[str, str]]) -> dict[tuple[str, str], dict[str, str]]:
    return {
        (row["item"], row["scope_2_method"]): row for row in rows if row["disclosure"] == "E1-6"
    }


@pytest.mark.usefixtures("uploads")
def test_both_reports_read_the_tenant_s_reporting_year_beginning_in_april(
    tenant: Tenant, admin: dict[str, str]
) -> None:
    _published(tenant.context, "2024-03", 1, 1000.0)  # reporting year 2023
    _published(tenant.context, "2024-04", 1, 100.0)
    _published(tenant.context, "2025-03", 1, 20.0)
    _published(tenant.context, "2025-04", 1, 3000.0)  # reporting year 2025
    settings = {"base_year": 2024, "consolidation": "operational", "reporting_year_start_month": 4}
    assert call(admin, "PUT", "/v1/tenant/inventory", body=settings)[0] == 200
    cdp = _csv(admin, REPORTS[0], {"year": "2024"})
    assert cdp[2]["item"] == "2024-04 to 2025-03"
    assert cdp[5]["co2e_t"] == "0.120000"  # C6.1: 100 + 20 kg
    esrs = _csv(admin, REPORTS[1], {"year": "2024"})
    assert esrs[2]["item"] == "2024-04 to 2025-03"
    scope_1 = _disclosures(esrs)["Gross Scope 1 GHG emissions", ""]
    assert (scope_1["reporting_year_t"], scope_1["base_year"], scope_1["base_year_t"]) == (
        "0.120000",
        "2024",
        "0.120000",
    )
    metadata = {row["disclosure"]: row["item"] for row in esrs if row["disclosure"] != "E1-6"}
    assert metadata["metadata: base_year"].startswith("2024: 2024-04 to 2025-03, snapshot of ")
    assert metadata["metadata: base_year_recalculation"] == "not needed"


@pytest.mark.usefixtures("uploads")
def test_without_settings_the_year_is_the_calendar_year_and_the_base_year_is_not_set(
    tenant: Tenant, viewer: dict[str, str]
) -> None:
    _published(tenant.context, "2024-03", 1, 1000.0)
    _published(tenant.context, "2024-04", 1, 100.0)
    _published(tenant.context, "2025-03", 1, 20.0)
    esrs = _csv(viewer, REPORTS[1], {"year": "2024"})
    assert esrs[2]["item"] == "2024-01 to 2024-12"
    rows = _disclosures(esrs)
    assert rows["Gross Scope 1 GHG emissions", ""]["reporting_year_t"] == "1.100000"
    assert {(row["base_year"], row["base_year_t"], row["target"]) for row in rows.values()} == {
        (NOT_SET, NOT_SET, NOT_SET)
    }
    assert esrs[5]["disclosure"] == "metadata: base_year"
    assert esrs[5]["item"] == NOT_SET


@pytest.mark.usefixtures("uploads")
def test_the_esrs_report_names_the_targets_and_flags_a_base_year_to_recalculate(
    tenant: Tenant, admin: dict[str, str], viewer: dict[str, str]
) -> None:
    _published(tenant.context, "2020-06", 1, 400.0)
    _published(tenant.context, "2020-06", 2, 100.0)
    _published(tenant.context, "2025-06", 1, 300.0)
    settings = {"base_year": 2020, "consolidation": "operational"}
    assert call(admin, "PUT", "/v1/tenant/inventory", body=settings)[0] == 200
    target = {
        "name": "Near-term",
        "scopes": [1, 2],
        "scope2_method": "location",
        "base_year": 2020,
        "target_year": 2030,
        "reduction_pct": 42,
    }
    assert call(admin, "POST", "/v1/targets", body=target)[0] == 201
    _published(tenant.context, "2020-07", 1, 100.0)  # 20 % more than the snapshot's 500 kg
    esrs = _csv(viewer, REPORTS[1], {"year": "2025"})
    rows = _disclosures(esrs)
    near_term = "\u221242 % by 2030 against 2020 (Near-term)"
    assert [
        (item, method, row["reporting_year_t"], row["base_year_t"], row["target"])
        for (item, method), row in rows.items()
    ] == [
        ("Gross Scope 1 GHG emissions", "", "0.300000", "0.400000", near_term),
        ("Gross Scope 2 GHG emissions", "location-based", NOT_CALCULATED, "0.100000", near_term),
        ("Gross Scope 2 GHG emissions", "market-based", NOT_CALCULATED, "0.100000", NOT_SET),
        ("Gross Scope 3 GHG emissions", "", NOT_CALCULATED, NOT_CALCULATED, NOT_SET),
        ("Total GHG emissions", "location-based", "0.300000", "0.500000", NOT_SET),
        ("Total GHG emissions", "market-based", "0.300000", "0.500000", NOT_SET),
    ]
    metadata = {row["disclosure"]: row["item"] for row in esrs if row["disclosure"] != "E1-6"}
    assert metadata["metadata: base_year_recalculation"] == RECALCULATION_NEEDED


@pytest.mark.usefixtures("uploads")
def test_a_reporting_year_ending_after_9999_is_refused_naming_the_year(
    admin: dict[str, str],
) -> None:
    settings = {"base_year": 2020, "consolidation": "operational", "reporting_year_start_month": 4}
    assert call(admin, "PUT", "/v1/tenant/inventory", body=settings)[0] == 200
    for resource in REPORTS:
        status, body = invoke(MODULE, _event(admin, resource, {"year": "9999"}))
        assert status == 400, body
        assert "year" in str(body)


@pytest.mark.usefixtures("uploads")
@pytest.mark.parametrize("resource", REPORTS)
def test_each_report_reads_the_inventory_settings_once(
    admin: dict[str, str], monkeypatch: pytest.MonkeyPatch, resource: str
) -> None:
    settings = {"base_year": 2020, "consolidation": "operational", "reporting_year_start_month": 4}
    assert call(admin, "PUT", "/v1/tenant/inventory", body=settings)[0] == 200
    read = InventoryRecords.settings
    reads: list[InventorySettings | None] = []

    def counted(records: InventoryRecords) -> InventorySettings | None:
        reads.append(read(records))
        return reads[-1]

    monkeypatch.setattr(InventoryRecords, "settings", counted)
    rows = _csv(admin, resource, {"year": "2025"})
    assert len(reads) == 1
    # The one read still gives the reporting year its months.
    assert rows[2]["item"] == "2025-04 to 2026-03"
