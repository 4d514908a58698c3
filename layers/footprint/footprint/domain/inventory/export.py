"""The GHG Protocol inventory table an export writes: one row per scope and category."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from footprint.domain.inventory.aggregates import SummedAggregates
from footprint.domain.inventory.summary import editions_under

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
                ]
            )
    return rows


def _tonnes(kilograms: float) -> str:
    return f"{kilograms / 1000.0:.6f}"


def to_csv(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()
