"""Calculate one part of an upload: per-line results, their aggregates, and the row errors.

Each record is calculated under every GWP set, so that summaries can be read under AR4, AR5
or AR6. A GWP set changes only a plan's CO2e coefficients, never which factors apply or how a
record's numbers are read, so each record is calculated once, under the upload's own set;
the other sets' plans of its kind are learnt from the kind's first record, and their CO2e is
then a multiply-add. The per-line results carry the provenance of the upload's own set.

Aggregates are summed by kind before they are calculated: every number of a line is linear
in its quantity and distance, so the lines of one facility, period, plan and supplier rate
add up to one line whose quantity and distance are their sums. A part's thousands of lines
then cost a few dozen aggregate additions instead of one each.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from footprint.domain.calculator import Calculator, RecordError, Result
from footprint.domain.errors import InvalidInput
from footprint.domain.factors import default_library
from footprint.domain.inventory import GWP_SETS, Aggregates
from footprint.domain.plans import Plan

MAX_ERRORS_KEPT = 1000


@cache
def calculators() -> dict[str, Calculator]:
    """One calculator per GWP set over the packaged library (once per execution environment)."""
    library = default_library()
    return {gwp_set: Calculator(library, gwp_set) for gwp_set in GWP_SETS}


@dataclass(slots=True)
class _Kind:
    """Lines that share facility, period, supplier rate and plan."""

    first: Result
    plans: tuple[Plan, ...]  # the kind's plan under each GWP set, in GWP_SETS order
    rows: int = 0
    quantity: float = 0.0
    distance: float = 0.0

    def add(self, result: Result) -> None:
        self.rows += 1
        self.quantity += result.quantity
        self.distance += result.distance

    def summed(self) -> tuple[Result, ...]:
        """One result per GWP set for all the kind's lines together."""
        first = self.first
        return tuple(
            Result(
                row=0,
                facility=first.facility,
                period_start=first.period_start,
                period_end=first.period_end,
                quantity=self.quantity,
                distance=self.distance,
                supplier_factor=first.supplier_factor,
                reference=None,
                plan=plan,
            )
            for plan in self.plans
        )


def _companions(
    raw: Mapping[str, Any], result: Result, gwp_set: str
) -> tuple[Plan, ...] | InvalidInput:
    """The plans of ``raw``'s kind under every GWP set (``result`` is its own under
    ``gwp_set``), or why one of the sets cannot calculate the kind."""
    try:
        return tuple(
            result.plan if name == gwp_set else calculator.calculate(raw).plan
            for name, calculator in calculators().items()
        )
    except InvalidInput as error:
        return error


@dataclass
class PartOutcome:
    lines: list[dict[str, Any]] = field(default_factory=list)
    aggregates: Aggregates = field(default_factory=Aggregates)
    errors: list[dict[str, Any]] = field(default_factory=list)
    error_count: int = 0

    def summary(self) -> dict[str, Any]:
        return {
            "rows": len(self.lines) + self.error_count,
            "errors": self.errors,
            "error_count": self.error_count,
            "aggregates": self.aggregates.to_document(),
        }


def calculate_part(
    records: Iterable[tuple[int, Mapping[str, Any]]],
    gwp_set: str,
    keep_lines: bool = True,
) -> PartOutcome:
    """Calculate ``(row number, record)`` pairs; rows keep the numbers the user's file has."""
    if gwp_set not in GWP_SETS:
        raise InvalidInput(f"gwp_set must be one of {', '.join(GWP_SETS)}", field="gwp_set")
    numbered = list(records)
    results = calculators()[gwp_set].calculate_batch(raw for _, raw in numbered)
    outcome = PartOutcome()
    # Keyed by id: plans are the calculators' cached objects (not hashable), alive for the
    # whole part. The other sets' plans of a kind, or why a set cannot calculate it.
    companions: dict[int, tuple[Plan, ...] | InvalidInput] = {}
    kinds: dict[tuple[object, ...], _Kind] = {}
    for (row, raw), result in zip(numbered, results, strict=True):
        if isinstance(result, RecordError):
            plans: tuple[Plan, ...] | InvalidInput = result.error
        else:
            plans = companions.get(id(result.plan)) or _companions(raw, result, gwp_set)
            companions[id(result.plan)] = plans
        if isinstance(plans, InvalidInput):
            outcome.error_count += 1
            if len(outcome.errors) < MAX_ERRORS_KEPT:
                outcome.errors.append(plans.problem(row))
            continue
        assert isinstance(result, Result)
        kind_key = (
            result.facility,
            result.period_start,
            result.period_end,
            result.supplier_factor,
            id(result.plan),
        )
        kind = kinds.get(kind_key)
        if kind is None:
            kind = kinds[kind_key] = _Kind(result, plans)
        kind.add(result)
        if keep_lines:
            result.row = row
            line = result.to_dict()
            line["co2e_kg_by_gwp_set"] = {
                name: result.co2e_under(plan) for name, plan in zip(GWP_SETS, plans, strict=True)
            }
            outcome.lines.append(line)
    for kind in kinds.values():
        summed = kind.summed()
        primary = summed[GWP_SETS.index(gwp_set)]
        market = primary.plan.market
        outcome.aggregates.add_line(
            primary.to_dict(),
            {name: result.co2e for name, result in zip(GWP_SETS, summed, strict=True)},
            primary.market_co2e if market in ("supplier", "zero") else None,
            rows=kind.rows,
        )
    return outcome
