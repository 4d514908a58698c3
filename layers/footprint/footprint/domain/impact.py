"""Edition impact: why did the number move? Two calculations of the same lines compared.

Each side is one calculation of an upload's lines, a part at a time (``Side``): the published
one read back from its stored results, and a what-if calculated with a pinned edition and/or
another GWP set, or a second stored calculation. Lines pair by their row in the file. A line
costs a subtraction and a tuple; what moved in its factors and GWP values is worked out once
per pair of plans (lines of one kind share both), and only for the lines of the page asked.

The total change is the difference of the two sides' totals, each summed exactly
(``math.fsum``), so it equals the difference of the two calculations' totals.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from footprint.domain.calculator import Result
from footprint.domain.errors import Conflict
from footprint.domain.factors import Factor, FactorLibrary


@dataclass(frozen=True, slots=True)
class Side:
    """One calculation of one part's lines: per line its row, CO2e and the place of its plan
    (in ``plans``: each plan's provenance and what it calculates)."""

    gwp_set: str
    rows: Sequence[int]
    co2e: Sequence[float]
    plan_of: Sequence[int]
    plans: Sequence[PlanFacts]


@dataclass(frozen=True, slots=True)
class PlanFacts:
    category: str
    activity: str
    provenance: Mapping[str, Any]


@dataclass(slots=True)
class Impact:
    """The comparison so far: every line's change (a compact tuple each), the pairs of plans
    they point to, and each side's lines for the exact totals."""

    library: FactorLibrary
    # (|change|, row, old kg, new kg, pair): sorting these orders the lines.
    entries: list[tuple[float, int, float, float, int]] = field(default_factory=list)
    pairs: list[tuple[PlanFacts, PlanFacts]] = field(default_factory=list)
    old_gwp_set: str | None = None
    new_gwp_set: str | None = None
    _old: list[float] = field(default_factory=list)
    _new: list[float] = field(default_factory=list)
    _pair_places: dict[tuple[int, int], int] = field(default_factory=dict)

    def add(self, old: Side, new: Side) -> None:
        """Pair one part's lines by row; a row on one side only means the two calculations
        are not of the same lines (``Conflict``)."""
        self.old_gwp_set, self.new_gwp_set = old.gwp_set, new.gwp_set
        if list(old.rows) != list(new.rows):
            raise Conflict(
                "The two calculations do not hold the same rows.", field="to_calculation"
            )
        self._old.extend(old.co2e)
        self._new.extend(new.co2e)
        places = self._pair_places
        for row, before, after, old_plan, new_plan in zip(
            old.rows, old.co2e, new.co2e, old.plan_of, new.plan_of, strict=True
        ):
            key = (id(old.plans[old_plan]), id(new.plans[new_plan]))
            pair = places.get(key)
            if pair is None:
                pair = places[key] = len(self.pairs)
                self.pairs.append((old.plans[old_plan], new.plans[new_plan]))
            self.entries.append((abs(after - before), row, before, after, pair))

    @property
    def old_total(self) -> float:
        return math.fsum(self._old)

    @property
    def new_total(self) -> float:
        return math.fsum(self._new)

    def page(self, offset: int, limit: int) -> tuple[dict[str, Any], int | None]:
        """The answer with lines ``offset`` to ``offset + limit`` by absolute change (largest
        first, then by row), and where the next page starts (None after the last)."""
        self.entries.sort(key=lambda entry: (-entry[0], entry[1]))
        chosen = self.entries[offset : offset + limit]
        following = offset + limit if offset + limit < len(self.entries) else None
        old_total, new_total = self.old_total, self.new_total
        return {
            "old_gwp_set": self.old_gwp_set,
            "new_gwp_set": self.new_gwp_set,
            "lines_total": len(self.entries),
            "old_co2e_kg": old_total,
            "new_co2e_kg": new_total,
            "change_kg": new_total - old_total,
            "lines": [self._line(*entry) for entry in chosen],
        }, following

    def _line(
        self, _size: float, row: int, before: float, after: float, pair: int
    ) -> dict[str, Any]:
        old, new = self.pairs[pair]
        return {
            "row": row,
            "category": new.category,
            "activity": new.activity,
            "old_co2e_kg": before,
            "new_co2e_kg": after,
            "change_kg": after - before,
            "factor_cells": factor_cells(self.library, old.provenance, new.provenance),
            "gwp": gwp_moves(old.provenance, new.provenance),
        }


def calculated_side(gwp_set: str, results: Sequence[Result]) -> Side:
    """Lines calculated now (the what-if) as one side, their rows as the file numbers them."""
    places: dict[int, int] = {}
    plans: list[PlanFacts] = []
    plan_of: list[int] = []
    for result in results:
        place = places.get(id(result.plan))
        if place is None:
            place = places[id(result.plan)] = len(plans)
            plan = result.plan
            plans.append(PlanFacts(plan.category.name, plan.activity, plan.provenance))
        plan_of.append(place)
    return Side(
        gwp_set,
        [result.row for result in results],
        [result.co2e for result in results],
        plan_of,
        plans,
    )


def factor_cells(
    library: FactorLibrary, old: Mapping[str, Any], new: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """The published cells that differ between two plans' factors (paired in the order the
    plans used them), one per gas: publisher, table, row, and each side's factor, edition,
    cell and value. A cell counts as moved when its factor, cell or value differs (the same
    value in another edition's cell is a move: the line now rests on that edition)."""
    olds = [library.factors.get(str(ref.get("id"))) for ref in old.get("factors", [])]
    news = [library.factors.get(str(ref.get("id"))) for ref in new.get("factors", [])]
    cells: list[dict[str, Any]] = []
    for index in range(max(len(olds), len(news))):
        before = olds[index] if index < len(olds) else None
        after = news[index] if index < len(news) else None
        if before is None and after is None:
            continue  # a GWP reference (refrigerants), not a library factor
        if before is not None and after is not None and before.id == after.id:
            continue
        shown = after or before
        assert shown is not None
        gases = list(dict.fromkeys(value.gas for f in (before, after) if f for value in f.values))
        for gas in gases:
            cells.append(
                {
                    "gas": gas,
                    "publisher": shown.edition.publisher,
                    "table": shown.table,
                    "row": shown.row,
                    "old": _cell(before, gas),
                    "new": _cell(after, gas),
                }
            )
    return cells


def _cell(factor: Factor | None, gas: str) -> dict[str, Any] | None:
    if factor is None:
        return None
    for value in factor.values:
        if value.gas == gas:
            return {
                "factor_id": factor.id,
                "edition": f"{factor.edition.source}-{factor.edition.edition}",
                "cell": value.cell,
                "value": value.value,
                "unit": f"{value.numerator}/{factor.source_unit}",
            }
    return None


def gwp_moves(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The GWP values that differ between two plans, gas by gas, with each side's set."""
    before: Mapping[str, float] = old.get("gwp", {})
    after: Mapping[str, float] = new.get("gwp", {})
    return [
        {
            "gas": gas,
            "old_gwp_set": old.get("gwp_set"),
            "old": before.get(gas),
            "new_gwp_set": new.get("gwp_set"),
            "new": after.get(gas),
        }
        for gas in sorted(set(before) | set(after))
        if before.get(gas) != after.get(gas)
    ]
