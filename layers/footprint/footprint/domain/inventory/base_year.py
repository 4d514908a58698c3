"""Base-year figures, and whether what is published now moved them past the threshold.

A snapshot keeps the base year's totals by scope (Scope 2 both ways) under every GWP set,
the same totals by category (the export's rows), and what they came from: each published
calculation with its editions and its own totals. Checking it is a comparison of that
snapshot with the same figures worked from the aggregates published now: the GHG Protocol
Corporate Standard (chapter 5) asks for a recalculation when a change is significant, and
the tenant's threshold says what significant is.

The change is measured on the base year's total, location- and market-based, under every
GWP set, and the largest decides: a factor edition (an upload recalculated), a corrected GWP
value (it reaches the aggregates through a recalculation too, and its label is among the
editions), an upload published, replaced or withdrawn in the base-year span each move it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from footprint.domain.factors.gwp import GWP_SETS
from footprint.domain.inventory.aggregates import AggregateKey, SummedAggregates
from footprint.domain.inventory.reporting_year import reporting_year_of
from footprint.domain.inventory.summary import editions_under

SCOPE_FIELDS = ("scope_1", "scope_2_location", "scope_2_market", "scope_3")
METHODS = ("location", "market")


@dataclass(frozen=True, slots=True)
class ScopeFigures:
    """kg CO2e by scope under one GWP set, Scope 2 location- and market-based."""

    scope_1: float = 0.0
    scope_2_location: float = 0.0
    scope_2_market: float = 0.0
    scope_3: float = 0.0

    @property
    def total_location(self) -> float:
        return self.scope_1 + self.scope_2_location + self.scope_3

    @property
    def total_market(self) -> float:
        return self.scope_1 + self.scope_2_market + self.scope_3

    def total(self, method: str) -> float:
        return self.total_location if method == "location" else self.total_market

    def to_dict(self) -> dict[str, float]:
        return {name: getattr(self, name) for name in SCOPE_FIELDS}

    @classmethod
    def from_dict(cls, values: Mapping[str, Any]) -> ScopeFigures:
        return cls(**{name: float(values.get(name, 0.0)) for name in SCOPE_FIELDS})


Figures = dict[str, ScopeFigures]  # GWP set -> figures


def figures_of(aggregates: SummedAggregates) -> Figures:
    """The totals by scope under every GWP set the aggregates keep; they keep the scope."""
    return _figures(aggregates.columns, aggregates.sums.items())


def figures_by_reporting_year(aggregates: SummedAggregates, start_month: int) -> dict[int, Figures]:
    """The totals by scope of each reporting year (beginning in ``start_month``) that has
    aggregates; they keep the month and the scope."""
    by_year: dict[int, list[tuple[AggregateKey, Sequence[float | None]]]] = {}
    for key, values in aggregates.sums.items():
        by_year.setdefault(reporting_year_of(key.month, start_month), []).append((key, values))
    return {year: _figures(aggregates.columns, rows) for year, rows in sorted(by_year.items())}


def _figures(
    columns: Sequence[str], rows: Iterable[tuple[AggregateKey, Sequence[float | None]]]
) -> Figures:
    place = {column: index for index, column in enumerate(columns)}
    sets = [name for name in GWP_SETS if f"co2e.{name}" in place] or list(GWP_SETS)
    sums: dict[str, dict[str, float]] = {name: dict.fromkeys(SCOPE_FIELDS, 0.0) for name in sets}
    for key, values in rows:
        for name in sets:
            location = _at(values, place.get(f"co2e.{name}"))
            if key.scope == 2:
                sums[name]["scope_2_location"] += location
                sums[name]["scope_2_market"] += _at(values, place.get(f"market_co2e.{name}"))
            elif key.scope in (1, 3):
                sums[name][f"scope_{key.scope}"] += location
    return {name: ScopeFigures(**values) for name, values in sums.items()}


def category_rows(aggregates: SummedAggregates) -> list[dict[str, Any]]:
    """The totals of each (scope, GHG Protocol category, category) under every GWP set,
    Scope 2 by both methods: the export's rows (``scope, ghg_category, category`` kept)."""
    rows = []
    grouped = aggregates.grouped(lambda key: (key.scope, key.ghg_category, key.category))
    for (scope, ghg_category, category), totals in sorted(grouped.items()):
        methods = (("location", totals.co2e), ("market", totals.market_co2e))
        for method, co2e in methods if scope == 2 else methods[:1]:
            rows.append(
                {
                    "scope": scope,
                    "ghg_category": ghg_category,
                    "category": category,
                    "method": method,
                    "co2e_kg": dict(sorted(co2e.items())),
                }
            )
    return rows


