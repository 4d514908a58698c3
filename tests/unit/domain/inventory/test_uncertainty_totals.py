"""Uncertainty in the aggregates, the summary and the export: sums of squared half-widths
kept per month and GWP set, combined by error propagation, worked by hand."""

from __future__ import annotations

import csv
import io
import math

import pytest

from footprint.domain.batch import PartOutcome, _Kind
from footprint.domain.inventory import (
    EXPORT_COLUMNS,
    Aggregates,
    SummedAggregates,
    inventory_rows,
    summarise,
    to_csv,
)
from footprint.domain.uncertainty import NO_FIGURE, Part, StatedFigures
from tests.support.inventory import line as plain_line
from tests.support.inventory import summed

# Test percentages (not published numbers): stationary ±10 %, business travel ±20 %.
PERCENT = {"stationary_combustion": 10.0, "business_travel": 20.0}
HUNDRED = {"AR4": 100.0, "AR5": 100.0, "AR6": 100.0}
FIFTY = {"AR4": 50.0, "AR5": 50.0, "AR6": 50.0}


def line(**overrides: object) -> dict[str, object]:
    """A line carrying the range its category has in ``PERCENT`` (its calculation's)."""
    found = plain_line(**overrides)
    percentage = PERCENT.get(str(found["category"]))
    found["uncertainty"] = None if percentage is None else {"half_width_pct": percentage}
    return found


def _two_lines() -> Aggregates:
    aggregates = Aggregates()
    aggregates.add_line(line(), HUNDRED, None)  # 100 kg ±10 %: ±10 kg
    travel = line(category="business_travel", scope=3, ghg_category=6)
    aggregates.add_line(travel, FIFTY, None)  # 50 kg ±20 %: ±10 kg
    return aggregates


def test_two_lines_combine_as_the_root_of_the_sum_of_their_squares() -> None:
    summary = summarise(summed(_two_lines()), "scope", "AR5")
    total = summary["totals"]["uncertainty"]
    assert total["half_width_kg"] == pytest.approx(math.sqrt(10.0**2 + 10.0**2))  # 14.142
    assert (total["low_kg"], total["high_kg"]) == pytest.approx(
        (150.0 - 14.142135623730951, 150.0 + 14.142135623730951)
    )
    by_scope = {group["key"]: group["uncertainty"] for group in summary["groups"]}
    assert by_scope["scope-1"]["half_width_kg"] == pytest.approx(10.0)
    assert by_scope["scope-3"]["half_width_pct"] == pytest.approx(20.0)


def test_a_line_spanning_months_adds_back_to_its_own_range_over_the_year() -> None:
    aggregates = Aggregates()
    aggregates.add_line(
        line(period_start="2025-01-01", period_end="2025-02-28"), HUNDRED, None
    )  # 31 days in January, 28 in February
    year = summarise(summed(aggregates), "scope", "AR5")["totals"]["uncertainty"]
    assert year["half_width_kg"] == pytest.approx(10.0)
    months = summarise(summed(aggregates), "month", "AR5")["groups"]
    assert [group["uncertainty"]["half_width_kg"] for group in months] == pytest.approx(
        [math.sqrt(100.0 * 31 / 59), math.sqrt(100.0 * 28 / 59)]
    )


def test_a_part_counted_twice_by_the_same_tables_keeps_the_same_range() -> None:
    table = _two_lines().to_table()
    once = summarise(SummedAggregates.of_tables([table]), "scope", "AR5")
    assert once["totals"]["uncertainty"]["half_width_kg"] == pytest.approx(math.sqrt(200.0))


def test_a_sum_of_lines_passes_its_squares_not_the_square_of_its_sum() -> None:
    aggregates = Aggregates()
    # Two lines of 60 kg and 40 kg, handed over as one kind: squares 3600 + 1600.
    squares = dict.fromkeys(HUNDRED, 60.0**2 + 40.0**2)
    aggregates.add_line(line(), HUNDRED, None, rows=2, co2e_squares_by_set=squares)
    total = summarise(summed(aggregates), "scope", "AR5")["totals"]["uncertainty"]
    assert total["half_width_kg"] == pytest.approx(math.sqrt(36.0 + 16.0))  # not 10


