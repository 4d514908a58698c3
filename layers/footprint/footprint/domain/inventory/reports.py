"""Disclosure-shaped reports of a reporting year's inventory, beside the GHG Protocol table:
CDP climate change (C6 emissions data, C7 breakdown) and ESRS E1-6.

Each report opens with metadata rows naming what it is shaped after, the GWP set, the
period and the factor editions behind its numbers, so a figure pasted into a questionnaire
can be traced. Figures are tonnes CO2e, location-based unless a row says market-based; an
empty category says "not calculated" rather than 0, which would claim it was measured.

The ESRS table's base-year columns come from the tenant's latest base-year snapshot and its
target column from the tenant's reduction targets, both passed in as plain data: reading
them is the route's work, shaping them is this module's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from footprint.domain.inventory.aggregates import SummedAggregates, Totals
from footprint.domain.inventory.summary import editions_under
from footprint.domain.targets import TargetTerms

# What a report's aggregates are summed by.
REPORT_DIMENSIONS = ("scope", "ghg_category", "category", "facility", "country")

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
    " breakdown (by facility; by country, ISO 3166-1 alpha-2)"
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
# The lines whose country is not stated: refrigerants carry no region, and aggregates kept
# before the country was have none (recalculating their upload states it).
COUNTRY_NOT_STATED = (
    "country not stated (lines without a region, such as refrigerants, or aggregated before"
    " countries were kept)"
)
RECALCULATION_NEEDED = (
    "needed: what is published for the base year now moved its total past the tenant's"
    " threshold; base_year_t is the snapshot's (GET /v1/inventory/base-year says why)"
)
RECALCULATION_NOT_NEEDED = "not needed"


@dataclass(frozen=True, slots=True)
class BaseYearColumns:
    """What the ESRS table shows of the tenant's base year: its latest snapshot's rows by
    scope, category and Scope 2 method (``Snapshot.categories``), and whether what is
    published now moved it past the recalculation threshold."""

    year: int
    period: tuple[str, str]
    taken_at: str
    categories: Sequence[Mapping[str, Any]]
    recalculation_needed: bool

    def kilograms(
        self, gwp_set: str, scopes: Sequence[int], method: str, category: int | None
    ) -> float | None:
        """The snapshot's kg CO2e of ``scopes`` (Scope 2 by ``method``, Scope 3 only
        ``category`` if one is named) under ``gwp_set``; None where it has no such row."""
        found = [
            float(row["co2e_kg"].get(gwp_set, 0.0))
            for row in self.categories
            if int(row["scope"]) in scopes
            and str(row["method"]) == (method if int(row["scope"]) == 2 else "location")
            # A Scope 3 line without a category keeps none (null): compared as text.
            and (category is None or str(row.get("ghg_category")) == str(category))
        ]
        return sum(found) if found else None


@dataclass(frozen=True, slots=True)
class _Item:
    """Which emissions an ESRS row holds: its scopes, its Scope 2 method (location or
    market) and, for a Scope 3 category's row, the category."""

    scopes: tuple[int, ...]
    method: str = "location"
    category: int | None = None


def target_text(terms: TargetTerms) -> str:
    """A target as the table names it: "−42 % by 2030 against 2020 (name)"."""
    return (
        f"\u2212{terms.reduction_pct:g} % by {terms.target_year} against {terms.base_year}"
        f" ({terms.name})"
    )


def _targets_of(item: _Item, targets: Sequence[TargetTerms]) -> str:
    """The targets covering every scope of ``item`` (those with Scope 2 measured by the
    row's method), joined; "not set" where none does."""
    names = [
        target_text(terms)
        for terms in targets
        if set(item.scopes) <= set(terms.scopes)
        and (2 not in item.scopes or terms.scope2_method == item.method)
    ]
    return "; ".join(names) or NOT_SET


