"""Uncertainty ranges (95 %) of lines and totals, by IPCC Approach 1 (error propagation).

A line's CO2e is activity x factor, so its relative half-width combines the activity data's
and the factor's relatively (IPCC 2006 Vol. 1 Ch. 3, Equation 3.1: the square root of the sum
of squared percentages). A total is a sum of independent lines, so its half-width combines
the lines' absolute half-widths (Equation 3.2: the square root of the sum of their squares);
the aggregates keep that sum of squares so a total is exact per month and counted once.

A part's figure is the one the organisation states for its category, with what it rests on
(a meter's accuracy class, a supplier's stated tolerance), where it states one; else the
published default (``footprint/data/uncertainty/defaults.json``, read only here); else none.
The IPCC guidance prefers specific data to defaults, so a stated figure wins. A line has a
range only when both parts have a figure; otherwise it says which parts lack one and what
was searched for them: a range is never made up. This module alone decides which figure a
part takes (``applied``).
"""

from __future__ import annotations

import functools
import hashlib
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
NO_FIGURE = "no published default and no figure stated by the organisation"
STATED_BY = "stated by the organisation"
# The widest half-width a statement may give, in % of the value: beyond 100 % the lower end
# of a quantity that cannot be negative would fall below zero, which a symmetric range cannot
# describe (IPCC Approach 1 assumes a symmetric one).
MAX_STATED_PCT = 100.0
# What a stated figure rests on, in characters: a sentence or two naming a certificate or a
# supplier's document, not the document itself.
MAX_SOURCE_LENGTH = 500
# A stated source: printable text (no C0 or C1 control character: it is shown and exported
# as one line) with at least one character that is not a space.
SOURCE_PATTERN = r"^[^\x00-\x1f\x7f-\x9f]*[^\x00-\x20\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$"
_PARTS = (("activity", "activity data"), ("factor", "factor"))


@dataclass(frozen=True, slots=True)
class Part:
    """One input's 95 % half-width, as a percentage of its value, and where it was published."""

    half_width_pct: float
    source: str


@dataclass(frozen=True, slots=True)
class CategoryDefault:
    """A category's figures: the activity data's and the factor's (None where there is none),
    and, from the published table, what was searched for the parts it lacks."""

    activity: Part | None
    factor: Part | None
    searched: str = ""

    @property
    def reason(self) -> str:
        """Why the category carries no range (the parts without a figure, and what was
        searched for them); empty when it carries one."""
        missing = [name for attribute, name in _PARTS if getattr(self, attribute) is None]
        if not missing:
            return ""
        return (
            f"no published default for the {' and the '.join(missing)} uncertainty and no"
            f" figure stated by the organisation" + (f": {self.searched}" if self.searched else "")
        )

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
    return {
        name: CategoryDefault(
            _part(entry["activity"]), _part(entry["factor"]), str(entry.get("reason") or "")
        )
        for name, entry in document["categories"].items()
    }


@functools.cache
def defaults() -> dict[str, CategoryDefault]:
    """The published defaults, read once from the data file."""
    text = (
        resources.files("footprint.data")
        .joinpath("uncertainty/defaults.json")
        .read_text(encoding="utf-8")
    )
    return parse_defaults(json.loads(text))


@dataclass(frozen=True, slots=True)
class StatedFigures:
    """What an organisation states for one category: each part's half-width (%) and what it
    rests on, in its own words; a part it does not state is None."""

    activity: Part | None = None
    factor: Part | None = None


# A tenant's statement: its stated figures by category name.
Statement = Mapping[str, StatedFigures]


def parse_statement(document: Mapping[str, Any] | None) -> dict[str, StatedFigures]:
    """A statement from its stored form (``statement_document``); None reads as empty."""
    if not document:
        return {}
    stated: dict[str, StatedFigures] = {}
    for name, entry in document["categories"].items():
        parts = [
            None
            if entry.get(f"{attribute}_pct") is None
            else Part(float(entry[f"{attribute}_pct"]), str(entry[f"{attribute}_source"]))
            for attribute, _ in _PARTS
        ]
        stated[name] = StatedFigures(*parts)
    return stated


def statement_document(statement: Statement) -> dict[str, Any]:
    """The statement as stored and pinned to a calculation: plain data, categories sorted."""
    categories: dict[str, Any] = {}
    for name in sorted(statement):
        entry: dict[str, Any] = {}
        for attribute, _ in _PARTS:
            part: Part | None = getattr(statement[name], attribute)
            if part is not None:
                entry[f"{attribute}_pct"] = part.half_width_pct
                entry[f"{attribute}_source"] = part.source
        if entry:
            categories[name] = entry
    return {"categories": categories}


def statement_digest(statement: Statement) -> str:
    """SHA-256 of the statement's canonical JSON: which statement an audit event or a
    calculation names, without its text."""
    canonical = json.dumps(statement_document(statement), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _stated(part: Part | None) -> Part | None:
    return None if part is None else Part(part.half_width_pct, f"{STATED_BY}: {part.source}")


def applied(
    published: Mapping[str, CategoryDefault], statement: Statement
) -> dict[str, CategoryDefault]:
    """The figures each category's lines take: for each part, the organisation's stated
    figure (its source prefixed ``stated by the organisation:``) where it states one, else
    the published default, else none."""
    table: dict[str, CategoryDefault] = {}
    for name in sorted(set(published) | set(statement)):
        default = published.get(name, CategoryDefault(None, None))
        stated = statement.get(name, StatedFigures())
        table[name] = CategoryDefault(
            _stated(stated.activity) or default.activity,
            _stated(stated.factor) or default.factor,
            default.searched,
        )
    return table


def relative_pct(category: str, table: Mapping[str, CategoryDefault]) -> float | None:
    """A category's line percentage under ``table``, None where a part has no figure."""
    known = table.get(category)
    return None if known is None else known.relative_pct


def line_range(
    category: str, co2e_kg: float, table: Mapping[str, CategoryDefault] | None = None
) -> dict[str, Any]:
    """A line's ``uncertainty`` (or null) and ``uncertainty_reason``, for its result, under
    ``table`` (``applied``; the published defaults alone when None)."""
    known = (defaults() if table is None else table).get(category)
    percentage = None if known is None else known.relative_pct
    if known is None or percentage is None or known.activity is None or known.factor is None:
        return {
            "uncertainty": None,
            "uncertainty_reason": NO_FIGURE if known is None else known.reason,
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

    Lines without a range (no figure for a part, or aggregated before ranges were kept) add
    nothing to either sum, so the range covers only ``covered_co2e_kg`` and says how much it
    leaves out; a total none of whose lines carries a range has none.
    """
    if covered_co2e_kg <= 0.0:
        return {"uncertainty": None, "uncertainty_reason": NO_FIGURE}
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
