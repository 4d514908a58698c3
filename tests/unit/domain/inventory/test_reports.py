"""The CDP- and ESRS E1-6-shaped reports of a small known inventory, worked by hand.

The inventory: Plant 1 burns gas (Scope 1, 210 kg under AR5), Plant 2 buys grid electricity
(Scope 2, 51 kg location-based, 0 kg market-based under a zero-emission instrument), and
Plant 1's business travel (Scope 3 category 6, 30 kg)."""

from __future__ import annotations

import csv
import io

from footprint.domain.inventory import Aggregates, SummedAggregates, to_csv
from footprint.domain.inventory.reports import (
    CDP_COLUMNS,
    ESRS_COLUMNS,
    NO_COUNTRY,
    NOT_CALCULATED,
    NOT_SET,
    REPORT_DIMENSIONS,
    cdp_rows,
    esrs_rows,
)
from tests.support.inventory import SETS, line

PERIOD = ("2025-01", "2025-12")


def _inventory() -> SummedAggregates:
    aggregates = Aggregates()
    aggregates.add_line(line(), SETS, None)  # 210 kg under AR5
    grid = line(category="electricity", scope=2, facility="Plant 2")
    aggregates.add_line(grid, {"AR4": 50.0, "AR5": 51.0, "AR6": 52.0}, 0.0)
    travel = line(category="business_travel", scope=3, ghg_category=6)
    aggregates.add_line(travel, {"AR4": 30.0, "AR5": 30.0, "AR6": 31.0}, None)
    return SummedAggregates.of_tables([aggregates.to_table()], REPORT_DIMENSIONS)


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
        ("C7 (breakdown)", "By country, all scopes", "", "", NO_COUNTRY),
    ]


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
        for row in table[5:]
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
    assert {(row["base_year"], row["base_year_t"], row["target"]) for row in table[5:]} == {
        (NOT_SET, NOT_SET, NOT_SET)
    }


def test_an_empty_year_is_not_calculated_rather_than_zero() -> None:
    empty = SummedAggregates.of_tables([], REPORT_DIMENSIONS)
    esrs = _table(ESRS_COLUMNS, esrs_rows(empty, "AR5", PERIOD))[5:]
    assert {row["reporting_year_t"] for row in esrs} == {NOT_CALCULATED}
    cdp = _table(CDP_COLUMNS, cdp_rows(empty, "AR5", PERIOD))[5:]
    assert cdp[0]["co2e_t"] == ""
    assert cdp[0]["status"] == NOT_CALCULATED
