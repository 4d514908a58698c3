"""The CDP- and ESRS E1-6-shaped reports of a small known inventory, worked by hand.

The inventory: Plant 1 burns gas in the US (Scope 1, 210 kg under AR5), Plant 2 buys grid
electricity in the UK (Scope 2, 51 kg location-based, 0 kg market-based under a zero-emission
instrument), and Plant 1's business travel in the US (Scope 3 category 6, 30 kg). Its base
year, 2020, had 300 kg of Scope 1, 100 kg of Scope 2 location-based (80 kg market-based), 50 kg
of business travel and 20 kg of employee commuting (Scope 3 category 7), all under AR5."""

from __future__ import annotations

import csv
import io
from typing import Any

from footprint.domain.inventory import Aggregates, SummedAggregates, to_csv
from footprint.domain.inventory.reports import (
    CDP_COLUMNS,
    COUNTRY_NOT_STATED,
    ESRS_COLUMNS,
    NOT_CALCULATED,
    NOT_SET,
    RECALCULATION_NEEDED,
    REPORT_DIMENSIONS,
    BaseYearColumns,
    cdp_rows,
    esrs_rows,
)
from footprint.domain.targets import TargetTerms
from tests.support.inventory import SETS, line

PERIOD = ("2025-01", "2025-12")


def _in(country: str | None, **overrides: Any) -> dict[str, Any]:
    """A line whose plan placed it in ``country`` (None: no region, as a refrigerant)."""
    provenance = {**line()["provenance"], "country": country}
    return line(provenance=provenance, **overrides)


def _inventory() -> SummedAggregates:
    aggregates = Aggregates()
    aggregates.add_line(_in("US"), SETS, None)  # 210 kg under AR5
    grid = _in("GB", category="electricity", scope=2, facility="Plant 2")
    aggregates.add_line(grid, {"AR4": 50.0, "AR5": 51.0, "AR6": 52.0}, 0.0)
    travel = _in("US", category="business_travel", scope=3, ghg_category=6)
    aggregates.add_line(travel, {"AR4": 30.0, "AR5": 30.0, "AR6": 31.0}, None)
    return SummedAggregates.of_tables([aggregates.to_table()], REPORT_DIMENSIONS)


def _category(scope: int, ghg_category: int, method: str, ar5_kg: float) -> dict[str, Any]:
    """A snapshot's row as ``category_rows`` keeps it (AR4 and AR6 set apart from AR5)."""
    return {
        "scope": scope,
        "ghg_category": ghg_category,
        "category": "x",
        "method": method,
        "co2e_kg": {"AR4": ar5_kg - 1.0, "AR5": ar5_kg, "AR6": ar5_kg + 1.0},
    }


def _base_year(recalculation_needed: bool = False) -> BaseYearColumns:
    return BaseYearColumns(
        year=2020,
        period=("2020-01", "2020-12"),
        taken_at="2021-02-01T00:00:00Z",
        categories=[
            _category(1, 1, "location", 300.0),
            _category(2, 2, "location", 100.0),
            _category(2, 2, "market", 80.0),
            _category(3, 6, "location", 50.0),
            _category(3, 7, "location", 20.0),
            {**_category(3, 0, "location", 0.0), "ghg_category": None},  # no category kept
        ],
        recalculation_needed=recalculation_needed,
    )


OPERATIONS = TargetTerms("Ops", (1, 2), "market", 2020, 2030, 42.0)
TRAVEL = TargetTerms("Travel", (3,), "location", 2019, 2030, 25.5)
EVERYTHING = TargetTerms("All", (1, 2, 3), "location", 2020, 2050, 90.0)


def _disclosures(table: list[dict[str, str]]) -> list[dict[str, str]]:
    return [row for row in table if row["disclosure"] == "E1-6"]


def _table(columns: tuple[str, ...], rows: list[list[str]]) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(to_csv(columns, rows))))


def test_the_cdp_report_names_its_shape_gwp_set_period_and_editions() -> None:
    table = _table(CDP_COLUMNS, cdp_rows(_inventory(), "AR5", PERIOD))
    metadata = {row["cdp_question"]: row["item"] for row in table[:5]}
    assert metadata["metadata: gwp_set"] == "IPCC AR5 GWP-100"
    assert metadata["metadata: period"] == "2025-01 to 2025-12"
    assert metadata["metadata: factor_editions"] == "US EPA, Hub 2025"
    assert "C6.1" in metadata["metadata: shaped after"]
    assert "C7" in metadata["metadata: shaped after"]


