"""An inventory over the years on the local platform, over HTTP: a year uploaded and
calculated by the workflow, the inventory settings set (its base year snapshotted), a
reduction target, and the target's progress agreeing with the summary of the same year."""

from __future__ import annotations

import csv
import io
import time

import httpx
import pytest

from local.running import RunningPlatform
from local.seed import SAMPLE_YEAR, sample_activity_csv
from tests.support.platform_accounts import Tenant, onboard


@pytest.fixture(scope="module")
def initech(platform: RunningPlatform) -> Tenant:
    with platform.client() as client:
        tenant = onboard(platform, client, "Initech", "admin@initech-xyz.example")
        posted = client.post(
            "/v1/uploads",
            content=sample_activity_csv(),
            params={"filename": "year.csv"},
            headers={**tenant.admin.headers, "Content-Type": "text/csv"},
        )
        assert posted.status_code == 202, posted.text
        upload_id = posted.json()["upload_id"]
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            shown = client.get(f"/v1/uploads/{upload_id}", headers=tenant.admin.headers).json()
            if shown["status"] == "completed":
                return tenant
            assert shown["status"] not in ("rejected", "failed"), shown
            time.sleep(0.5)
    raise AssertionError("the upload did not complete")


def test_settings_then_a_target_then_its_progress(client: httpx.Client, initech: Tenant) -> None:
    headers = initech.admin.headers
    year = {"from": f"{SAMPLE_YEAR}-01", "to": f"{SAMPLE_YEAR}-12"}
    summary = client.get("/v1/emissions/summary", params=year, headers=headers).json()
    assert summary["base_year"] is None

    settings = {"base_year": SAMPLE_YEAR, "consolidation": "operational"}
    put = client.put("/v1/tenant/inventory", json=settings, headers=headers)
    assert put.status_code == 200, put.text
    assert (put.json()["snapshot_taken"], put.json()["recalculation_threshold_pct"]) == (True, 5.0)
    refused = client.put(
        "/v1/tenant/inventory", json={**settings, "reporting_year_start_month": 13}, headers=headers
    )
    assert refused.status_code == 400
    assert "reporting_year_start_month" in refused.text

    base = client.get("/v1/inventory/base-year", headers=headers)
    assert base.status_code == 200, base.text
    figures = base.json()["snapshot"]["figures"]["AR5"]
    assert figures["total_location"] == pytest.approx(summary["totals"]["co2e_kg"], rel=1e-9)
    assert figures["total_market"] == pytest.approx(
        summary["totals"]["co2e_market_based_kg"], rel=1e-9
    )
    assert base.json()["recalculation_needed"] is False

    target = {
        "name": "Half by 2030",
        "scopes": [1, 2, 3],
        "scope2_method": "location",
        "base_year": SAMPLE_YEAR,
        "target_year": 2030,
        "reduction_pct": 50,
    }
    made = client.post("/v1/targets", json=target, headers=headers)
    assert made.status_code == 201, made.text
    target_id = made.json()["target_id"]
    progress = client.get(f"/v1/targets/{target_id}/progress", headers=headers)
    assert progress.status_code == 200, progress.text
    found = progress.json()
    base_kg = summary["totals"]["co2e_kg"]
    assert found["base_year_co2e_kg"] == pytest.approx(base_kg, rel=1e-9)
    years = {row["year"]: row for row in found["years"]}
    # Half by 2030 from the base year: a tenth of the base year's less each year (2025 -> 2030).
    span = 2030 - SAMPLE_YEAR
    assert years[2030]["pathway_co2e_kg"] == pytest.approx(base_kg * 0.5)
    assert years[SAMPLE_YEAR + 1]["pathway_co2e_kg"] == pytest.approx(base_kg * (1 - 0.5 / span))
    assert (found["latest_year"], found["on_track"]) == (SAMPLE_YEAR, True)

    with_base = client.get("/v1/emissions/summary", params=year, headers=headers).json()
    assert with_base["base_year"]["base_year"] == SAMPLE_YEAR
    assert with_base["base_year"]["recalculation_needed"] is False
    assert with_base["base_year"]["figures"]["total_location"] == pytest.approx(
        summary["totals"]["co2e_kg"], rel=1e-9
    )
    assert client.delete(f"/v1/targets/{target_id}", headers=headers).status_code == 204


def test_the_export_and_the_reports_beside_the_base_year(
    client: httpx.Client, initech: Tenant
) -> None:
    headers = initech.admin.headers
    settings = {"base_year": SAMPLE_YEAR, "consolidation": "operational"}
    assert client.put("/v1/tenant/inventory", json=settings, headers=headers).status_code == 200
    year = {"from": f"{SAMPLE_YEAR}-01", "to": f"{SAMPLE_YEAR}-12"}
    summary = client.get("/v1/emissions/summary", params=year, headers=headers).json()
    export = client.get("/v1/emissions/export", params=year, headers=headers)
    assert export.status_code == 200, export.text
    rows = list(csv.DictReader(io.StringIO(export.text)))
    # Every calculated line is scored: each row's score is 1 to 5 over all of its CO2e.
    assert all(1.0 <= float(row["quality_score"]) <= 5.0 for row in rows)
    assert {row["quality_coverage"] for row in rows} == {"1.000000"}
    assert {row["base_year"] for row in rows} == {str(SAMPLE_YEAR)}
    cdp = client.get("/v1/reports/cdp", params={"year": str(SAMPLE_YEAR)}, headers=headers)
    assert cdp.status_code == 200, cdp.text
    by_country = [
        row for row in csv.DictReader(io.StringIO(cdp.text)) if " by country: " in row["item"]
    ]
    location = [row for row in by_country if row["scope_2_method"] != "market-based"]
    # Each row's tonnes are written to 6 decimals.
    assert sum(float(row["co2e_t"]) for row in location) == pytest.approx(
        summary["totals"]["co2e_t"], abs=1e-6 * len(location)
    )
    esrs = client.get("/v1/reports/esrs-e1-6", params={"year": str(SAMPLE_YEAR)}, headers=headers)
    assert esrs.status_code == 200, esrs.text
    assert f"{SAMPLE_YEAR}: {SAMPLE_YEAR}-01 to {SAMPLE_YEAR}-12" in esrs.text
