"""The main job on the local platform, over HTTP: upload a year of activity, let the workflow
calculate it, and read the inventory back: summary, per-line results, export, recalculation.
The numbers must agree with the engine's own calculation of the same file."""

from __future__ import annotations

import csv
import io
import re
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from footprint.domain.batch import calculators
from local.running import RunningPlatform, start_platform
from local.seed import sample_activity_csv
from tests.support.platform_accounts import Member, Tenant, join, onboard

FINISHED = {"completed", "rejected", "failed", "duplicate"}


def engine_co2e(body: bytes, gwp_set: str) -> float:
    rows = csv.DictReader(io.StringIO(body.decode("utf-8")))
    records = [{k: v for k, v in row.items() if v != ""} for row in rows]
    return sum(calculators()[gwp_set].calculate(record).co2e for record in records)


def upload(client: httpx.Client, member: Member, body: bytes) -> str:
    posted = client.post(
        "/v1/uploads",
        content=body,
        params={"filename": "year.csv"},
        headers={**member.headers, "Content-Type": "text/csv"},
    )
    assert posted.status_code == 202, posted.text
    return str(posted.json()["upload_id"])


def wait(client: httpx.Client, member: Member, upload_id: str) -> dict[str, Any]:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        shown = client.get(f"/v1/uploads/{upload_id}", headers=member.headers).json()
        if shown["status"] in FINISHED:
            return dict(shown)
        time.sleep(0.5)
    raise AssertionError(f"upload {upload_id} did not finish")


def summary(client: httpx.Client, member: Member, **query: str) -> dict[str, Any]:
    params = {"from": "2025-01", "to": "2025-12", **query}
    answer = client.get("/v1/emissions/summary", params=params, headers=member.headers)
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


@pytest.fixture(scope="module")
def hooli(platform: RunningPlatform) -> Tenant:
    with platform.client() as client:
        return onboard(platform, client, "Hooli", "admin@hooli-xyz.example")


@pytest.fixture(scope="module")
def hooli_year(platform: RunningPlatform, hooli: Tenant) -> tuple[str, bytes]:
    body = sample_activity_csv()
    with platform.client() as client:
        upload_id = upload(client, hooli.admin, body)
        assert wait(client, hooli.admin, upload_id)["status"] == "completed"
    return upload_id, body


@pytest.fixture(scope="module")
def outsider(platform: RunningPlatform) -> Tenant:
    with platform.client() as client:
        return onboard(platform, client, "Pied Piper", "admin@piedpiper-net.example")


def test_the_summary_agrees_with_the_engine_under_every_gwp_set(
    client: httpx.Client, hooli: Tenant, hooli_year: tuple[str, bytes]
) -> None:
    _, body = hooli_year
    for gwp in ("AR4", "AR5", "AR6"):
        answer = summary(client, hooli.admin, gwp=gwp)
        assert answer["totals"]["co2e_kg"] == pytest.approx(engine_co2e(body, gwp), rel=1e-9)
        assert answer["totals"]["co2e_t"] == pytest.approx(answer["totals"]["co2e_kg"] / 1000)
        # The upload was calculated under AR5: its refrigerants' labels follow the set asked.
        labels = [name for name in answer["editions"] if "GWP-100" in name]
        assert labels
        assert all(re.findall(r"IPCC (AR\d) GWP-100", name) == [gwp] for name in labels)
    by_month = summary(client, hooli.admin, group_by="month")
    assert [group["key"] for group in by_month["groups"]] == [f"2025-{m:02d}" for m in range(1, 13)]
    shares = [group["row_share"] for group in by_month["groups"]]
    assert sum(shares) == pytest.approx(len(body.splitlines()) - 1)
    scope_2 = summary(client, hooli.admin)["scope_2"]
    assert scope_2["market_based_kg"] < scope_2["location_based_kg"]  # RECs and a supplier rate


