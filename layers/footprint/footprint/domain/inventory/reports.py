"""Disclosure-shaped reports of a reporting year's inventory, beside the GHG Protocol table:
CDP climate change (C6 emissions data, C7 breakdown) and ESRS E1-6.

Each report opens with metadata rows naming what it is shaped after, the GWP set, the
period and the factor editions behind its numbers, so a figure pasted into a questionnaire
can be traced. Figures are tonnes CO2e, location-based unless a row says market-based; an
empty category says "not calculated" rather than 0, which would claim it was measured.
"""

from __future__ import annotations

from collections.abc import Sequence

from footprint.domain.inventory.aggregates import SummedAggregates, Totals
from footprint.domain.inventory.summary import editions_under

# What a report's aggregates are summed by.
REPORT_DIMENSIONS = ("scope", "ghg_category", "category", "facility")

# GHG Protocol Corporate Value Chain (Scope 3) Standard, Table 5.1: the 15 categories.
SCOPE_3_CATEGORIES = {
    1: "Purchased goods and services",
    2: "Capital goods",
    3: "Fuel- and energy-related activities (not included in Scope 1 or 2)",
    4: "Upstream transportation and distribution",
    5: "Waste generated in operations",
    6: "Business travel",
    7: "Employee commuting",
    8: "Upstream leased assets",
    9: "Downstream transportation and distribution",
    10: "Processing of sold products",
    11: "Use of sold products",
    12: "End-of-life treatment of sold products",
    13: "Downstream leased assets",
    14: "Franchises",
    15: "Investments",
}

CALCULATED = "calculated"
NOT_CALCULATED = "not calculated"
NOT_SET = "not set"

CDP_COLUMNS = ("cdp_question", "item", "scope_2_method", "co2e_t", "status")
CDP_SHAPE = (
    "CDP climate change questionnaire, module C6 Emissions data (C6.1 Scope 1 emissions data,"
    " C6.3 Scope 2 emissions data, C6.5 Scope 3 emissions data) and module C7 Emissions"
    " breakdown (by facility; by country where the data has it)"
)
ESRS_COLUMNS = (
    "disclosure",
    "esrs_e1_paragraph",
    "item",
    "scope_2_method",
    "reporting_year_t",
    "base_year",
    "base_year_t",
    "target",
)
ESRS_SHAPE = (
    "ESRS E1-6 Gross Scopes 1, 2, 3 and Total GHG emissions: Commission Delegated Regulation"
    " (EU) 2023/2772, Annex I, ESRS E1 paragraphs 44 to 52 and AR 47"
)
NO_COUNTRY = "not calculated: the lines carry a facility, not a country"


class _Year:
    """A reporting year's totals by scope, Scope 3 category and facility, under one set."""

    def __init__(self, aggregates: SummedAggregates, gwp_set: str) -> None:
        self.gwp_set = gwp_set
        self.by_scope = aggregates.grouped(lambda key: key.scope)
        self.by_category = aggregates.grouped(lambda key: key.ghg_category if key.scope == 3 else 0)
        self.by_facility = aggregates.grouped(lambda key: (key.facility, key.scope))
        self.editions: set[str] = set()
        for totals in self.by_scope.values():
            self.editions |= totals.editions

    def kilograms(self, totals: Totals | None, market: bool = False) -> float | None:
        """CO2e of ``totals`` under the set, None where no line was calculated."""
        if totals is None or totals.rows <= 0.0:
            return None
        return (totals.market_co2e if market else totals.co2e).get(self.gwp_set, 0.0)

    def tonnes(self, totals: Totals | None, market: bool = False) -> str:
        return _tonnes(self.kilograms(totals, market))

    def scope(self, scope: int, market: bool = False) -> str:
        return self.tonnes(self.by_scope.get(scope), market)

    def total(self, market: bool) -> str:
        """Scopes 1, 2 and 3 (ESRS E1 paragraph 52); blank when nothing was calculated."""
        parts = [
            self.kilograms(self.by_scope.get(1)),
            self.kilograms(self.by_scope.get(2), market),
            self.kilograms(self.by_scope.get(3)),
        ]
        known = [part for part in parts if part is not None]
        return _tonnes(sum(known)) if known else ""

    def metadata(
        self, shape: str, period: tuple[str, str], columns: Sequence[str]
    ) -> list[list[str]]:
        """Rows naming the report's shape, GWP set, period and editions: ``metadata: <name>``
        in the first column, the value in the ``item`` column."""
        named = [
            ("shaped after", shape),
            ("gwp_set", f"IPCC {self.gwp_set} GWP-100"),
            ("period", f"{period[0]} to {period[1]}"),
            ("factor_editions", "; ".join(editions_under(self.editions, self.gwp_set))),
            ("units", "tonnes CO2e; location-based unless scope_2_method says market-based"),
        ]
        place = list(columns).index("item")
        rows = []
        for name, value in named:
            row = [""] * len(columns)
            row[0], row[place] = f"metadata: {name}", value
            rows.append(row)
        return rows