def test_a_category_without_a_published_default_carries_no_range() -> None:
    aggregates = Aggregates()
    aggregates.add_line(line(category="waste", scope=3, ghg_category=5), HUNDRED, None)
    summary = summarise(summed(aggregates), "category", "AR5")
    assert summary["totals"]["uncertainty"] is None
    assert summary["totals"]["uncertainty_reason"] == NO_FIGURE
    assert summary["groups"][0]["uncertainty"] is None


def test_old_aggregates_without_the_sums_read_as_no_range() -> None:
    table = _two_lines().to_table()
    kept = [
        index
        for index, column in enumerate(table["columns"])
        if not column.startswith(("ranged_co2e.", "squared_half_widths."))
    ]
    old = {
        "columns": [table["columns"][index] for index in kept],
        "editions": table["editions"],
        "entries": [
            [*entry[:-1], [entry[-1][index] for index in kept]] for entry in table["entries"]
        ],
    }
    summary = summarise(SummedAggregates.of_tables([old]), "scope", "AR5")
    assert summary["totals"]["co2e_kg"] == pytest.approx(150.0)
    assert summary["totals"]["uncertainty"] is None
    # Mixed with a new part, the range covers the new part only and says what it leaves out.
    mixed = summarise(SummedAggregates.of_tables([old, table]), "scope", "AR5")
    assert mixed["totals"]["uncertainty"]["not_covered_co2e_kg"] == pytest.approx(150.0)


def test_the_export_shows_each_row_s_half_width_and_what_it_covers() -> None:
    aggregates = _two_lines()
    aggregates.add_line(line(category="electricity", scope=2), HUNDRED, 0.0)
    rows = inventory_rows(summed(aggregates), "AR5", ("2025-01", "2025-12"), "2024")
    table = list(csv.DictReader(io.StringIO(to_csv(EXPORT_COLUMNS, rows))))
    cells = [
        (row["scope"], row["scope_2_method"], row["co2e_uncertainty_95_t"], row["uncertainty_note"])
        for row in table
    ]
    assert cells[0][:3] == ("Scope 1", "", "0.010000")
    assert cells[1][:3] == ("Scope 2", "location-based", "")
    assert cells[1][3].startswith(NO_FIGURE)
    assert cells[2] == ("Scope 2", "market-based", "", "market-based figures carry no range")
    assert cells[3][:3] == ("Scope 3", "", "0.010000")
    assert table[3]["uncertainty_covers_co2e_t"] == "0.050000"


def test_a_part_s_kind_sums_its_lines_squared_co2e() -> None:
    from footprint.domain import batch
    from footprint.domain.factors import GWP_SETS

    first = batch.calculators()["AR5"].calculate(
        {
            "facility": "Plant 1",
            "period_start": "2025-01-01",
            "period_end": "2025-01-31",
            "category": "stationary_combustion",
            "activity": "natural_gas",
            "quantity": "1",
            "unit": "mmBtu",
            "region": "US",
        }
    )
    # Stated figures (test inputs): ±6 % and ±8 %, so ±10 % a line.
    stated = StatedFigures(Part(6.0, "test activity"), Part(8.0, "test factor"))
    outcome = PartOutcome(
        "AR5",
        kinds=[_Kind(0, first, (first.plan,) * len(GWP_SETS))],
        kind=[0, 0],
        statement={"stationary_combustion": stated},
    )
    outcome.quantity, outcome.distance = [1.0, 2.0], [0.0, 0.0]
    per_unit = first.plan.co2e_per_quantity
    assert outcome.squared_co2e()[0]["AR5"] == pytest.approx(per_unit**2 * (1.0 + 4.0))