def test_the_cdp_report_s_rows_worked_by_hand() -> None:
    table = _table(CDP_COLUMNS, cdp_rows(_inventory(), "AR5", PERIOD))[5:]
    cells = [
        (row["cdp_question"], row["item"], row["scope_2_method"], row["co2e_t"], row["status"])
        for row in table
    ]
    assert cells[:3] == [
        ("C6.1", "Gross global Scope 1 emissions", "", "0.210000", "calculated"),
        ("C6.3", "Gross global Scope 2 emissions", "location-based", "0.051000", "calculated"),
        ("C6.3", "Gross global Scope 2 emissions", "market-based", "0.000000", "calculated"),
    ]
    scope_3 = cells[3:18]
    assert (
        next(item for _, item, *_ in scope_3) == "Scope 3 category 1: Purchased goods and services"
    )
    assert [item.split(":")[0] for _, item, *_ in scope_3] == [
        f"Scope 3 category {number}" for number in range(1, 16)
    ]
    assert scope_3[5][3:] == ("0.030000", "calculated")  # category 6, business travel
    assert all(cell[3:] == ("", NOT_CALCULATED) for n, cell in enumerate(scope_3) if n != 5)
    assert cells[18:] == [
        ("C7 (breakdown)", "Scope 1 by facility: Plant 1", "", "0.210000", "calculated"),
        ("C7 (breakdown)", "Scope 3 by facility: Plant 1", "", "0.030000", "calculated"),
        (
            "C7 (breakdown)",
            "Scope 2 by facility: Plant 2",
            "location-based",
            "0.051000",
            "calculated",
        ),
        (
            "C7 (breakdown)",
            "Scope 2 by facility: Plant 2",
            "market-based",
            "0.000000",
            "calculated",
        ),
        ("C7 (breakdown)", "Scope 2 by country: GB", "location-based", "0.051000", "calculated"),
        ("C7 (breakdown)", "Scope 2 by country: GB", "market-based", "0.000000", "calculated"),
        ("C7 (breakdown)", "Scope 1 by country: US", "", "0.210000", "calculated"),
        ("C7 (breakdown)", "Scope 3 by country: US", "", "0.030000", "calculated"),
    ]


def test_lines_without_a_country_are_a_row_of_their_own_not_a_guess() -> None:
    aggregates = Aggregates()
    aggregates.add_line(_in("US"), SETS, None)  # 210 kg under AR5
    leak = _in(None, category="refrigerants", facility="Plant 2")
    aggregates.add_line(leak, {"AR4": 1430.0, "AR5": 1300.0, "AR6": 1530.0}, None)
    # Aggregates kept before the country was: their entries have one key field fewer.
    old = Aggregates()
    old.add_line(_in("US", facility="Plant 3"), {"AR5": 100.0}, None)
    old_table = old.to_table()
    old_table["entries"] = [[*entry[:5], *entry[6:]] for entry in old_table["entries"]]
    summed = SummedAggregates.of_tables([aggregates.to_table(), old_table], REPORT_DIMENSIONS)
    table = _table(CDP_COLUMNS, cdp_rows(summed, "AR5", PERIOD))
    by_country = [(row["item"], row["co2e_t"]) for row in table if " by country: " in row["item"]]
    # 1,300 kg leaked and the 100 kg kept before countries were: 1.4 t not stated.
    assert by_country == [
        ("Scope 1 by country: US", "0.210000"),
        (f"Scope 1 by country: {COUNTRY_NOT_STATED}", "1.400000"),
    ]
    facilities = {row["item"]: row["co2e_t"] for row in table if " by facility: " in row["item"]}
    assert facilities["Scope 1 by facility: Plant 3"] == "0.100000"


def test_the_cdp_report_follows_the_gwp_set_asked_for() -> None:
    table = _table(CDP_COLUMNS, cdp_rows(_inventory(), "AR6", PERIOD))
    assert table[5]["co2e_t"] == "0.220000"
    assert table[6]["co2e_t"] == "0.052000"


def test_the_esrs_table_s_rows_worked_by_hand() -> None:
    table = _table(ESRS_COLUMNS, esrs_rows(_inventory(), "AR5", PERIOD))
    assert table[0]["disclosure"] == "metadata: shaped after"
    assert "2023/2772" in table[0]["item"]
    assert table[1]["item"] == "IPCC AR5 GWP-100"
    cells = [
        (row["esrs_e1_paragraph"], row["item"], row["scope_2_method"], row["reporting_year_t"])
        for row in _disclosures(table)
    ]
    assert cells == [
        ("44(a)", "Gross Scope 1 GHG emissions", "", "0.210000"),
        ("44(b)", "Gross Scope 2 GHG emissions", "location-based", "0.051000"),
        ("44(b)", "Gross Scope 2 GHG emissions", "market-based", "0.000000"),
        ("44(c)", "Gross Scope 3 GHG emissions", "", "0.030000"),
        ("44(c)", "Scope 3 category 6: Business travel", "", "0.030000"),
        # 0.210 + 0.051 + 0.030 and 0.210 + 0 + 0.030 (paragraph 52).
        ("44(d), 52, AR 47", "Total GHG emissions", "location-based", "0.291000"),
        ("44(d), 52, AR 47", "Total GHG emissions", "market-based", "0.240000"),
    ]
    assert {
        (row["base_year"], row["base_year_t"], row["target"]) for row in _disclosures(table)
    } == {(NOT_SET, NOT_SET, NOT_SET)}
    assert table[5]["disclosure"] == "metadata: base_year"
    assert table[5]["item"] == NOT_SET


