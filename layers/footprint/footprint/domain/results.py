"""The per-line results of one part, as stored: a table of kinds and a column per input.

A line's numbers are never stored twice. Every number of a result derives from its plan's
coefficients and the line's own quantity, distance and supplier rate (``Result``), so a part
keeps each kind once (facility, period, supplier rate, and the plan with its provenance and
its CO2e coefficients under every GWP set) and, per line, only its row, kind, quantity,
distance and reference. ``lines`` turns that back into exactly the dictionaries
``Result.to_dict`` gives, each with the provenance of its numbers. A part of 50,000 lines is
then a few hundred kilobytes to write and to read instead of tens of megabytes of JSON.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from footprint.domain.calculator import Result
from footprint.domain.factors import CATEGORIES
from footprint.domain.plans import Plan

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
    )


@dataclass(frozen=True, slots=True)
class StoredKind:
    """One kind of a stored part: what its lines share."""

    facility: str
    period_start: str
    period_end: str
    supplier_factor: float
    plan: Plan
    # CO2e per unit of quantity and of distance under each GWP set.
    co2e_by_gwp_set: Mapping[str, tuple[float, float]]

    @classmethod
    def from_document(cls, document: Mapping[str, Any]) -> StoredKind:
        return cls(
            facility=document["facility"],
            period_start=document["period_start"],
            period_end=document["period_end"],
            supplier_factor=float(document["supplier_factor"]),
            plan=plan_from_document(document["plan"]),
            co2e_by_gwp_set={
                name: (float(per_quantity), float(per_distance))
                for name, (per_quantity, per_distance) in document["co2e_by_gwp_set"].items()
            },
        )


def kind_document(
    facility: str,
    period_start: str,
    period_end: str,
    supplier_factor: float,
    plans: Mapping[str, Plan],
    gwp_set: str,
) -> dict[str, Any]:
    """A kind as stored; ``plans`` is its plan under each GWP set, ``gwp_set`` the one whose
    provenance the lines carry."""
    return {
        "facility": facility,
        "period_start": period_start,
        "period_end": period_end,
        "supplier_factor": supplier_factor,
        "plan": plan_document(plans[gwp_set]),
        "co2e_by_gwp_set": {
            name: [plan.co2e_per_quantity, plan.co2e_per_distance] for name, plan in plans.items()
        },
    }


def line_count(document: Mapping[str, Any]) -> int:
    return len(document["row"])


def lines(
    document: Mapping[str, Any], start: int = 0, stop: int | None = None
) -> list[dict[str, Any]]:
    """Lines ``start`` to ``stop`` of a stored part, as ``Result.to_dict`` gives them, with
    each line's CO2e under every GWP set (``co2e_kg_by_gwp_set``)."""
    if document.get("format") != FORMAT:
        raise ValueError("not a results part of this format")
    kinds = [StoredKind.from_document(kind) for kind in document["kinds"]]
    rows: Sequence[int] = document["row"]
    kind_of: Sequence[int] = document["kind"]
    quantities: Sequence[float] = document["quantity"]
    distances: Sequence[float] = document["distance"]
    references: Sequence[str | None] = document["reference"]
    answer = []
    for index in range(start, len(rows) if stop is None else min(stop, len(rows))):
        kind = kinds[kind_of[index]]
        quantity, distance = quantities[index], distances[index]
        result = Result(
            rows[index],
            kind.facility,
            kind.period_start,
            kind.period_end,
            quantity,
            distance,
            kind.supplier_factor,
            references[index],
            kind.plan,
        )
        line = result.to_dict()
        line["co2e_kg_by_gwp_set"] = {
            name: quantity * per_quantity + distance * per_distance
            for name, (per_quantity, per_distance) in kind.co2e_by_gwp_set.items()
        }
        answer.append(line)
    return answer