def test_lines_page_through_every_row_with_provenance(
    client: httpx.Client, hooli: Tenant, hooli_year: tuple[str, bytes]
) -> None:
    upload_id, body = hooli_year
    source = dict(enumerate(csv.DictReader(io.StringIO(body.decode("utf-8"))), 2))
    rows: list[int] = []
    cursor: str | None = None
    while True:
        params = {"upload_id": upload_id, "limit": "25", **({"cursor": cursor} if cursor else {})}
        page = client.get("/v1/emissions/lines", params=params, headers=hooli.admin.headers)
        assert page.status_code == 200, page.text
        for line in page.json()["lines"]:
            rows.append(line["row"])
            given = source[line["row"]]  # the line echoes its source row's input
            assert line["quantity"] == float(given["quantity"])
            assert line["unit"] == given["unit"]
            assert line["distance_unit"] == (given["distance_unit"] or None)
            provenance = line["provenance"]
            assert provenance["factors"]
            assert provenance["gwp_set"] == "AR5"
            assert provenance["formula"]
        cursor = page.json()["next_cursor"]
        if cursor is None:
            break
    assert rows == list(range(2, len(body.splitlines()) + 1))


def test_another_tenant_sees_nothing_of_it(
    client: httpx.Client,
    hooli: Tenant,
    hooli_year: tuple[str, bytes],
    outsider: Tenant,
) -> None:
    upload_id, _ = hooli_year
    theirs = client.get(
        "/v1/emissions/lines", params={"upload_id": upload_id}, headers=outsider.admin.headers
    )
    assert theirs.status_code == 404
    assert upload_id not in theirs.text
    assert summary(client, outsider.admin)["totals"]["co2e_kg"] == 0
    # The lines behind a total are the caller's own: Hooli's year, none of it the outsider's.
    year = {"from": "2025-01", "to": "2025-12", "limit": "1000"}
    ours = client.get("/v1/emissions/lines", params=year, headers=hooli.admin.headers)
    assert ours.json()["lines"]
    behind_their_totals = client.get(
        "/v1/emissions/lines", params=year, headers=outsider.admin.headers
    )
    assert behind_their_totals.status_code == 200
    assert behind_their_totals.json()["lines"] == []
    page = client.get(
        "/v1/emissions/lines",
        params={"upload_id": upload_id, "limit": "1"},
        headers=hooli.admin.headers,
    )
    replayed = client.get(
        "/v1/emissions/lines",
        params={"upload_id": upload_id, "cursor": page.json()["next_cursor"]},
        headers=outsider.admin.headers,
    )
    assert replayed.status_code in (400, 404)


def test_the_export_is_a_ghg_protocol_inventory(
    client: httpx.Client, hooli: Tenant, hooli_year: tuple[str, bytes]
) -> None:
    answer = client.get(
        "/v1/emissions/export",
        params={"from": "2025-01", "to": "2025-12", "format": "csv", "base_year": "2024"},
        headers=hooli.admin.headers,
    )
    assert answer.status_code == 200
    assert answer.headers["Content-Type"].startswith("text/csv")
    table = list(csv.DictReader(io.StringIO(answer.text)))
    scopes = {(row["scope"], row["scope_2_method"]) for row in table}
    assert ("Scope 2", "location-based") in scopes
    assert ("Scope 2", "market-based") in scopes
    assert {row["ghg_protocol_category"] for row in table if row["scope"] == "Scope 3"} == {
        "1",
        "6",
    }
    assert all(row["base_year"] == "2024" and row["factor_editions"] for row in table)
    total = sum(float(row["co2e_t"]) for row in table if row["scope_2_method"] != "market-based")
    assert total == pytest.approx(summary(client, hooli.admin)["totals"]["co2e_t"], rel=1e-5)


def test_the_esrs_and_cdp_reports_agree_with_the_engine(
    client: httpx.Client, hooli: Tenant, hooli_year: tuple[str, bytes]
) -> None:
    _, body = hooli_year
    answer = client.get(
        "/v1/reports/esrs-e1-6", params={"year": "2025"}, headers=hooli.admin.headers
    )
    assert answer.status_code == 200, answer.text
    esrs = {
        (row["item"], row["scope_2_method"]): row["reporting_year_t"]
        for row in csv.DictReader(io.StringIO(answer.text))
    }
    location = float(esrs["Total GHG emissions", "location-based"])
    assert location == pytest.approx(engine_co2e(body, "AR5") / 1000, rel=1e-5)
    cdp = client.get("/v1/reports/cdp", params={"year": "2025"}, headers=hooli.admin.headers)
    assert cdp.status_code == 200, cdp.text
    rows = list(csv.DictReader(io.StringIO(cdp.text)))
    assert [row["status"] for row in rows if row["cdp_question"] == "C6.5"].count(
        "calculated"
    ) == 2  # categories 1 and 6, as the export
    refused = client.get("/v1/reports/cdp", params={"year": "20x5"}, headers=hooli.admin.headers)
    assert refused.status_code == 400