def _at(values: Sequence[float | None], index: int | None) -> float:
    value = None if index is None else values[index]
    return 0.0 if value is None else value


@dataclass(frozen=True, slots=True)
class Source:
    """One published calculation in the base-year span, with its editions and totals."""

    upload_id: str
    calculation_id: str
    editions: tuple[str, ...]
    figures: Figures

    def to_dict(self) -> dict[str, Any]:
        return {
            "upload_id": self.upload_id,
            "calculation_id": self.calculation_id,
            "editions": list(self.editions),
            "figures": {name: f.to_dict() for name, f in sorted(self.figures.items())},
        }

    @classmethod
    def from_dict(cls, values: Mapping[str, Any]) -> Source:
        return cls(
            upload_id=str(values["upload_id"]),
            calculation_id=str(values["calculation_id"]),
            editions=tuple(values["editions"]),
            figures={k: ScopeFigures.from_dict(v) for k, v in values["figures"].items()},
        )


def sources_of(by_calculation: Mapping[tuple[str, str], SummedAggregates]) -> list[Source]:
    """A source per published (upload, calculation), ordered by upload."""
    return [
        Source(
            upload_id=upload_id,
            calculation_id=calculation_id,
            editions=tuple(sorted({e for names in aggregates.editions.values() for e in names})),
            figures=figures_of(aggregates),
        )
        for (upload_id, calculation_id), aggregates in sorted(by_calculation.items())
    ]


def total_of(sources: Sequence[Source]) -> Figures:
    """The figures of several sources added up, set by set."""
    sums: dict[str, dict[str, float]] = {}
    for source in sources:
        for name, figures in source.figures.items():
            known = sums.setdefault(name, dict.fromkeys(SCOPE_FIELDS, 0.0))
            for scope_field in SCOPE_FIELDS:
                known[scope_field] += getattr(figures, scope_field)
    return {name: ScopeFigures(**values) for name, values in sorted(sums.items())}


def change_pct(old: float, new: float) -> float | None:
    """The change from ``old`` to ``new`` in percent of ``old``; None if ``old`` is 0 and
    ``new`` is not (no percentage measures growth from nothing), 0.0 if both are."""
    if old == 0.0:
        return 0.0 if new == 0.0 else None
    return (new - old) / abs(old) * 100.0


@dataclass(frozen=True, slots=True)
class Change:
    """The base year's total under one GWP set and Scope 2 method, then and now."""

    gwp_set: str
    method: str
    old_co2e_kg: float
    new_co2e_kg: float
    change_pct: float | None

    def beyond(self, threshold_pct: float) -> bool:
        """More than ``threshold_pct`` either way (growth from nothing always is)."""
        return self.change_pct is None or abs(self.change_pct) > threshold_pct


@dataclass(frozen=True, slots=True)
class Cause:
    """An upload whose published calculation differs from the snapshot's, with its total
    under the GWP set asked (location-based) then and now, and the editions that changed."""

    kind: str  # upload_published | upload_withdrawn | upload_recalculated
    upload_id: str
    old_calculation_id: str | None
    new_calculation_id: str | None
    editions_removed: tuple[str, ...]
    editions_added: tuple[str, ...]
    old_co2e_kg: float
    new_co2e_kg: float
    change_of_base_year_pct: float | None


@dataclass(frozen=True)
class Check:
    recalculation_needed: bool
    changes: list[Change]
    causes: list[Cause] = field(default_factory=list)


def changes_between(old: Figures, new: Figures) -> list[Change]:
    """The base year's total then (``old``) and now (``new``) under each GWP set ``old``
    keeps (``new``'s when ``old`` has none: nothing was published when it was taken) and
    each Scope 2 method."""
    changes = []
    for name in list(old) or list(new):
        for method in METHODS:
            then = old.get(name, ScopeFigures()).total(method)
            now = new.get(name, ScopeFigures()).total(method)
            changes.append(Change(name, method, then, now, change_pct(then, now)))
    return changes


