"""Calculate one part of an upload: per-line results, their aggregates, and the row errors.

Everything here turns on kinds: lines that share facility, period, supplier rate and plan.
A GWP set changes only a plan's CO2e coefficients, and every number of a line is linear in
its quantity and distance, so

- each kind is planned once under every GWP set (summaries can be read under AR4, AR5 or
  AR6), and a line costs a multiply-add per set;
- a part's aggregates are its kinds' summed quantities and distances, calculated once per
  kind instead of once per line;
- the stored results keep each kind once and, per line, its row, kind, quantity, distance
  and reference (``footprint.domain.results``).

Two paths lead there. ``calculate_table`` takes a part as a table of text cells (CSV, and
XLSX written as CSV by the split step) and works column by column: the cells that decide a
kind are read as one tuple per row, each distinct plan key is calculated once through the
calculator (the same validation as any record), and quantities and distances are parsed and
checked as whole columns. Anything the column checks do not clear (a bad number, a kind that
fails, a blank facility, a distance where the kind takes none) sends the part down the
second path, ``calculate_part``, which calculates record by record and names every error's
row and field. Both give the same
results for a valid part; the columns only make the valid case cheap.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from operator import itemgetter
from typing import Any

from footprint.domain import results
from footprint.domain.calculator import Calculator, RecordError, Result
from footprint.domain.errors import InvalidInput
from footprint.domain.factors import GWP_SETS, default_library
from footprint.domain.inventory import Aggregates
from footprint.domain.plans import Plan
from footprint.domain.uncertainty import (
    CategoryDefault,
    StatedFigures,
    Statement,
    applied,
    defaults,
    relative_pct,
    statement_document,
)
from footprint.domain.uploads.parsing import Table

MAX_ERRORS_KEPT = 1000
# The columns whose text decides a line's kind: its facility, then what decides its plan
# (the supplier rate included: it is the kind's market-based rate). Quantity, distance and
# reference are the line's own.
KIND_COLUMNS = (
    "facility",
    "period_start",
    "period_end",
    "category",
    "activity",
    "unit",
    "region",
    "vehicle_model_year",
    "distance_unit",
    "market_instrument",
    "supplier_factor",
)
_INFINITY = math.inf


@cache
def calculators() -> dict[str, Calculator]:
    """One calculator per GWP set over the packaged library (once per execution environment)."""
    library = default_library()
    return {gwp_set: Calculator(library, gwp_set) for gwp_set in GWP_SETS}


@dataclass(slots=True)
class _Kind:
    """Lines that share facility, period, supplier rate and plan, with their sums."""

    index: int
    first: Result
    plans: tuple[Plan, ...]  # the kind's plan under each GWP set, in GWP_SETS order
    rows: int = 0
    quantity: float = 0.0
    distance: float = 0.0

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


def _every_plan(raw: Mapping[str, Any], row: int, result: Result, gwp_set: str) -> tuple[Plan, ...]:
    """The plan of ``raw``'s kind under every GWP set, ``result`` being ``raw`` calculated
    under ``gwp_set``; raises ``InvalidInput`` when another set cannot calculate it."""
    return tuple(
        result.plan if name == gwp_set else calculator.calculate(raw, row).plan
        for name, calculator in calculators().items()
    )


@dataclass
class PartOutcome:
    """A part's lines (by kind, column by column), its aggregates and its row errors."""

    gwp_set: str
    kinds: list[_Kind] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    kind: list[int] = field(default_factory=list)
    quantity: list[float] = field(default_factory=list)
    distance: list[float] = field(default_factory=list)
    reference: list[str | None] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    error_count: int = 0
    # The tenant's uncertainty statement as it stood when the calculation started (pinned by
    # its first step), kept with the results so the lines read back with the same ranges.
    statement: dict[str, StatedFigures] = field(default_factory=dict)

    def uncertainty(self) -> dict[str, CategoryDefault]:
        """The figures the part's lines take (``footprint.domain.uncertainty.applied``)."""
        return applied(defaults(), self.statement)

    def squared_co2e(self) -> dict[int, dict[str, float]]:
        """The sum of each kind's lines' squared CO2e under each GWP set, for the kinds whose
        category carries an uncertainty range (a kind's lines are independent terms).

        A line's CO2e is quantity x a + distance x b, so the kind's sum of squares comes from
        its sums of quantity squared, quantity x distance and distance squared.
        """
        table = self.uncertainty()
        ranged = {
            kind.index: kind
            for kind in self.kinds
            if relative_pct(kind.first.plan.category.name, table) is not None
        }
        if not ranged:
            return {}  # no line to walk: no category of the part has figures for both parts
        moments: dict[int, list[float]] = {index: [0.0, 0.0, 0.0] for index in ranged}
        for index, quantity, distance in zip(self.kind, self.quantity, self.distance, strict=True):
            sums = moments.get(index)
            if sums is not None:
                sums[0] += quantity * quantity
                sums[1] += quantity * distance
                sums[2] += distance * distance
        return {
            index: {
                name: plan.co2e_per_quantity**2 * qq
                + 2.0 * plan.co2e_per_quantity * plan.co2e_per_distance * qd
                + plan.co2e_per_distance**2 * dd
                for name, plan in zip(GWP_SETS, ranged[index].plans, strict=True)
            }
            for index, (qq, qd, dd) in moments.items()
        }

    def aggregates(self) -> Aggregates:
        aggregates = Aggregates()
        index = GWP_SETS.index(self.gwp_set)
        squares = self.squared_co2e()
        table = self.uncertainty()
        for kind in self.kinds:
            summed = kind.summed()
            primary = summed[index]
            market = primary.plan.market
            aggregates.add_line(
                primary.to_dict(table),
                {name: result.co2e for name, result in zip(GWP_SETS, summed, strict=True)},
                primary.market_co2e if market in ("supplier", "zero") else None,
                rows=kind.rows,
                co2e_squares_by_set=squares.get(kind.index),
            )
        return aggregates

    def results_document(self) -> dict[str, Any]:
        """The per-line results as stored (``footprint.domain.results``)."""
        plans: dict[int, int] = {}  # by the id of a kind's plans, their place in the table
        plan_table: list[dict[str, Any]] = []
        kinds = []
        for kind in self.kinds:
            place = plans.get(id(kind.plans))
            if place is None:
                place = plans[id(kind.plans)] = len(plan_table)
                plan_table.append(
                    results.plan_entry(dict(zip(GWP_SETS, kind.plans, strict=True)), self.gwp_set)
                )
            first = kind.first
            kinds.append(
                [first.facility, first.period_start, first.period_end, first.supplier_factor, place]
            )
        return {
            "format": results.FORMAT,
            "gwp_set": self.gwp_set,
            "plans": plan_table,
            "kinds": kinds,
            "row": self.rows,
            "kind": self.kind,
            "quantity": self.quantity,
            "distance": self.distance,
            "reference": self.reference,
            "uncertainty_statement": statement_document(self.statement),
        }

    def lines(self) -> list[dict[str, Any]]:
        return results.lines(self.results_document())

    def summary(self) -> dict[str, Any]:
        return {
            "rows": len(self.rows) + self.error_count,
            "errors": self.errors,
            "error_count": self.error_count,
            "aggregates": self.aggregates().to_table(),
        }


