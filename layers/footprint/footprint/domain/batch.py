"""Calculate one part of an upload: per-line results, their aggregates, and the row errors.

Each record is calculated under every GWP set (the calculator caches one plan per kind of
record and set, so the extra sets cost a few multiplications a record), so that summaries can
be read under AR4, AR5 or AR6. The per-line results carry the provenance of the upload's own
GWP set.

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

MAX_ERRORS_KEPT = 1000


@cache
def calculators() -> dict[str, Calculator]:
    """One calculator per GWP set over the packaged library (once per execution environment)."""
    library = default_library()
    return {gwp_set: Calculator(library, gwp_set) for gwp_set in GWP_SETS}


@dataclass(slots=True)
class _Kind:
    """Lines that share facility, period, supplier rate and plan under every GWP set."""

    results: tuple[Result, ...]  # the first line's, one per GWP set, for the plans
    rows: int = 0
    quantity: float = 0.0
    distance: float = 0.0

    def add(self, result: Result) -> None:
        self.rows += 1
        self.quantity += result.quantity
        self.distance += result.distance

    def summed(self) -> tuple[Result, ...]:
        """One result per GWP set for all the kind's lines together."""
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
                plan=first.plan,
            )
            for first in self.results
        )


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


def _error_entry(outcome: RecordError, row: int) -> dict[str, Any]:
    details = {**outcome.error.details, "row": row}
    return {
        "row": row,
        "column": details.get("field") or details.get("column"),
        "message": outcome.error.message,
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
    raws = [raw for _, raw in numbered]
    by_set = calculators()
    streams = {name: calculator.calculate_batch(raws) for name, calculator in by_set.items()}
    outcome = PartOutcome()
    kinds: dict[tuple[object, ...], _Kind] = {}
    for (row, _), *results in zip(numbered, *streams.values(), strict=True):
        primary: Result | RecordError = results[GWP_SETS.index(gwp_set)]
        failed = next((r for r in results if isinstance(r, RecordError)), None)
        if failed is not None:
            outcome.error_count += 1
            if len(outcome.errors) < MAX_ERRORS_KEPT:
                outcome.errors.append(_error_entry(failed, row))
            continue
        assert isinstance(primary, Result)
        calculated = [result for result in results if isinstance(result, Result)]
        # Plans are the calculators' cached objects, alive for the whole part: their ids
        # name them (a plan is not hashable).
        kind_key = (
            primary.facility,
            primary.period_start,
            primary.period_end,
            primary.supplier_factor,
            *(id(result.plan) for result in calculated),
        )
        kind = kinds.get(kind_key)
        if kind is None:
            kind = kinds[kind_key] = _Kind(tuple(calculated))
        kind.add(primary)
        if keep_lines:
            primary.row = row
            line = primary.to_dict()
            line["co2e_kg_by_gwp_set"] = {
                name: result.co2e for name, result in zip(by_set, calculated, strict=True)
            }
            outcome.lines.append(line)
    primary_index = GWP_SETS.index(gwp_set)
    for kind in kinds.values():
        summed = kind.summed()
        primary = summed[primary_index]
        market = primary.plan.market
        outcome.aggregates.add_line(
            primary.to_dict(),
            {name: result.co2e for name, result in zip(by_set, summed, strict=True)},
            primary.market_co2e if market in ("supplier", "zero") else None,
            rows=kind.rows,
        )
    return outcome
