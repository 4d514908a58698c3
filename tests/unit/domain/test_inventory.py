from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

import pytest

from footprint.domain.batch import calculate_part
from footprint.domain.errors import InvalidInput
from footprint.domain.factors.gwp import GWP_SETS
from footprint.domain.inventory import (
    EXPORT_COLUMNS,
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
    to_csv,
)


def line(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "facility": "Plant 1",
        "period_start": "2025-01-01",
        "period_end": "2025-01-31",
        "category": "stationary_combustion",
        "scope": 1,
        "ghg_category": None,
        "co2_kg": 100.0,
        "ch4_kg": 1.0,
        "n2o_kg": 0.5,
        "other_gases_kg": {},
        "co2e_as_published_kg": 0.0,
        "biogenic_co2_kg": 3.0,
        "provenance": {"factors": [{"source": "US EPA, Hub", "edition": "2025"}]},
        "market_based_co2e_kg": None,
        "market_basis": None,
    }
    base.update(overrides)
    return base


SETS = {"AR4": 200.0, "AR5": 210.0, "AR6": 220.0}


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


def summed(aggregates: Aggregates) -> SummedAggregates:
    """``aggregates`` in the form the queries read: as a part hands it over."""
    return SummedAggregates.of_tables([aggregates.to_table()])


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
        assert summed_tables.sums == {AggregateKey._make(key): [1.0]}
        assert summed_tables.grouped(lambda _: "all")["all"].rows == 1.0


def test_summary_dimensions_keep_the_scope_beside_the_group() -> None:
    assert summary_dimensions("scope") == ("scope",)
    assert summary_dimensions("facility") == ("scope", "facility")
    assert summary_dimensions("month") == ("scope", "month")
    with pytest.raises(InvalidInput) as refused:
        summary_dimensions("planet")
    assert refused.value.details["field"] == "group_by"


def test_summary_reports_scope_2_both_ways_under_the_chosen_set() -> None:
    aggregates = Aggregates()
    aggregates.add_line(line(), SETS, None)
    electricity = line(category="electricity", scope=2, market_based_co2e_kg=0.0)
    aggregates.add_line(electricity, {"AR4": 50.0, "AR5": 51.0, "AR6": 52.0}, 0.0)
    grid = line(category="electricity", scope=2, facility="B", market_based_co2e_kg=9.0)
    aggregates.add_line(grid, {"AR4": 9.0, "AR5": 9.0, "AR6": 9.0}, None)
    summary = summarise(summed(aggregates), "scope", "AR6")
    assert summary["totals"]["co2e_kg"] == pytest.approx(220.0 + 52.0 + 9.0)
    assert summary["totals"]["co2e_t"] == pytest.approx(0.281)
    assert summary["scope_2"]["location_based_kg"] == pytest.approx(61.0)
    assert summary["scope_2"]["market_based_kg"] == pytest.approx(9.0)
    assert summary["totals"]["co2e_market_based_kg"] == pytest.approx(220.0 + 9.0)
    assert [group["key"] for group in summary["groups"]] == ["scope-1", "scope-2"]
    assert summary["totals"]["biogenic_co2_kg"] == pytest.approx(9.0)  # kept apart


@pytest.mark.parametrize(("group_by", "gwp"), [("planet", "AR5"), ("scope", "AR3")])
def test_summary_refuses_unknown_groupings_and_sets(group_by: str, gwp: str) -> None:
    with pytest.raises(InvalidInput):
        summarise(summed(Aggregates()), group_by, gwp)