def _check_gwp_set(gwp_set: str) -> None:
    if gwp_set not in GWP_SETS:
        raise InvalidInput(f"gwp_set must be one of {', '.join(GWP_SETS)}", field="gwp_set")


def calculate_part(
    records: Iterable[tuple[int, Mapping[str, Any]]],
    gwp_set: str,
    statement: Statement | None = None,
) -> PartOutcome:
    """Calculate ``(row number, record)`` pairs one by one; rows keep the numbers the user's
    file has. ``statement`` is the tenant's uncertainty statement the calculation pinned."""
    _check_gwp_set(gwp_set)
    numbered = list(records)
    outcome = PartOutcome(gwp_set, statement=dict(statement or {}))
    # Keyed by id: plans are the calculators' cached objects (not hashable), alive for the
    # whole part. The other sets' plans of a kind, or why a set cannot calculate it.
    companions: dict[int, tuple[Plan, ...] | InvalidInput] = {}
    kinds: dict[tuple[object, ...], _Kind] = {}
    calculated = calculators()[gwp_set].calculate_batch(raw for _, raw in numbered)
    for (row, raw), result in zip(numbered, calculated, strict=True):
        if isinstance(result, RecordError):
            plans: tuple[Plan, ...] | InvalidInput = result.error
        else:
            plans = companions.get(id(result.plan)) or _companions(raw, row, result, gwp_set)
            companions[id(result.plan)] = plans
        if isinstance(plans, InvalidInput):
            outcome.error_count += 1
            room = MAX_ERRORS_KEPT - len(outcome.errors)
            if room > 0:  # one problem per faulty field of the row, within the cap
                outcome.errors.extend(plans.problems(row)[:room])
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
            kind = kinds[kind_key] = _Kind(len(outcome.kinds), result, plans)
            outcome.kinds.append(kind)
        kind.rows += 1
        kind.quantity += result.quantity
        kind.distance += result.distance
        outcome.rows.append(row)
        outcome.kind.append(kind.index)
        outcome.quantity.append(result.quantity)
        outcome.distance.append(result.distance)
        outcome.reference.append(result.reference)
    return outcome


