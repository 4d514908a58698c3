"""Summaries of the aggregates: grouped with the scope beside the group, Scope 2 both ways, row
shares, and labels naming the GWP set asked for."""

from __future__ import annotations

import re
from typing import Any

import pytest

from footprint.domain.batch import calculate_part
from footprint.domain.errors import InvalidInput
from footprint.domain.factors.gwp import GWP_SETS
from footprint.domain.inventory import (
    EXPORT_COLUMNS,
    INVENTORY_DIMENSIONS,
    Aggregates,
    SummedAggregates,
    inventory_rows,
    summarise,
    summary_dimensions,
)
from tests.support.inventory import SETS, line, summed


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


def test_each_group_is_split_by_scope_and_a_category_names_its_number() -> None:
    aggregates = Aggregates()
    aggregates.add_line(line(), SETS, None)
    travel = line(category="business_travel", scope=3, ghg_category=6, facility="HQ")
    aggregates.add_line(travel, {"AR4": 5.0, "AR5": 6.0, "AR6": 7.0}, None)
    grid = line(category="electricity", scope=2, market_based_co2e_kg=1.0)
    aggregates.add_line(grid, {"AR4": 40.0, "AR5": 41.0, "AR6": 42.0}, 1.0)

    by_month = summarise(summed(aggregates), "month", "AR5")
    (january,) = by_month["groups"]
    assert january["co2e_kg_by_scope"] == {"scope-1": 210.0, "scope-2": 41.0, "scope-3": 6.0}
    assert sum(january["co2e_kg_by_scope"].values()) == pytest.approx(january["co2e_kg"])
    assert "ghg_category" not in january

    by_category = {g["key"]: g for g in summarise(summed(aggregates), "category", "AR6")["groups"]}
    assert (
        by_category["business_travel"]["scope"],
        by_category["business_travel"]["ghg_category"],
    ) == (3, 6)
    assert (by_category["electricity"]["scope"], by_category["electricity"]["ghg_category"]) == (
        2,
        None,
    )
    assert by_category["business_travel"]["co2e_kg_by_scope"] == {"scope-3": 7.0}
