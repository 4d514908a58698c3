"""The per-line results of one part, as stored: tables of plans and kinds, a column per input.

A line's numbers are never stored twice. Every number of a result derives from its plan's
coefficients and the line's own quantity, distance and supplier rate (``Result``), so a part
keeps each plan once (with its provenance and its CO2e coefficients under every GWP set),
each kind once (facility, period, supplier rate and plan) and, per line, only its row,
kind, quantity, distance and reference, and the part keeps the tenant's uncertainty statement
its calculation pinned. ``lines`` turns that back into exactly the dictionaries
``Result.to_dict`` gives, each with the provenance of its numbers. A part of 100,000 lines is
then a few hundred kilobytes to write and to read instead of tens of megabytes of JSON.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from footprint.domain.calculator import Result
from footprint.domain.factors import CATEGORIES
from footprint.domain.impact import PlanFacts, Side
from footprint.domain.plans import Plan
from footprint.domain.uncertainty import applied, defaults, parse_statement

FORMAT = 2


def plan_document(plan: Plan) -> dict[str, Any]:
    return {
        "category": plan.category.name,
        "activity": plan.activity,
        "per_quantity": plan.per_quantity,
        "per_distance": plan.per_distance,
        "co2e_per_quantity": plan.co2e_per_quantity,
        "co2e_per_distance": plan.co2e_per_distance,
        "market": plan.market,
        "market_basis": plan.market_basis,
        "provenance": plan.provenance,
        "unit": plan.unit,
        "distance_unit": plan.distance_unit,
    }


def plan_from_document(document: Mapping[str, Any]) -> Plan:
    return Plan(
        category=CATEGORIES[document["category"]],
        activity=document["activity"],
        per_quantity=dict(document["per_quantity"]),
        per_distance=dict(document["per_distance"]),
        co2e_per_quantity=float(document["co2e_per_quantity"]),
        co2e_per_distance=float(document["co2e_per_distance"]),
        market=document["market"],
        market_basis=document["market_basis"],
        provenance=dict(document["provenance"]),
        unit=document.get("unit") or _unit_of_path(document, quantity=True),
        distance_unit=document.get("distance_unit") or _unit_of_path(document, quantity=False),
    )


def _unit_of_path(document: Mapping[str, Any], *, quantity: bool) -> str | None:
    """The record's unit in a plan stored before plans kept it, from its unit path: each
    step begins with the unit converted (``therm -> mmBtu (x 0.1, pint)``, ``USD spent in
    2022 = ...``); the quantity's step is the last, the distance's (if any) the first."""
    path: Sequence[str] = document["provenance"].get("unit_path") or []
    if not path or (not quantity and not document["per_distance"]):
        return None
    return str(path[-1 if quantity else 0]).split(" ", 1)[0]


def plan_entry(plans: Mapping[str, Plan], gwp_set: str) -> dict[str, Any]:
    """A kind's plans as stored: in full under ``gwp_set`` (the provenance its lines carry),
    and their CO2e per unit of quantity and of distance under every set."""
    return {
        "plan": plan_document(plans[gwp_set]),
        "co2e_by_gwp_set": {
            name: [plan.co2e_per_quantity, plan.co2e_per_distance] for name, plan in plans.items()
        },
    }


@dataclass(frozen=True, slots=True)
class _StoredPlan:
    plan: Plan
    co2e_by_gwp_set: Mapping[str, tuple[float, float]]

    @classmethod
    def from_entry(cls, entry: Mapping[str, Any]) -> _StoredPlan:
        return cls(
            plan_from_document(entry["plan"]),
            {
                name: (float(per_quantity), float(per_distance))
                for name, (per_quantity, per_distance) in entry["co2e_by_gwp_set"].items()
            },
        )


def line_count(document: Mapping[str, Any]) -> int:
    return len(document["row"])


@dataclass(frozen=True, slots=True)
class LineFilter:
    """Which lines to keep, each condition optional: a period that touches the months
    ``first_month`` to ``last_month`` (``YYYY-MM``; a line counts in every month its period has
    days in, as the totals share it), a scope, a category, a facility."""

    first_month: str | None = None
    last_month: str | None = None
    scope: int | None = None
    category: str | None = None
    facility: str | None = None

    def keeps(self, facility: str, period_start: str, period_end: str, category: str) -> bool:
        known = CATEGORIES.get(category)
        return (
            (self.first_month is None or period_end[:7] >= self.first_month)
            and (self.last_month is None or period_start[:7] <= self.last_month)
            and (self.scope is None or (known is not None and known.scope == self.scope))
            and (self.category is None or category == self.category)
            and (self.facility is None or facility == self.facility)
        )


class _Part:
    """A stored part, read back a line at a time (see the module docstring)."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        if document.get("format") != FORMAT:
            raise ValueError("not a results part of this format")
        self.plans = [_StoredPlan.from_entry(entry) for entry in document["plans"]]
        # A kind: [facility, period start, period end, supplier rate, place in the plan table].
        self.kinds: Sequence[Sequence[Any]] = document["kinds"]
        self.rows: Sequence[int] = document["row"]
        self.kind_of: Sequence[int] = document["kind"]
        self.quantities: Sequence[float] = document["quantity"]
        self.distances: Sequence[float] = document["distance"]
        self.references: Sequence[str | None] = document["reference"]
        # The ranges under the statement the calculation pinned (a part stored before
        # statements were pinned has none: the published defaults alone).
        self.uncertainty = applied(
            defaults(), parse_statement(document.get("uncertainty_statement"))
        )

    def kept_kinds(self, where: LineFilter) -> list[bool]:
        """Whether ``where`` keeps each kind's lines (one test a kind, not a line)."""
        return [
            where.keeps(facility, start, end, self.plans[place].plan.category.name)
            for facility, start, end, _rate, place in self.kinds
        ]

    def line(self, index: int) -> dict[str, Any]:
        facility, period_start, period_end, supplier_factor, place = self.kinds[self.kind_of[index]]
        stored = self.plans[place]
        quantity, distance = self.quantities[index], self.distances[index]
        result = Result(
            self.rows[index],
            facility,
            period_start,
            period_end,
            quantity,
            distance,
            float(supplier_factor),
            self.references[index],
            stored.plan,
        )
        line = result.to_dict(self.uncertainty)
        line["co2e_kg_by_gwp_set"] = {
            name: quantity * per_quantity + distance * per_distance
            for name, (per_quantity, per_distance) in stored.co2e_by_gwp_set.items()
        }
        return line