def needs_recalculation(changes: Sequence[Change], threshold_pct: float) -> bool:
    """Whether any change moves the base year's total by more than ``threshold_pct``."""
    return any(change.beyond(threshold_pct) for change in changes)


def check(
    before: Sequence[Source], now: Sequence[Source], threshold_pct: float, gwp_set: str
) -> Check:
    """Whether the sources published now move the base year's total by more than
    ``threshold_pct`` against those of the snapshot, under any GWP set either way; the
    causes are the uploads whose calculation differs, named under ``gwp_set``, largest
    change first."""
    old_total = total_of(before)
    changes = changes_between(old_total, total_of(now))
    base = old_total.get(gwp_set, ScopeFigures()).total_location
    causes = _causes(before, now, gwp_set, base)
    return Check(needs_recalculation(changes, threshold_pct), changes, causes)


def _causes(
    before: Sequence[Source], now: Sequence[Source], gwp_set: str, base: float
) -> list[Cause]:
    old = {source.upload_id: source for source in before}
    new = {source.upload_id: source for source in now}
    causes: list[Cause] = []
    for upload_id in sorted(old.keys() | new.keys()):
        then, current = old.get(upload_id), new.get(upload_id)
        if then and current and then.calculation_id == current.calculation_id:
            continue
        kind = (
            "upload_published"
            if then is None
            else "upload_withdrawn"
            if current is None
            else "upload_recalculated"
        )
        old_kg = _location(then, gwp_set)
        new_kg = _location(current, gwp_set)
        old_editions = set(editions_under(then.editions, gwp_set)) if then else set()
        new_editions = set(editions_under(current.editions, gwp_set)) if current else set()
        causes.append(
            Cause(
                kind=kind,
                upload_id=upload_id,
                old_calculation_id=then.calculation_id if then else None,
                new_calculation_id=current.calculation_id if current else None,
                editions_removed=tuple(sorted(old_editions - new_editions)),
                editions_added=tuple(sorted(new_editions - old_editions)),
                old_co2e_kg=old_kg,
                new_co2e_kg=new_kg,
                change_of_base_year_pct=None if base == 0.0 else (new_kg - old_kg) / base * 100,
            )
        )
    return sorted(causes, key=lambda cause: -abs(cause.new_co2e_kg - cause.old_co2e_kg))


def _location(source: Source | None, gwp_set: str) -> float:
    if source is None:
        return 0.0
    return source.figures.get(gwp_set, ScopeFigures()).total_location


# The columns an export gains when a base year is set, after its own.
EXPORT_BASE_YEAR_COLUMNS = ("base_year_co2e_t", "base_year_recalculation_needed")
_EXPORT_METHODS = {"": "location", "location-based": "location", "market-based": "market"}


def beside_export(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    categories: Sequence[Mapping[str, Any]] | None,
    gwp_set: str,
    recalculation_needed: bool | None,
) -> tuple[list[str], list[list[str]]]:
    """The export's header and rows with the base year's figure of each row (its scope,
    category and Scope 2 method, in tonnes under ``gwp_set``) and whether the base year needs
    recalculating; both blank where no base year is set, or the base year has no such row.
    ``header`` begins with the export's own columns (``EXPORT_COLUMNS``)."""
    place = {name: index for index, name in enumerate(header)}
    figures = {
        (
            f"Scope {row['scope']}",
            str(row["ghg_category"]) if row["scope"] == 3 else "",
            str(row["category"]),
            str(row["method"]),
        ): float(row["co2e_kg"].get(gwp_set, 0.0))
        for row in categories or ()
    }
    needed = "" if recalculation_needed is None else str(recalculation_needed).lower()
    extended = []
    for row in rows:
        key = (
            row[place["scope"]],
            row[place["ghg_protocol_category"]],
            row[place["category"]],
            _EXPORT_METHODS.get(row[place["scope_2_method"]], "location"),
        )
        kilograms = figures.get(key)
        tonnes = "" if kilograms is None else f"{kilograms / 1000.0:.6f}"
        extended.append([*row, tonnes, needed])
    return [*header, *EXPORT_BASE_YEAR_COLUMNS], extended
