"""The load run's figures: percentiles, the summary of its samples, and the tenant-isolation
check that must flag an answer holding the other tenant's data."""

from __future__ import annotations

import csv
import io
import math

import pytest

from bench.load import (
    LINES,
    PROBE,
    SUMMARY,
    Sample,
    Seeded,
    leaks,
    marked_year,
    percentile,
    summarise,
)
from tests.support.platform_accounts import Member, Tenant


def test_percentiles_are_nearest_rank() -> None:
    samples = [float(n) for n in range(100, 0, -1)]  # unordered on purpose
    assert (percentile(samples, 50), percentile(samples, 95), percentile(samples, 99)) == (
        50.0,
        95.0,
        99.0,
    )
    assert percentile([0.3, 0.1, 0.2], 99) == 0.3
    assert percentile([0.3, 0.1, 0.2], 50) == 0.2
    assert math.isnan(percentile([], 50))


def test_the_summary_counts_rates_errors_leaks_and_probes() -> None:
    samples = [
        *(Sample(SUMMARY, 200, 0.01 * n, (), True) for n in range(1, 21)),
        Sample(LINES, 500, 0.5, (), False),
        Sample(LINES, 0, 30.0, (), False),  # no answer
        Sample(LINES, 200, 0.2, ("Marker-Beta",), False),
        Sample(PROBE, 404, 0.1, (), False),
        Sample(PROBE, 403, 0.1, (), False),
    ]
    figures = summarise(samples, seconds=5.0)
    assert figures.requests == 25
    assert figures.per_second == 5.0
    assert figures.errors == 2
    assert figures.error_rate == pytest.approx(2 / 25)
    assert (figures.leaks, figures.own_markers) == (1, 20)
    assert (figures.probes, figures.probes_refused) == (2, 1)
    assert figures.unexpected == {(LINES, 500): 1, (LINES, 0): 1, (PROBE, 403): 1}
    summary = figures.routes[SUMMARY]
    assert (summary.count, summary.p50, summary.p95, summary.p99) == pytest.approx(
        (20, 0.10, 0.19, 0.20)
    )
    assert figures.routes[LINES].p99 == 30.0


def _seeded(name: str) -> Seeded:
    admin = Member(f"user-{name}", f"admin@{name}.example", "SECRET", {})
    return Seeded(Tenant(f"tenant-{name}", admin), [admin], f"upload-{name}", f"Marker-{name}")


def test_the_isolation_check_flags_the_other_tenants_data() -> None:
    beta = _seeded("beta")
    clean = '{"groups": [{"key": "Marker-alpha Plant 1", "co2e_kg": 1.0}]}'
    assert leaks(clean, beta.identifiers()) == ()
    leaked = '{"groups": [{"key": "Marker-beta Plant 1"}], "upload_id": "upload-beta"}'
    assert leaks(leaked, beta.identifiers()) == ("Marker-beta", "upload-beta")
    assert leaks('{"user_id": "user-beta"}', beta.identifiers()) == ("user-beta",)
    assert leaks('{"tenant": "tenant-beta"}', beta.identifiers()) == ("tenant-beta",)


def test_every_facility_of_a_tenants_year_carries_its_marker() -> None:
    rows = list(csv.DictReader(io.StringIO(marked_year("Marker-x").decode("utf-8"))))
    assert len(rows) > 12
    assert all(row["facility"].startswith("Marker-x ") for row in rows)