def lines(
    document: Mapping[str, Any], start: int = 0, stop: int | None = None
) -> list[dict[str, Any]]:
    """Lines ``start`` to ``stop`` of a stored part, as ``Result.to_dict`` gives them, with
    each line's CO2e under every GWP set (``co2e_kg_by_gwp_set``)."""
    part = _Part(document)
    end = len(part.rows) if stop is None else min(stop, len(part.rows))
    return [part.line(index) for index in range(start, end)]


def selected_lines(
    document: Mapping[str, Any], start: int, wanted: int, where: LineFilter, examined: int
) -> tuple[list[dict[str, Any]], int]:
    """Up to ``wanted`` lines that ``where`` keeps, looking at lines ``start`` onwards but at
    no more than ``examined`` of them; answers the lines and where the next look begins."""
    part = _Part(document)
    kept = part.kept_kinds(where)
    stop = min(len(part.rows), start + examined)
    found: list[dict[str, Any]] = []
    index = start
    while index < stop and len(found) < wanted:
        if kept[part.kind_of[index]]:
            found.append(part.line(index))
        index += 1
    return found, index


def stored_side(document: Mapping[str, Any]) -> Side:
    """A stored part's lines as one side of an edition impact (``footprint.domain.impact``):
    each line's row, its CO2e under the part's GWP set (from its plan's coefficients, as
    ``Result.co2e``) and its plan, without building a line's dictionary."""
    part = _Part(document)
    gwp_set = str(document["gwp_set"])
    coefficients = [stored.co2e_by_gwp_set[gwp_set] for stored in part.plans]
    kind_plan = [int(kind[4]) for kind in part.kinds]
    plan_of = [kind_plan[kind] for kind in part.kind_of]
    co2e = [
        quantity * coefficients[place][0] + distance * coefficients[place][1]
        for quantity, distance, place in zip(part.quantities, part.distances, plan_of, strict=True)
    ]
    plans = [
        PlanFacts(stored.plan.category.name, stored.plan.activity, stored.plan.provenance)
        for stored in part.plans
    ]
    return Side(gwp_set, list(part.rows), co2e, plan_of, plans)