def test_recalculation_replaces_the_result_only_when_complete(
    client: httpx.Client, hooli: Tenant, hooli_year: tuple[str, bytes]
) -> None:
    upload_id, _ = hooli_year
    before = summary(client, hooli.admin)["totals"]["co2e_kg"]
    first = client.get(f"/v1/uploads/{upload_id}", headers=hooli.admin.headers).json()
    started = client.post(
        f"/v1/uploads/{upload_id}/recalculate", json={}, headers=hooli.admin.headers
    )
    assert started.status_code == 202, started.text
    # Until the new calculation is published the old one answers, never a mix or nothing.
    assert summary(client, hooli.admin)["totals"]["co2e_kg"] == pytest.approx(before)
    assert wait(client, hooli.admin, upload_id)["status"] == "completed"
    after = client.get(f"/v1/uploads/{upload_id}", headers=hooli.admin.headers).json()
    assert after["calculation_id"] == started.json()["calculation_id"]
    assert after["calculation_id"] != first["calculation_id"]
    assert summary(client, hooli.admin)["totals"]["co2e_kg"] == pytest.approx(before, rel=1e-12)


def test_a_viewer_reads_the_inventory_but_cannot_recalculate(
    platform: RunningPlatform, client: httpx.Client, hooli: Tenant, hooli_year: tuple[str, bytes]
) -> None:
    viewer = join(client, hooli.admin, "viewer@hooli-xyz.example", "viewer")
    assert summary(client, viewer)["totals"]["co2e_kg"] > 0
    refused = client.post(
        f"/v1/uploads/{hooli_year[0]}/recalculate", json={}, headers=viewer.headers
    )
    assert refused.status_code == 403


@pytest.fixture(scope="module")
def faulty_platform() -> Iterator[RunningPlatform]:
    """Parts of two rows, and the part step failing twice after doing its work, as a
    timeout after a successful write would."""
    running = start_platform(
        "--no-seed",
        "--env",
        "FOOTPRINT_PART_ROWS=2",
        "--fault",
        "CalculatePartFunction:2:after",
    )
    yield running
    running.stop()


def test_a_part_retried_after_a_failure_counts_once(faulty_platform: RunningPlatform) -> None:
    body = sample_activity_csv()[:2000].rsplit(b"\n", 1)[0] + b"\n"
    with faulty_platform.client() as client:
        tenant = onboard(faulty_platform, client, "Umbrella", "admin@umbrella-corp.example")
        upload_id = upload(client, tenant.admin, body)
        shown = wait(client, tenant.admin, upload_id)
        assert shown["status"] == "completed", shown
        rows = len(body.splitlines()) - 1
        assert shown["rows_done"] == shown["rows_total"] == rows
        answer = summary(client, tenant.admin)
        assert answer["totals"]["co2e_kg"] == pytest.approx(engine_co2e(body, "AR5"), rel=1e-9)
        assert answer["totals"]["row_share"] == pytest.approx(rows)


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [("2025-12", "2025-01", "from"), ("2015-01", "2025-12", "to"), ("2025-13", "2025-12", "from")],
)
def test_a_bad_span_is_refused_naming_the_field(
    client: httpx.Client, hooli: Tenant, start: str, end: str, field: str
) -> None:
    answer = client.get(
        "/v1/emissions/summary", params={"from": start, "to": end}, headers=hooli.admin.headers
    )
    assert answer.status_code == 400, answer.text
    error = answer.json()["error"]
    assert error["code"] == "invalid_input"
    assert field in (
        error["details"].get("field"),
        *[e["field"] for e in error["details"].get("errors", [])],
    )


