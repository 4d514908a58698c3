"""A summary of summed aggregates under one GWP set, grouped by scope, category, facility or
month.

A summary counts a record whose period spans months as a share of a row in each month
(``row_share``: 0.5 of a row in each month of a period split evenly), so a month's
``row_share`` may be fractional; the shares of a row add up to 1 over its months.

CO2e is kept under every GWP set but the editions beside it are kept as one calculation named
them (a refrigerant's "... + IPCC AR5 GWP-100"): a summary or an export names the set it was
asked under (``follow_gwp_set``), never the calculation's.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from footprint.domain.errors import InvalidInput
from footprint.domain.factors.categories import CATEGORIES
from footprint.domain.factors.gwp import GWP_SETS, follow_gwp_set
from footprint.domain.inventory.aggregates import AggregateKey, SummedAggregates, Totals
from footprint.domain.quality import weighted_score
from footprint.domain.uncertainty import total_range

GROUPINGS = ("scope", "category", "facility", "month")


def summary_dimensions(group_by: str) -> tuple[str, ...]:
    """The dimensions a summary grouped by ``group_by`` reads: its group's, and the scope
    (Scope 2 is reported both ways)."""
    if group_by not in GROUPINGS:
        raise InvalidInput(f"group_by must be one of {', '.join(GROUPINGS)}", field="group_by")
    return tuple(dict.fromkeys(("scope", group_by)))


def check_month(value: str, field_name: str) -> str:
    try:
        date.fromisoformat(f"{value}-01")
    except ValueError:
        raise InvalidInput(f"{field_name} must be a month as YYYY-MM", field=field_name) from None
    if len(value) != 7:
        raise InvalidInput(f"{field_name} must be a month as YYYY-MM", field=field_name)
    return value


def _group_label(key: AggregateKey, group_by: str) -> str:
    if group_by == "scope":
        return f"scope-{key.scope}"
    if group_by == "category":
        return key.category
    if group_by == "facility":
        return key.facility
    return key.month


def _value(values: Sequence[float | None], index: int | None) -> float:
    """A column's value, 0.0 where the column or the value is missing."""
    value = None if index is None else values[index]
    return 0.0 if value is None else value


def _presented(totals: Totals, gwp_set: str) -> dict[str, Any]:
    location = totals.co2e.get(gwp_set, 0.0)
    return {
        # A row spanning months is shared between them by days (``month_shares``).
        "row_share": round(totals.rows, 6),
        "co2e_kg": location,
        "co2e_t": location / 1000.0,
        "gases_kg": {
            "co2": totals.gases.get("co2_kg", 0.0),
            "ch4": totals.gases.get("ch4_kg", 0.0),
            "n2o": totals.gases.get("n2o_kg", 0.0),
            "co2e_as_published": totals.gases.get("co2e_as_published_kg", 0.0),
            **dict(sorted(totals.other_gases.items())),
        },
        "biogenic_co2_kg": totals.gases.get("biogenic_co2_kg", 0.0),
        # Location-based CO2e's 95 % range (IPCC Approach 1), or null with the reason.
        **total_range(
            location,
            totals.ranged_co2e.get(gwp_set, 0.0),
            totals.squared_half_widths.get(gwp_set, 0.0),
        ),
        **quality_of(totals, gwp_set),
    }


def quality_of(totals: Totals, gwp_set: str) -> dict[str, float | None]:
    """The emissions-weighted data-quality score (1 best, 5 worst) of ``totals`` under
    ``gwp_set``, and the share of its kg CO2e that carries a score: aggregates kept before
    lines were scored carry none (a null score where nothing is scored)."""
    weight = totals.quality_weight.get(gwp_set)
    location = totals.co2e.get(gwp_set, 0.0)
    return {
        "quality_score": weighted_score(totals.quality.get(gwp_set), weight),
        "quality_coverage": (weight or 0.0) / location if location else None,
    }


def summarise(aggregates: SummedAggregates, group_by: str, gwp_set: str) -> dict[str, Any]:
    """Totals and groups under ``gwp_set``, Scope 2 reported location- and market-based;
    ``aggregates`` keep at least ``summary_dimensions(group_by)``."""
    summary_dimensions(group_by)
    if gwp_set not in GWP_SETS:
        raise InvalidInput(f"gwp must be one of {', '.join(GWP_SETS)}", field="gwp")
    groups = aggregates.grouped(lambda key: _group_label(key, group_by))
    place = {column: index for index, column in enumerate(aggregates.columns)}
    location, market = place.get(f"co2e.{gwp_set}"), place.get(f"market_co2e.{gwp_set}")
    scope2_location = scope2_market = 0.0
    for key, values in aggregates.sums.items():
        if key.scope == 2:
            scope2_location += _value(values, location)
            scope2_market += _value(values, market)
    # Each group's CO2e by scope (location-based), for a chart stacked by scope.
    by_scope: dict[str, dict[str, float]] = {}
    for key, values in aggregates.sums.items():
        scopes = by_scope.setdefault(_group_label(key, group_by), {})
        name = f"scope-{key.scope}"
        scopes[name] = scopes.get(name, 0.0) + _value(values, location)
    grand = Totals()  # from the groups: a handful, where the aggregates are thousands
    for totals in groups.values():
        grand.add(totals)
    total = _presented(grand, gwp_set)
    total["co2e_market_based_kg"] = total["co2e_kg"] - scope2_location + scope2_market
    total["co2e_market_based_t"] = total["co2e_market_based_kg"] / 1000.0
    return {
        "gwp_set": gwp_set,
        "group_by": group_by,
        "totals": total,
        "scope_2": {
            "location_based_kg": scope2_location,
            "market_based_kg": scope2_market,
            "location_based_t": scope2_location / 1000.0,
            "market_based_t": scope2_market / 1000.0,
        },
        "groups": [
            {
                "key": name,
                **_presented(totals, gwp_set),
                "co2e_kg_by_scope": dict(sorted(by_scope[name].items())),
                **(_category_of(name) if group_by == "category" else {}),
            }
            for name, totals in sorted(groups.items())
        ],
        "editions": editions_under(grand.editions, gwp_set),
        "quality_by_scope": _quality_by_scope(aggregates, gwp_set),
    }


def _quality_by_scope(aggregates: SummedAggregates, gwp_set: str) -> dict[str, Any]:
    """The weighted score of each scope, whatever the grouping: every summary's aggregates
    keep the scope (``summary_dimensions``), so per scope and per category come in one answer."""
    by_scope = aggregates.grouped(lambda key: f"scope-{key.scope}")
    return {name: quality_of(totals, gwp_set) for name, totals in sorted(by_scope.items())}


def _category_of(name: str) -> dict[str, int | None]:
    """A category group's scope and GHG Protocol category number (Scope 3 only)."""
    category = CATEGORIES.get(name)
    if category is None:
        return {"scope": None, "ghg_category": None}
    return {"scope": category.scope, "ghg_category": category.ghg_category}


def editions_under(names: Iterable[str], gwp_set: str) -> list[str]:
    """The editions of a total asked under ``gwp_set``, each GWP label naming that set."""
    return sorted({follow_gwp_set(name, gwp_set) for name in names})