def _companions(
    raw: Mapping[str, Any], row: int, result: Result, gwp_set: str
) -> tuple[Plan, ...] | InvalidInput:
    try:
        return _every_plan(raw, row, result, gwp_set)
    except InvalidInput as error:
        return error


def calculate_table(table: Table, gwp_set: str, statement: Statement | None = None) -> PartOutcome:
    """Calculate a table part's rows (``footprint.domain.uploads.parsing.read_table``) under
    the pinned uncertainty ``statement``."""
    _check_gwp_set(gwp_set)
    outcome = _by_columns(table.header, table.numbers, table.rows, gwp_set)
    if outcome is None:
        return calculate_part(table.records(), gwp_set, statement)
    outcome.statement = dict(statement or {})
    return outcome


def _column(header: Sequence[str], rows: list[list[str]], name: str) -> list[str]:
    if name not in header:
        return [""] * len(rows)
    return list(map(itemgetter(header.index(name)), rows))


def _numbers(texts: list[str]) -> list[float] | None:
    """The column as numbers if every cell is a finite number >= 0, else None."""
    try:
        numbers = list(map(float, texts))
    except ValueError:
        return None
    if numbers and (
        any(map(math.isnan, numbers)) or min(numbers) < 0.0 or max(numbers) >= _INFINITY
    ):
        return None
    return numbers


def _by_columns(
    header: Sequence[str], numbers: Sequence[int], rows: list[list[str]], gwp_set: str
) -> PartOutcome | None:
    """The part calculated column by column, or None where a row needs the record path."""
    if not rows:
        return None
    # facility first: a kind is a facility and a plan key (the other kind columns).
    present = [header.index(name) for name in KIND_COLUMNS if name in header]
    # Each row's kind, numbered in order of first appearance: one hash of each row's key.
    kind_numbers: dict[tuple[str, ...], int] = {}
    kind_of = [
        kind_numbers.setdefault(key, len(kind_numbers)) for key in map(itemgetter(*present), rows)
    ]
    # The first row of each kind stands for it (the last write of a reversed walk).
    first_rows = dict(zip(reversed(kind_of), range(len(rows) - 1, -1, -1), strict=True))
    outcome = PartOutcome(gwp_set)
    planned: dict[object, tuple[Result, tuple[Plan, ...]]] = {}
    for key, kind in kind_numbers.items():
        position = first_rows[kind]
        facility, plan_key = key[0], key[1:]
        known = planned.get(plan_key)
        if known is None:
            record = dict(zip(header, rows[position], strict=True))
            row = numbers[position]
            try:
                result = calculators()[gwp_set].calculate(record, row)
                plans = _every_plan(record, row, result, gwp_set)
            except InvalidInput:
                return None
            known = planned[plan_key] = (result, plans)
        elif not facility.strip():
            return None  # the calculator refuses a blank facility: the record path says where
        result = known[0]
        first = Result(
            numbers[position],
            facility,
            result.period_start,
            result.period_end,
            0.0,
            0.0,
            result.supplier_factor,
            None,
            result.plan,
        )
        outcome.kinds.append(_Kind(kind, first, known[1]))
    quantities = _numbers(_column(header, rows, "quantity"))
    if quantities is None:
        return None
    distance_texts = _column(header, rows, "distance")
    needs_distance = [kind.first.plan.needs_distance for kind in outcome.kinds]
    if any(needs_distance):
        # A kind without distance takes none: a stray distance is the record path's to judge.
        distances = _numbers(
            [
                text if needs_distance[kind] else ("0" if text == "" else "-")
                for kind, text in zip(kind_of, distance_texts, strict=True)
            ]
        )
        if distances is None:
            return None
    elif any(distance_texts):
        return None
    else:
        distances = [0.0] * len(rows)
    kinds = outcome.kinds
    for kind, quantity, distance in zip(kind_of, quantities, distances, strict=True):
        summed = kinds[kind]
        summed.rows += 1
        summed.quantity += quantity
        summed.distance += distance
    outcome.rows = list(numbers)
    outcome.kind = kind_of
    outcome.quantity = quantities
    outcome.distance = distances
    outcome.reference = [text or None for text in _column(header, rows, "reference")]
    return outcome
