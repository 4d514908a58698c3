"""The GHG Protocol inventory table an export writes: one row per scope and category."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from footprint.domain.inventory.aggregates import SummedAggregates, Totals
from footprint.domain.inventory.summary import editions_under, quality_of
from footprint.domain.uncertainty import METHOD, total_range

# What the export's table is grouped by.
INVENTORY_DIMENSIONS = ("scope", "ghg_category", "category")


EXPORT_COLUMNS = (
    "scope",
    "ghg_protocol_category",
    "category",
    "co2e_t",
    "co2_t",
    "ch4_t",
    "n2o_t",
    "other_gases_t",
    "co2e_as_published_t",
    "biogenic_co2_t",
    "scope_2_method",
    "gwp_set",
    "period_from",
    "period_to",
    "base_year",
    "factor_editions",
    # The location-based CO2e's 95 % half-width (IPCC Approach 1), the CO2e it covers, and
    # why a row has none (``footprint.domain.uncertainty``).
    "co2e_uncertainty_95_t",
    "uncertainty_covers_co2e_t",
    "uncertainty_note",
    # The emissions-weighted data-quality score (1 best, 5 worst) and the share of the
    # row's location-based CO2e it covers, as the summary answers them (``quality_of``).
    "quality_score",
    "quality_coverage",
)


def inventory_rows(
    aggregates: SummedAggregates, gwp_set: str, period: tuple[str, str], base_year: str
) -> list[list[str]]:
    """The GHG Protocol inventory table: one row per scope and category (Scope 2 twice);
    ``aggregates`` keep at least ``INVENTORY_DIMENSIONS``."""
    by_category = aggregates.grouped(lambda key: (key.scope, key.ghg_category, key.category))
    rows: list[list[str]] = []
    for (scope, ghg_category, category), totals in sorted(by_category.items()):
        methods: Sequence[tuple[str, dict[str, float]]] = (
            [("location-based", totals.co2e), ("market-based", totals.market_co2e)]
            if scope == 2
            else [("", totals.co2e)]
        )
        for method, co2e in methods:
            rows.append(
                [
                    f"Scope {scope}",
                    str(ghg_category) if scope == 3 else "",
                    category,
                    _tonnes(co2e.get(gwp_set, 0.0)),
                    _tonnes(totals.gases.get("co2_kg", 0.0)),
                    _tonnes(totals.gases.get("ch4_kg", 0.0)),
                    _tonnes(totals.gases.get("n2o_kg", 0.0)),
                    _tonnes(sum(totals.other_gases.values())),
                    _tonnes(totals.gases.get("co2e_as_published_kg", 0.0)),
                    _tonnes(totals.gases.get("biogenic_co2_kg", 0.0)),
                    method,
                    gwp_set,
                    period[0],
                    period[1],
                    base_year,
                    "; ".join(editions_under(totals.editions, gwp_set)),
                    *_uncertainty_cells(totals, gwp_set, method),
                    *_quality_cells(totals, gwp_set),
                ]
            )
    return rows


def _uncertainty_cells(totals: Totals, gwp_set: str, method: str) -> list[str]:
    """The half-width, the CO2e it covers and a note; market-based rows carry no range."""
    if method == "market-based":
        return ["", "", "market-based figures carry no range"]
    ranged = total_range(
        totals.co2e.get(gwp_set, 0.0),
        totals.ranged_co2e.get(gwp_set, 0.0),
        totals.squared_half_widths.get(gwp_set, 0.0),
    )
    found = ranged["uncertainty"]
    if found is None:
        return ["", "", str(ranged["uncertainty_reason"])]
    note = METHOD
    if found["not_covered_co2e_kg"] > 0.0:
        note = f"{_tonnes(found['not_covered_co2e_kg'])} t carry no range; {METHOD}"
    return [_tonnes(found["half_width_kg"]), _tonnes(found["covered_co2e_kg"]), note]


def _quality_cells(totals: Totals, gwp_set: str) -> list[str]:
    """The row's weighted score and its coverage, blank where none. A line's score speaks
    to its market-based figure too (``location_for_market``), so a Scope 2 category's two
    rows carry the same score, weighted by the location-based CO2e the aggregates keep."""
    quality = quality_of(totals, gwp_set)
    return [
        "" if value is None else f"{value:.6f}"
        for value in (quality["quality_score"], quality["quality_coverage"])
    ]


def _tonnes(kilograms: float) -> str:
    return f"{kilograms / 1000.0:.6f}"


def to_csv(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()