def test_inventory_table_lists_scope_2_twice_and_scope_3_categories() -> None:
    aggregates = Aggregates()
    aggregates.add_line(line(), SETS, None)
    aggregates.add_line(line(category="electricity", scope=2), SETS, 0.0)
    aggregates.add_line(line(category="business_travel", scope=3, ghg_category=6), SETS, None)
    rows = inventory_rows(summed(aggregates), "AR5", ("2025-01", "2025-12"), "2024")
    table = list(csv.reader(io.StringIO(to_csv(EXPORT_COLUMNS, rows))))
    assert table[0] == list(EXPORT_COLUMNS)
    scopes = [(row[0], row[1], row[10]) for row in table[1:]]
    assert scopes == [
        ("Scope 1", "", ""),
        ("Scope 2", "", "location-based"),
        ("Scope 2", "", "market-based"),
        ("Scope 3", "6", ""),
    ]
    assert table[2][3] == "0.210000"
    assert table[3][3] == "0.000000"
    assert table[1][14] == "2024"


def _refrigerant_and_gas_part(gwp_set: str) -> dict[str, Any]:
    """The aggregates table of a part calculated under ``gwp_set``: a refrigerant blend, a
    single species and natural gas."""
    base = {
        "facility": "Plant 1",
        "period_start": "2025-01-01",
        "period_end": "2025-01-31",
    }
    records = [
        (
            2,
            {
                **base,
                "category": "refrigerants",
                "activity": "R-410A",
                "quantity": "4",
                "unit": "kg",
            },
        ),
        (
            3,
            {
                **base,
                "category": "refrigerants",
                "activity": "HFC-134a",
                "quantity": "2",
                "unit": "kg",
            },
        ),
        (
            4,
            {
                **base,
                "category": "stationary_combustion",
                "activity": "natural_gas",
                "quantity": "100",
                "unit": "mmBtu",
                "region": "US",
            },
        ),
    ]
    outcome = calculate_part(records, gwp_set)
    assert not outcome.errors
    return outcome.aggregates().to_table()


@pytest.mark.parametrize("asked", GWP_SETS)
def test_summary_and_export_labels_name_the_gwp_set_asked_for(asked: str) -> None:
    """Aggregates keep the editions as their calculation named them ("... + IPCC AR5
    GWP-100"); a summary or export under another set must name that set, not the stored one."""
    for calculated in GWP_SETS:
        aggregates = SummedAggregates.of_tables([_refrigerant_and_gas_part(calculated)])
        summary = summarise(aggregates, "category", asked)
        labels = [name for name in summary["editions"] if "GWP-100" in name]
        assert labels, summary["editions"]
        for name in labels:
            assert re.findall(r"IPCC (AR\d) GWP-100", name) == [asked], (calculated, name)
        assert any("Table 12 (composition)" in name for name in labels)
        by_category = SummedAggregates.of_tables(
            [_refrigerant_and_gas_part(calculated)], INVENTORY_DIMENSIONS
        )
        rows = inventory_rows(by_category, asked, ("2025-01", "2025-01"), "2025")
        column = EXPORT_COLUMNS.index("factor_editions")
        named = [set(re.findall(r"IPCC (AR\d) GWP-100", row[column])) for row in rows]
        assert {"refrigerants"} == {row[2] for row, sets in zip(rows, named, strict=True) if sets}
        assert all(sets <= {asked} for sets in named), (calculated, asked, rows)
        assert {row[EXPORT_COLUMNS.index("gwp_set")] for row in rows} == {asked}


def test_a_row_spanning_months_is_a_row_share_in_each() -> None:
    aggregates = Aggregates()
    # 12 days in January, 8 in February: 0.6 of the row in January, 0.4 in February.
    aggregates.add_line(line(period_start="2025-01-20", period_end="2025-02-08"), SETS, None)
    aggregates.add_line(line(), SETS, None)
    summary = summarise(summed(aggregates), "month", "AR5")
    shares = {group["key"]: group["row_share"] for group in summary["groups"]}
    assert shares == {"2025-01": pytest.approx(1.6), "2025-02": pytest.approx(0.4)}
    assert summary["totals"]["row_share"] == pytest.approx(2.0)
    assert all("rows" not in group for group in [summary["totals"], *summary["groups"]])