def test_the_edition_impact_agrees_with_the_engine_and_nothing_moves(
    client: httpx.Client, hooli: Tenant, outsider: Tenant, hooli_year: tuple[str, bytes]
) -> None:
    from footprint.domain.calculator import Calculator
    from footprint.domain.factors import default_library

    upload_id, body = hooli_year
    before = summary(client, hooli.admin)
    query = {"upload_id": upload_id, "edition": "epa_hub-2024", "gwp": "AR6", "limit": "5"}
    answer = client.get("/v1/emissions/impact", params=query, headers=hooli.admin.headers)
    assert answer.status_code == 200, answer.text
    impact = answer.json()
    pinned = Calculator(default_library(), "AR6", "epa_hub-2024")
    rows = csv.DictReader(io.StringIO(body.decode("utf-8")))
    records = [{k: v for k, v in row.items() if v != ""} for row in rows]
    what_if = sum(pinned.calculate(record).co2e for record in records)
    assert impact["new_co2e_kg"] == pytest.approx(what_if, rel=1e-9)
    assert impact["old_co2e_kg"] == pytest.approx(engine_co2e(body, "AR5"), rel=1e-9)
    assert impact["change_kg"] == impact["new_co2e_kg"] - impact["old_co2e_kg"]
    changes = [abs(line["change_kg"]) for line in impact["lines"]]
    assert changes == sorted(changes, reverse=True)
    assert impact["next_cursor"]
    # A what-if: the published inventory has not moved.
    assert summary(client, hooli.admin) == before
    assert 1.0 <= before["totals"]["quality_score"] <= 5.0
    assert before["totals"]["quality_coverage"] == pytest.approx(1.0)
    refused = client.get("/v1/emissions/impact", params=query, headers=outsider.admin.headers)
    assert refused.status_code == 404


def _recalculate(client: httpx.Client, member: Member, upload_id: str, gwp_set: str) -> str:
    started = client.post(
        f"/v1/uploads/{upload_id}/recalculate", json={"gwp_set": gwp_set}, headers=member.headers
    )
    assert started.status_code == 202, started.text
    assert wait(client, member, upload_id)["status"] == "completed"
    return str(started.json()["calculation_id"])


def test_an_upload_s_calculations_are_kept_listed_and_compared(
    client: httpx.Client, hooli: Tenant, outsider: Tenant
) -> None:
    body = sample_activity_csv()[:3000].rsplit(b"\n", 1)[0] + b"\n"
    upload_id = upload(client, hooli.admin, body)
    first = wait(client, hooli.admin, upload_id)["current_calculation"]
    second = _recalculate(client, hooli.admin, upload_id, "AR6")
    third = _recalculate(client, hooli.admin, upload_id, "AR4")
    path = f"/v1/uploads/{upload_id}/calculations"
    listed = client.get(path, headers=hooli.admin.headers)
    assert listed.status_code == 200, listed.text
    calculations = listed.json()["calculations"]
    assert [(c["calculation_id"], c["status"], c["gwp_set"]) for c in calculations] == [
        (third, "published", "AR4"),
        (second, "superseded", "AR6"),
        (first, "superseded", "AR5"),
    ]
    assert all(c["editions"] for c in calculations)
    totals = {c["calculation_id"]: c["totals"]["co2e_kg"] for c in calculations}
    assert totals[first] == pytest.approx(engine_co2e(body, "AR5"), rel=1e-9)
    query = {"upload_id": upload_id, "from_calculation": first, "to_calculation": third}
    compared = client.get("/v1/emissions/impact", params=query, headers=hooli.admin.headers)
    assert compared.status_code == 200, compared.text
    expected = totals[third] - totals[first]
    assert expected != 0.0
    assert abs(compared.json()["change_kg"] - expected) <= 1e-9 * abs(expected)
    # Another tenant: neither the list nor the comparison, even of its own upload.
    assert client.get(path, headers=outsider.admin.headers).status_code == 404
    own = upload(client, outsider.admin, body)
    own_calculation = wait(client, outsider.admin, own)["current_calculation"]
    for start, end, field in [
        (first, own_calculation, "from_calculation"),
        (own_calculation, third, "to_calculation"),
    ]:
        query = {"upload_id": own, "from_calculation": start, "to_calculation": end}
        refused = client.get("/v1/emissions/impact", params=query, headers=outsider.admin.headers)
        assert refused.status_code == 404, refused.text
        assert refused.json()["error"]["details"]["field"] == field