def _tonnes(kilograms: float | None) -> str:
    return "" if kilograms is None else f"{kilograms / 1000.0:.6f}"


def _status(cell: str) -> str:
    return CALCULATED if cell else NOT_CALCULATED


def cdp_rows(
    aggregates: SummedAggregates, gwp_set: str, period: tuple[str, str]
) -> list[list[str]]:
    """The CDP-shaped table; ``aggregates`` keep at least ``REPORT_DIMENSIONS``."""
    year = _Year(aggregates, gwp_set)
    rows = year.metadata(CDP_SHAPE, period, CDP_COLUMNS)
    scope_1 = year.scope(1)
    rows.append(["C6.1", "Gross global Scope 1 emissions", "", scope_1, _status(scope_1)])
    for method, market in (("location-based", False), ("market-based", True)):
        cell = year.scope(2, market)
        rows.append(["C6.3", "Gross global Scope 2 emissions", method, cell, _status(cell)])
    for number, name in SCOPE_3_CATEGORIES.items():
        cell = year.tonnes(year.by_category.get(number))
        rows.append(["C6.5", f"Scope 3 category {number}: {name}", "", cell, _status(cell)])
    for (facility, scope), totals in sorted(year.by_facility.items()):
        methods = (
            [("location-based", False), ("market-based", True)] if scope == 2 else [("", False)]
        )
        for method, market in methods:
            cell = year.tonnes(totals, market)
            item = f"Scope {scope} by facility: {facility}"
            rows.append(["C7 (breakdown)", item, method, cell, _status(cell)])
    rows.append(["C7 (breakdown)", "By country, all scopes", "", "", NO_COUNTRY])
    return rows


def esrs_rows(
    aggregates: SummedAggregates, gwp_set: str, period: tuple[str, str]
) -> list[list[str]]:
    """The ESRS E1-6-shaped table; ``aggregates`` keep at least ``REPORT_DIMENSIONS``.

    The base year and the target are "not set" until the inventory keeps them (they are
    another part of issue 19); the columns are there so the table's shape does not change.
    """
    year = _Year(aggregates, gwp_set)
    rows = year.metadata(ESRS_SHAPE, period, ESRS_COLUMNS)
    unset = [NOT_SET, NOT_SET, NOT_SET]

    def row(paragraph: str, item: str, method: str, cell: str) -> list[str]:
        return ["E1-6", paragraph, item, method, cell or NOT_CALCULATED, *unset]

    rows.append(row("44(a)", "Gross Scope 1 GHG emissions", "", year.scope(1)))
    rows.append(row("44(b)", "Gross Scope 2 GHG emissions", "location-based", year.scope(2)))
    rows.append(row("44(b)", "Gross Scope 2 GHG emissions", "market-based", year.scope(2, True)))
    rows.append(row("44(c)", "Gross Scope 3 GHG emissions", "", year.scope(3)))
    for number, name in SCOPE_3_CATEGORIES.items():
        cell = year.tonnes(year.by_category.get(number))
        if cell:
            rows.append(row("44(c)", f"Scope 3 category {number}: {name}", "", cell))
    rows.append(row("44(d), 52, AR 47", "Total GHG emissions", "location-based", year.total(False)))
    rows.append(row("44(d), 52, AR 47", "Total GHG emissions", "market-based", year.total(True)))
    return rows
