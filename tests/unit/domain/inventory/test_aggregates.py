"""Monthly aggregates: lines shared across months, tables written by parts and summed in any
order, sums kept by fewer dimensions."""

from __future__ import annotations

import json
from typing import Any

import pytest

from footprint.domain.factors.gwp import GWP_SETS
from footprint.domain.inventory import (
    GROUPINGS,
    INVENTORY_DIMENSIONS,
    AggregateKey,
    Aggregates,
    SummedAggregates,
    Totals,
    inventory_rows,
    month_shares,
    summarise,
    summary_dimensions,
)
from tests.support.inventory import SETS, line, summed


def test_month_shares_split_by_days_and_sum_to_one() -> None:
    shares = month_shares("2025-01-17", "2025-03-02")
    assert [month for month, _ in shares] == ["2025-01", "2025-02", "2025-03"]
    assert shares[0][1] == pytest.approx(15 / 45)
    assert shares[1][1] == pytest.approx(28 / 45)
    assert shares[2][1] == pytest.approx(2 / 45)
    assert sum(share for _, share in shares) == pytest.approx(1.0)
    assert month_shares("2024-02-01", "2024-02-29") == (("2024-02", 1.0),)


def test_a_line_spanning_months_is_allocated_and_totals_are_preserved() -> None:
    aggregates = Aggregates()
    aggregates.add_line(line(period_start="2025-01-01", period_end="2025-02-28"), SETS, None)
    months = {key.month: totals for key, totals in aggregates.by_key.items()}
    assert set(months) == {"2025-01", "2025-02"}
    assert months["2025-01"].co2e["AR5"] == pytest.approx(210.0 * 31 / 59)
    assert aggregates.grand_total().co2e["AR5"] == pytest.approx(210.0)
    assert aggregates.grand_total().rows == pytest.approx(1.0)


def test_tables_round_trip_and_add_up() -> None:
    part_a, part_b = Aggregates(), Aggregates()
    part_a.add_line(line(), SETS, None)
    part_b.add_line(line(facility="Plant 2"), SETS, None)
    part_b.add_line(line(), SETS, None)
    merged = SummedAggregates.of_tables(
        json.loads(json.dumps(p.to_table())) for p in (part_a, part_b)
    )
    key = AggregateKey("2025-01", 1, 0, "stationary_combustion", "Plant 1")
    assert merged.totals(key).co2e["AR6"] == pytest.approx(440.0)
    assert merged.totals(key).rows == 2
    assert merged.months() == ["2025-01"]
    assert summed(part_b).table(list(part_b.by_key)) == part_b.to_table()
    assert {key: summed(part_b).totals(key) for key in part_b.by_key} == part_b.by_key


def test_tables_with_different_columns_add_up_as_their_totals_do() -> None:
    """A column one part lacks (a gas, market-based CO2e) is absent there, not zero."""
    refrigerant = line(
        category="refrigerants",
        other_gases_kg={"HFC-134a": 2.0},
        provenance={"factors": [{"source": "IPCC AR5"}, {"source": "DEFRA", "edition": "2025"}]},
    )
    electricity = line(category="electricity", scope=2, facility="B")
    first, second, third = Aggregates(), Aggregates(), Aggregates()
    first.add_line(refrigerant, SETS, None)
    second.add_line(electricity, {"AR4": 50.0, "AR5": 51.0, "AR6": 52.0}, 7.0)
    second.add_line(line(), SETS, None)
    third.add_line(refrigerant, SETS, None)
    third.add_line(line(), SETS, None)
    expected: dict[AggregateKey, Totals] = {}
    for part in (first, second, third):
        for key, totals in part.by_key.items():
            expected.setdefault(key, Totals()).add(totals)
    tables = SummedAggregates.of_tables(part.to_table() for part in (first, second, third))
    by_key = {key: tables.totals(key) for key in tables.sums}
    assert by_key == expected
    market = [t for k, t in by_key.items() if k.scope == 2]
    assert [t.market_co2e for t in market] == [dict.fromkeys(SETS, 7.0)]
    assert all(not t.market_co2e for k, t in by_key.items() if k.scope != 2)
    # Grouped, they add up as their Totals do.
    by_category: dict[str, Totals] = {}
    for key, totals in expected.items():
        by_category.setdefault(key.category, Totals()).add(totals)
    assert tables.grouped(lambda key: key.category) == by_category


def _year_of_parts() -> list[dict[str, Any]]:
    """Three parts' tables: two months, three facilities, Scopes 1 to 3."""
    parts = [Aggregates() for _ in range(3)]
    for number, part in enumerate(parts):
        for month in ("01", "02"):
            period = {"period_start": f"2025-{month}-01", "period_end": f"2025-{month}-28"}
            part.add_line(line(facility=f"Plant {number}", **period), SETS, None)
            grid = line(category="electricity", scope=2, facility=f"Site {number % 2}", **period)
            part.add_line(grid, {"AR4": 50.0, "AR5": 51.0 + number, "AR6": 52.0}, 4.0 * number)
            flight = line(category="business_travel", scope=3, ghg_category=6, **period)
            part.add_line(flight, SETS, None)
    return [json.loads(json.dumps(part.to_table())) for part in parts]


def test_sums_by_fewer_dimensions_are_the_full_keys_grouped() -> None:
    tables = _year_of_parts()
    full = SummedAggregates.of_tables(tables)
    by_category = SummedAggregates.of_tables(tables, ("scope", "category"))
    blank = AggregateKey(month="", scope=0, ghg_category=0, category="", facility="")
    assert sorted(by_category.sums) == [
        blank._replace(scope=1, category="stationary_combustion"),
        blank._replace(scope=2, category="electricity"),
        blank._replace(scope=3, category="business_travel"),
    ]
    expected = full.grouped(lambda key: blank._replace(scope=key.scope, category=key.category))
    assert {key: by_category.totals(key) for key in by_category.sums} == expected
    for group_by in GROUPINGS:
        reduced = SummedAggregates.of_tables(tables, summary_dimensions(group_by))
        for gwp_set in GWP_SETS:
            assert summarise(reduced, group_by, gwp_set) == summarise(full, group_by, gwp_set)
    exported = SummedAggregates.of_tables(tables, INVENTORY_DIMENSIONS)
    period = ("2025-01", "2025-02")
    assert inventory_rows(exported, "AR5", period, "2025") == inventory_rows(
        full, "AR5", period, "2025"
    )


def test_sums_do_not_depend_on_the_order_tables_come_in() -> None:
    """Columns are summed with compensation: adding 1e16, 1.0 and -1e16 one after another
    loses the 1.0."""
    key = ["2025-01", 1, 0, "stationary_combustion", "Plant 1"]

    def table(value: float) -> dict[str, Any]:
        return {"columns": ["rows"], "editions": [], "entries": [[*key, [], [value]]]}

    for order in ((1e16, 1.0, -1e16), (1.0, 1e16, -1e16), (-1e16, 1e16, 1.0)):
        summed_tables = SummedAggregates.of_tables(table(value) for value in order)
        assert summed_tables.sums == {AggregateKey(*key): [1.0]}
        assert summed_tables.grouped(lambda _: "all")["all"].rows == 1.0