def test_the_esrs_table_s_base_year_and_targets_worked_by_hand() -> None:
    targets = [OPERATIONS, TRAVEL, EVERYTHING]
    table = _table(ESRS_COLUMNS, esrs_rows(_inventory(), "AR5", PERIOD, _base_year(), targets))
    ops = "\u221242 % by 2030 against 2020 (Ops)"
    travel = "\u221225.5 % by 2030 against 2019 (Travel)"
    everything = "\u221290 % by 2050 against 2020 (All)"
    cells = [
        (
            row["item"],
            row["scope_2_method"],
            row["reporting_year_t"],
            row["base_year"],
            row["base_year_t"],
            row["target"],
        )
        for row in _disclosures(table)
    ]
    assert cells == [
        ("Gross Scope 1 GHG emissions", "", "0.210000", "2020", "0.300000", f"{ops}; {everything}"),
        (
            "Gross Scope 2 GHG emissions",
            "location-based",
            "0.051000",
            "2020",
            "0.100000",
            everything,  # Ops measures Scope 2 market-based
        ),
        ("Gross Scope 2 GHG emissions", "market-based", "0.000000", "2020", "0.080000", ops),
        (
            "Gross Scope 3 GHG emissions",
            "",
            "0.030000",
            "2020",
            "0.070000",
            f"{travel}; {everything}",
        ),
        (
            "Scope 3 category 6: Business travel",
            "",
            "0.030000",
            "2020",
            "0.050000",
            f"{travel}; {everything}",
        ),
        # Calculated in the base year only: the row stays, so the drop shows.
        (
            "Scope 3 category 7: Employee commuting",
            "",
            NOT_CALCULATED,
            "2020",
            "0.020000",
            f"{travel}; {everything}",
        ),
        # 0.300 + 0.100 + 0.070, and 0.300 + 0.080 + 0.070; only All covers every scope,
        # and it measures Scope 2 location-based.
        ("Total GHG emissions", "location-based", "0.291000", "2020", "0.470000", everything),
        ("Total GHG emissions", "market-based", "0.240000", "2020", "0.450000", NOT_SET),
    ]
    metadata = {row["disclosure"]: row["item"] for row in table[:7]}
    assert metadata["metadata: base_year"] == (
        "2020: 2020-01 to 2020-12, snapshot of 2021-02-01T00:00:00Z"
    )
    assert metadata["metadata: base_year_recalculation"] == "not needed"


def test_the_esrs_base_year_follows_the_gwp_set_and_says_when_it_needs_recalculating() -> None:
    table = _table(ESRS_COLUMNS, esrs_rows(_inventory(), "AR6", PERIOD, _base_year(True)))
    metadata = {row["disclosure"]: row["item"] for row in table[:7]}
    assert metadata["metadata: base_year_recalculation"] == RECALCULATION_NEEDED
    rows = _disclosures(table)
    assert rows[0]["base_year_t"] == "0.301000"  # Scope 1 under AR6
    assert {row["target"] for row in rows} == {NOT_SET}


def test_a_row_the_base_year_did_not_calculate_says_so() -> None:
    scope_1_only = BaseYearColumns(
        2020, ("2020-04", "2021-03"), "t", [_category(1, 1, "location", 5.0)], False
    )
    rows = _disclosures(_table(ESRS_COLUMNS, esrs_rows(_inventory(), "AR5", PERIOD, scope_1_only)))
    assert [row["base_year_t"] for row in rows] == [
        "0.005000",
        NOT_CALCULATED,
        NOT_CALCULATED,
        NOT_CALCULATED,
        NOT_CALCULATED,  # category 6
        "0.005000",  # the totals: what was calculated
        "0.005000",
    ]


def test_an_empty_year_is_not_calculated_rather_than_zero() -> None:
    empty = SummedAggregates.of_tables([], REPORT_DIMENSIONS)
    esrs = _disclosures(_table(ESRS_COLUMNS, esrs_rows(empty, "AR5", PERIOD)))
    assert {row["reporting_year_t"] for row in esrs} == {NOT_CALCULATED}
    cdp = _table(CDP_COLUMNS, cdp_rows(empty, "AR5", PERIOD))[5:]
    assert cdp[0]["co2e_t"] == ""
    assert cdp[0]["status"] == NOT_CALCULATED
