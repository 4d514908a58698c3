"""Uncertainty ranges (95 %) of lines and totals, by IPCC Approach 1 (error propagation).

A line's CO2e is activity x factor, so its relative half-width combines the activity data's
and the factor's relatively (IPCC 2006 Vol. 1 Ch. 3, Equation 3.1: the square root of the sum
of squared percentages). A total is a sum of independent lines, so its half-width combines
the lines' absolute half-widths (Equation 3.2: the square root of the sum of their squares);
the aggregates keep that sum of squares so a total is exact per month and counted once.

The defaults by category live in ``footprint/data/uncertainty/defaults.json`` and this is the
one module that reads them. A category without a citable published default for either part
carries no range and says why (the file's reason for it names what was searched): a range is
never made up.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

METHOD = (
    "IPCC 2006 Guidelines Vol. 1 Ch. 3 Approach 1 (error propagation): a line's percentage"
    " combines activity and factor as the square root of their squares (Equation 3.1); a"
    " total's half-width is the square root of the sum of its lines' squared half-widths,"
    " the lines taken as independent (Equation 3.2)"
)
NO_DEFAULT = "no published default"


@dataclass(frozen=True, slots=True)
class Part:
    """One input's 95 % half-width, as a percentage of its value, and where it was published."""

    half_width_pct: float
    source: str


@dataclass(frozen=True, slots=True)
class CategoryDefault:
    """A category's defaults: the activity data's and the factor's (None where none was found)."""

    activity: Part | None
    factor: Part | None
    reason: str = NO_DEFAULT

    @property
    def relative_pct(self) -> float | None:
        """The line's combined percentage (Equation 3.1), None unless both parts are known."""
        if self.activity is None or self.factor is None:
            return None
        return product_pct([self.activity.half_width_pct, self.factor.half_width_pct])


def product_pct(percentages: Iterable[float]) -> float:
    """The percentage half-width of a product of independent terms (IPCC Equation 3.1)."""
    return math.sqrt(math.fsum(value * value for value in percentages))


def sum_half_width(half_widths: Iterable[float]) -> float:
    """The absolute half-width of a sum of independent terms (IPCC Equation 3.2)."""
    return math.sqrt(math.fsum(value * value for value in half_widths))


def _part(document: Mapping[str, Any] | None) -> Part | None:
    if document is None:
        return None
    return Part(float(document["half_width_pct"]), str(document["source"]))


def parse_defaults(document: Mapping[str, Any]) -> dict[str, CategoryDefault]:
    """The defaults of a ``defaults.json`` document, by category."""
    defaults: dict[str, CategoryDefault] = {}
    for name, entry in document["categories"].items():
        activity, factor = _part(entry["activity"]), _part(entry["factor"])
        missing = [
            part for part, value in (("activity data", activity), ("factor", factor)) if not value
        ]
        reason = (
            f"{NO_DEFAULT} for the {' and the '.join(missing)} uncertainty"
            + (f": {entry['reason']}" if entry.get("reason") else "")
            if missing
            else ""
        )
        defaults[name] = CategoryDefault(activity, factor, reason)
    return defaults


@functools.cache
def defaults() -> dict[str, CategoryDefault]:
    """The published defaults, read once from the data file."""
    text = (
        resources.files("footprint.data")
        .joinpath("uncertainty/defaults.json")
        .read_text(encoding="utf-8")
    )
    return parse_defaults(json.loads(text))


def relative_pct(category: str, table: Mapping[str, CategoryDefault] | None = None) -> float | None:
    """A category's line percentage, None where it has no published default."""
    known = (defaults() if table is None else table).get(category)
    return None if known is None else known.relative_pct


@functools.cache
def category_pct(category: str) -> float | None:
    """``relative_pct`` under the published defaults, cached: the aggregates ask per line."""
    return relative_pct(category)


def line_range(
    category: str, co2e_kg: float, table: Mapping[str, CategoryDefault] | None = None
) -> dict[str, Any]:
    """A line's ``uncertainty`` (or null) and ``uncertainty_reason``, for its result."""
    known = (defaults() if table is None else table).get(category)
    percentage = None if known is None else known.relative_pct
    if known is None or percentage is None or known.activity is None or known.factor is None:
        return {
            "uncertainty": None,
            "uncertainty_reason": NO_DEFAULT if known is None else known.reason,
        }
    half_width = abs(co2e_kg) * percentage / 100.0
    return {
        "uncertainty": {
            "confidence": 0.95,
            "half_width_pct": percentage,
            "half_width_kg": half_width,
            "low_kg": co2e_kg - half_width,
            "high_kg": co2e_kg + half_width,
            "activity_pct": known.activity.half_width_pct,
            "activity_source": known.activity.source,
            "factor_pct": known.factor.half_width_pct,
            "factor_source": known.factor.source,
            "method": METHOD,
        },
        "uncertainty_reason": None,
    }


def total_range(
    co2e_kg: float, covered_co2e_kg: float, squared_half_widths_kg2: float
) -> dict[str, Any]:
    """A total's range from what its aggregates keep: its CO2e, the CO2e of its lines that
    carry a range (``covered``) and the sum of their squared half-widths.

    Lines without a range (no published default, or aggregated before ranges were kept) add
    nothing to either sum, so the range covers only ``covered_co2e_kg`` and says how much it
    leaves out; a total none of whose lines carries a range has none.
    """
    if covered_co2e_kg <= 0.0:
        return {"uncertainty": None, "uncertainty_reason": NO_DEFAULT}
    half_width = math.sqrt(max(squared_half_widths_kg2, 0.0))
    return {
        "uncertainty": {
            "confidence": 0.95,
            "half_width_kg": half_width,
            "half_width_pct": 100.0 * half_width / covered_co2e_kg,
            "low_kg": co2e_kg - half_width,
            "high_kg": co2e_kg + half_width,
            "covered_co2e_kg": covered_co2e_kg,
            "not_covered_co2e_kg": co2e_kg - covered_co2e_kg,
            "method": METHOD,
        },
        "uncertainty_reason": None,
    }
