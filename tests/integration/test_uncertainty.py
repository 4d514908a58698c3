"""Uncertainty figures a tenant states, on the local platform over HTTP: an admin states them,
an upload calculated by the workflow carries them on its lines, its summary and its export,
a new statement changes nothing stored, and a recalculation applies it."""

from __future__ import annotations

import csv
import io
import math
import time
from typing import Any

import httpx
import pytest

from local.running import RunningPlatform
from local.seed import SAMPLE_YEAR, sample_activity_csv
from tests.support.platform_accounts import Member, Tenant, onboard

ROUTE = "/v1/tenant/inventory/uncertainty"
YEAR = {"from": f"{SAMPLE_YEAR}-01", "to": f"{SAMPLE_YEAR}-12"}


def statement(activity_pct: float) -> dict[str, Any]:
    """Stationary combustion's figures (test inputs): the meter's, and the supplier's ±3 %."""
    return {
        "categories": {
            "stationary_combustion": {
                "activity_pct": activity_pct,
                "activity_source": f"meter class {activity_pct:g} per the calibration certificate",
                "factor_pct": 3,
                "factor_source": "the gas supplier's stated tolerance",
            }
        }
    }


def completed(client: httpx.Client, member: Member, upload_id: str) -> dict[str, Any]:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        shown = client.get(f"/v1/uploads/{upload_id}", headers=member.headers).json()
        if shown["status"] == "completed":
            return dict(shown)
        assert shown["status"] not in ("rejected", "failed"), shown
        time.sleep(0.5)
    raise AssertionError("the upload did not complete")


def gas_lines(client: httpx.Client, member: Member, upload_id: str) -> list[dict[str, Any]]:
    answer = client.get(
        "/v1/emissions/lines",
        params={"upload_id": upload_id, "category": "stationary_combustion", "limit": "1000"},
        headers=member.headers,
    )
    assert answer.status_code == 200, answer.text
    return list(answer.json()["lines"])


def scope_1(client: httpx.Client, member: Member) -> dict[str, Any]:
    answer = client.get(
        "/v1/emissions/summary", params={**YEAR, "group_by": "scope"}, headers=member.headers
    )
    assert answer.status_code == 200, answer.text
    return next(dict(group) for group in answer.json()["groups"] if group["key"] == "scope-1")


@pytest.fixture(scope="module")
def umbrella(platform: RunningPlatform) -> Tenant:
    with platform.client() as client:
        return onboard(platform, client, "Umbrella", "admin@umbrella-xyz.example")


def test_stated_figures_reach_the_lines_the_summary_and_the_export_until_recalculated(
    client: httpx.Client, umbrella: Tenant
) -> None:
    admin = umbrella.admin
    refused = client.put(
        ROUTE,
        json={"categories": {"stationary_combustion": {"activity_pct": 2}}},
        headers=admin.headers,
    )
    assert refused.status_code == 400
    assert "categories.stationary_combustion.activity_source" in refused.text
    stated = client.put(ROUTE, json=statement(2), headers=admin.headers)
    assert stated.status_code == 200, stated.text

    posted = client.post(
        "/v1/uploads",
        content=sample_activity_csv(),
        params={"filename": "year.csv"},
        headers={**admin.headers, "Content-Type": "text/csv"},
    )
    assert posted.status_code == 202, posted.text
    upload_id = posted.json()["upload_id"]
    assert completed(client, admin, upload_id)["uncertainty_digest"] == stated.json()["digest"]

    lines = gas_lines(client, admin, upload_id)
    assert len(lines) == 12  # one a month
    for line in lines:
        # ±sqrt(2² + 3²) = ±3.6056 % of the line's CO2e.
        assert line["uncertainty"]["half_width_pct"] == pytest.approx(math.sqrt(13.0))
        assert line["uncertainty"]["activity_source"].startswith("stated by the organisation: ")
    # Scope 1's range covers its stationary lines only (mobile and refrigerants have none),
    # their half-widths added by Equation 3.2.
    ranged = scope_1(client, admin)["uncertainty"]
    half_widths = [line["co2e_kg"] * math.sqrt(13.0) / 100.0 for line in lines]
    assert ranged["half_width_kg"] == pytest.approx(math.hypot(*half_widths), rel=1e-9)
    assert ranged["covered_co2e_kg"] == pytest.approx(sum(line["co2e_kg"] for line in lines))
    assert ranged["not_covered_co2e_kg"] > 0
    export = client.get(
        "/v1/emissions/export", params={**YEAR, "format": "csv"}, headers=admin.headers
    )
    assert export.status_code == 200, export.text
    rows = [row for row in csv.DictReader(io.StringIO(export.text)) if row["scope"] == "Scope 1"]
    assert sum(float(row["co2e_uncertainty_95_t"] or 0) ** 2 for row in rows) == pytest.approx(
        (ranged["half_width_kg"] / 1000.0) ** 2, rel=1e-4
    )

    # A new statement changes nothing stored; a recalculation applies it: ±sqrt(4² + 3²) = ±5 %.
    assert client.put(ROUTE, json=statement(4), headers=admin.headers).status_code == 200
    assert gas_lines(client, admin, upload_id) == lines
    assert scope_1(client, admin)["uncertainty"] == ranged
    again = client.post(f"/v1/uploads/{upload_id}/recalculate", json={}, headers=admin.headers)
    assert again.status_code == 202, again.text
    deadline = time.monotonic() + 180
    while gas_lines(client, admin, upload_id)[0]["uncertainty"]["half_width_pct"] != 5.0:
        assert time.monotonic() < deadline, "the recalculation was not published"
        time.sleep(0.5)
    assert scope_1(client, admin)["uncertainty"]["half_width_kg"] == pytest.approx(
        math.hypot(*(line["co2e_kg"] * 0.05 for line in lines)), rel=1e-9
    )