class _Year:
    """A reporting year's totals by scope, Scope 3 category and facility, under one set."""

    def __init__(self, aggregates: SummedAggregates, gwp_set: str) -> None:
        self.gwp_set = gwp_set
        self.by_scope = aggregates.grouped(lambda key: key.scope)
        self.by_category = aggregates.grouped(lambda key: key.ghg_category if key.scope == 3 else 0)
        self.by_facility = aggregates.grouped(lambda key: (key.facility, key.scope))
        self.by_country = aggregates.grouped(lambda key: (key.country, key.scope))
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
        return _metadata_rows(named, columns)


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
    breakdowns = (
        ("facility", sorted(year.by_facility.items())),
        # Countries by code, the lines whose country is not stated last.
        ("country", sorted(year.by_country.items(), key=lambda item: (not item[0][0], item[0]))),
    )
    for dimension, groups in breakdowns:
        for (name, scope), totals in groups:
            methods = (
                [("location-based", False), ("market-based", True)] if scope == 2 else [("", False)]
            )
            for method, market in methods:
                cell = year.tonnes(totals, market)
                item = f"Scope {scope} by {dimension}: {name or COUNTRY_NOT_STATED}"
                rows.append(["C7 (breakdown)", item, method, cell, _status(cell)])
    return rows


def esrs_rows(
    aggregates: SummedAggregates,
    gwp_set: str,
    period: tuple[str, str],
    base_year: BaseYearColumns | None = None,
    targets: Sequence[TargetTerms] = (),
) -> list[list[str]]:
    """The ESRS E1-6-shaped table; ``aggregates`` keep at least ``REPORT_DIMENSIONS``.

    ``base_year_t`` is the base year's figure of the same row from ``base_year`` (the latest
    snapshot; "not set" without one, "not calculated" where the snapshot has no such row);
    ``target`` names the ``targets`` covering the row's scopes. A Scope 3 category gets a
    row when either year calculated it, so a category dropped since the base year shows.
    """
    year = _Year(aggregates, gwp_set)
    rows = year.metadata(ESRS_SHAPE, period, ESRS_COLUMNS)
    rows.extend(_base_year_metadata(base_year))

    def row(paragraph: str, item: str, method: str, cell: str, what: _Item) -> list[str]:
        if base_year is None:
            base = [NOT_SET, NOT_SET]
        else:
            kilograms = base_year.kilograms(gwp_set, what.scopes, what.method, what.category)
            base = [str(base_year.year), _tonnes(kilograms) or NOT_CALCULATED]
        target = _targets_of(what, targets)
        return ["E1-6", paragraph, item, method, cell or NOT_CALCULATED, *base, target]

    location, market = _Item((2,), "location"), _Item((2,), "market")
    rows.append(row("44(a)", "Gross Scope 1 GHG emissions", "", year.scope(1), _Item((1,))))
    rows.append(
        row("44(b)", "Gross Scope 2 GHG emissions", "location-based", year.scope(2), location)
    )
    rows.append(
        row("44(b)", "Gross Scope 2 GHG emissions", "market-based", year.scope(2, True), market)
    )
    rows.append(row("44(c)", "Gross Scope 3 GHG emissions", "", year.scope(3), _Item((3,))))
    for number, name in SCOPE_3_CATEGORIES.items():
        what = _Item((3,), category=number)
        cell = year.tonnes(year.by_category.get(number))
        was = base_year.kilograms(gwp_set, (3,), "location", number) if base_year else None
        if cell or was is not None:
            rows.append(row("44(c)", f"Scope 3 category {number}: {name}", "", cell, what))
    totals = "44(d), 52, AR 47"
    everything = (1, 2, 3)
    rows.append(
        row(totals, "Total GHG emissions", "location-based", year.total(False), _Item(everything))
    )
    rows.append(
        row(
            totals,
            "Total GHG emissions",
            "market-based",
            year.total(True),
            _Item(everything, "market"),
        )
    )
    return rows


def _base_year_metadata(base_year: BaseYearColumns | None) -> list[list[str]]:
    """Rows naming the base year's span and snapshot, and whether it needs recalculating."""
    if base_year is None:
        named = [("base_year", NOT_SET)]
    else:
        first, last = base_year.period
        named = [
            ("base_year", f"{base_year.year}: {first} to {last}, snapshot of {base_year.taken_at}"),
            (
                "base_year_recalculation",
                RECALCULATION_NEEDED
                if base_year.recalculation_needed
                else RECALCULATION_NOT_NEEDED,
            ),
        ]
    return _metadata_rows(named, ESRS_COLUMNS)


def _metadata_rows(named: Sequence[tuple[str, str]], columns: Sequence[str]) -> list[list[str]]:
    """``metadata: <name>`` in the first column, the value in the ``item`` column."""
    place = list(columns).index("item")
    rows = []
    for name, value in named:
        row = [""] * len(columns)
        row[0], row[place] = f"metadata: {name}", value
        rows.append(row)
    return rows
