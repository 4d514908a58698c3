"""/v1/reports/cdp and /v1/reports/esrs-e1-6: every role reads them, they agree with the
summary of the same year, bad input is a 400 naming the field, a stranger reads nothing."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest

from footprint.domain.tenancy import Role
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
