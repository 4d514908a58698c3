"""Monthly aggregates of calculated lines: the totals kept by key, and their sums.

Aggregates are the unit of exactly-once: each part of an upload yields one deterministic
``Aggregates`` document, the workflow sums the parts' documents (never increments counters),
so a part calculated twice still counts once. CO2e is kept under every GWP set, so a summary
can be asked under AR4, AR5 or AR6 without recalculating.

Records whose period spans several months are allocated to each month in proportion to the
days of the period that fall in it (GHG Protocol leaves the allocation to the reporter; by
days is the neutral choice, and it is stated in every export).

Data quality is kept as two more sums under each GWP set: ``quality`` (a line's score x its
kg CO2e) and ``quality_weight`` (the kg CO2e of lines that carry a score), so an
emissions-weighted score is their quotient and adds up exactly-once like every other sum.
Aggregates written before lines were scored have neither column: they read as unscored (a
null score, and a coverage below 1 where they are mixed with scored ones).

The country a line's factor was published for (ISO 3166-1 alpha-2, from its plan's
provenance: ``FactorLibrary.country_of``) is a dimension of the key, so a breakdown by country
adds up exactly-once like every other; a line without a region (refrigerants) keeps a blank
country. Aggregates written before the country was kept have one key field fewer and read
with a blank country too: "not stated", never guessed.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from operator import itemgetter
from typing import Any, NamedTuple

GAS_FIELDS = ("co2_kg", "ch4_kg", "n2o_kg", "biogenic_co2_kg", "co2e_as_published_kg")
# The sums a Totals keeps by name; each name is a column of an aggregates table.
_SUMS = (
    "gases",
    "other_gases",
    "co2e",
    "market_co2e",
    "quality",
    "quality_weight",
    "ranged_co2e",
    "squared_half_widths",
)


@lru_cache(maxsize=4096)
def month_shares(period_start: str, period_end: str) -> tuple[tuple[str, float], ...]:
    """(``YYYY-MM``, share) of a period by days, both ends included; shares sum to 1.

    Cached: a file's records share a few hundred periods at most, and working the calendar
    out again for each of a million lines cost more than calculating them.
    """
    start, end = date.fromisoformat(period_start), date.fromisoformat(period_end)
    total_days = (end - start).days + 1
    shares: list[tuple[str, float]] = []
    cursor = start
    while cursor <= end:
        last_day = date(
            cursor.year, cursor.month, calendar.monthrange(cursor.year, cursor.month)[1]
        )
        stop = min(last_day, end)
        shares.append((f"{cursor:%Y-%m}", ((stop - cursor).days + 1) / total_days))
        cursor = stop + timedelta(days=1)
    return tuple(shares)


class AggregateKey(NamedTuple):
    """The dimensions an aggregate is kept by (the GWP set is a column, not a dimension).

    A named tuple: keys are hashed and compared for every line of a calculation and every
    aggregate of a summary, and a tuple does both in C.
    """

    month: str
    scope: int
    ghg_category: int  # 0 outside Scope 3
    category: str
    facility: str
    country: str = ""  # ISO 3166-1 alpha-2; blank: not stated (no region, or kept before)


KEY_DIMENSIONS: tuple[str, ...] = AggregateKey._fields
# A dimension a sum does not keep: blank text, or 0 for the scope and category numbers.
_BLANK_KEY = AggregateKey(month="", scope=0, ghg_category=0, category="", facility="")


@dataclass
class Totals:
    """Sums of one aggregate: gases in kg, CO2e in kg under each GWP set, the rows counted.

    ``rows`` (the stored column's name; a summary calls it ``row_share``) counts a row whose
    period spans months as its share of days in each month, so it may be fractional.
    """

    rows: float = 0.0
    gases: dict[str, float] = field(default_factory=dict)
    other_gases: dict[str, float] = field(default_factory=dict)
    co2e: dict[str, float] = field(default_factory=dict)  # GWP set -> kg CO2e (location-based)
    market_co2e: dict[str, float] = field(default_factory=dict)  # Scope 2 market-based
    # GWP set -> sum of score x kg CO2e, and the kg CO2e scored (``footprint.domain.quality``)
    quality: dict[str, float] = field(default_factory=dict)
    quality_weight: dict[str, float] = field(default_factory=dict)
    editions: set[str] = field(default_factory=set)
    # Uncertainty (``footprint.domain.uncertainty``), by GWP set: the CO2e of the lines that
    # carry a range, and the sum of their squared 95 % half-widths in kg^2 (IPCC Equation 3.2
    # adds squares, so a sum of sums stays exact). Aggregates kept before ranges were have
    # neither, and read as "no range".
    ranged_co2e: dict[str, float] = field(default_factory=dict)
    squared_half_widths: dict[str, float] = field(default_factory=dict)

    def add(self, other: Totals, share: float = 1.0) -> None:
        self.rows += other.rows * share
        for target, source in (
            (self.gases, other.gases),
            (self.other_gases, other.other_gases),
            (self.co2e, other.co2e),
            (self.market_co2e, other.market_co2e),
            (self.quality, other.quality),
            (self.quality_weight, other.quality_weight),
            (self.ranged_co2e, other.ranged_co2e),
            # A line spanning months gives each month its share of its squared half-width
            # (not of the half-width), so its months add back to exactly its own range.
            (self.squared_half_widths, other.squared_half_widths),
        ):
            for name, value in source.items():
                target[name] = target.get(name, 0.0) + value * share
        self.editions |= other.editions

    def to_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "gases": dict(sorted(self.gases.items())),
            "other_gases": dict(sorted(self.other_gases.items())),
            "co2e": dict(sorted(self.co2e.items())),
            "market_co2e": dict(sorted(self.market_co2e.items())),
            "quality": dict(sorted(self.quality.items())),
            "quality_weight": dict(sorted(self.quality_weight.items())),
            "ranged_co2e": dict(sorted(self.ranged_co2e.items())),
            "squared_half_widths": dict(sorted(self.squared_half_widths.items())),
            "editions": sorted(self.editions),
        }

    def columns(self) -> dict[str, float]:
        """The numbers by column: ``rows``, then ``<sums>.<name>`` (``co2e.AR5``...)."""
        numbers = {"rows": self.rows}
        for sums in _SUMS:
            for name, value in getattr(self, sums).items():
                numbers[f"{sums}.{name}"] = value
        return numbers

    @classmethod
    def from_columns(
        cls, columns: Sequence[str], values: Sequence[float | None], editions: set[str]
    ) -> Totals:
        """The totals ``columns`` gives (a column without a value is not kept)."""
        totals = cls(editions=editions)
        for column, value in zip(columns, values, strict=True):
            if value is None:
                continue
            if column == "rows":
                totals.rows = value
            else:
                sums, _, name = column.partition(".")
                getattr(totals, sums)[name] = value
        return totals


def _edition(factor: Mapping[str, Any]) -> str:
    """``publisher, title edition`` of a factor reference (GWP references have no edition)."""
    edition = factor.get("edition")
    return f"{factor['source']} {edition}" if edition else str(factor["source"])


class Aggregates:
    """Totals by ``AggregateKey``; what one part, one upload or one query adds up to."""

    def __init__(self) -> None:
        self.by_key: dict[AggregateKey, Totals] = {}

    def add_line(
        self,
        line: Mapping[str, Any],
        co2e_by_set: Mapping[str, float],
        market_fixed_kg: float | None,
        rows: int = 1,
        co2e_squares_by_set: Mapping[str, float] | None = None,
    ) -> None:
        """Add one calculated line (``Result.to_dict()``), or the sum of ``rows`` lines.

        ``co2e_by_set`` is its location-based CO2e under each GWP set. ``market_fixed_kg`` is
        its market-based CO2e where a supplier rate or an instrument fixes it (the same under
        every set); other Scope 2 lines fall back to the location-based figure, as the
        calculator's market basis says. ``co2e_squares_by_set`` is, for a sum of lines, the
        sum of their squared CO2e under each set (their ranges add as independent terms); a
        single line's is its CO2e squared, the default.
        """
        record = Totals(
            rows=float(rows),
            gases={name: float(line[name]) for name in GAS_FIELDS},
            other_gases={k: float(v) for k, v in line["other_gases_kg"].items()},
            co2e=dict(co2e_by_set),
            editions={_edition(factor) for factor in line["provenance"]["factors"]},
        )
        quality = line.get("quality")
        if quality is not None:
            points = float(quality["score"])
            record.quality = {name: points * kg for name, kg in co2e_by_set.items()}
            record.quality_weight = dict(co2e_by_set)
        # The line's own range decides (its calculation pinned the figures it takes).
        ranged = line.get("uncertainty")
        if ranged is not None:
            percentage = float(ranged["half_width_pct"])
            squares = co2e_squares_by_set or {
                name: value * value for name, value in co2e_by_set.items()
            }
            record.ranged_co2e = dict(co2e_by_set)
            record.squared_half_widths = {
                name: value * (percentage / 100.0) ** 2 for name, value in squares.items()
            }
        if int(line["scope"]) == 2:
            record.market_co2e = (
                dict(co2e_by_set)
                if market_fixed_kg is None
                else dict.fromkeys(co2e_by_set, market_fixed_kg)
            )
        country = str(line["provenance"].get("country") or "")
        for month, share in month_shares(line["period_start"], line["period_end"]):
            key = AggregateKey(
                month=month,
                scope=int(line["scope"]),
                ghg_category=int(line["ghg_category"] or 0),
                category=str(line["category"]),
                facility=str(line["facility"]),
                country=country,
            )
            self.by_key.setdefault(key, Totals()).add(record, share)

    def to_table(self) -> dict[str, Any]:
        """The aggregates as one compact table (``SummedAggregates.table``), the form a part
        hands the aggregate step."""
        numbers = {key: totals.columns() for key, totals in self.by_key.items()}
        columns = sorted({column for row in numbers.values() for column in row})
        summed = SummedAggregates(
            columns,
            {key: [row.get(column) for column in columns] for key, row in numbers.items()},
            {key: totals.editions for key, totals in self.by_key.items()},
        )
        return summed.table(list(self.by_key))

    def grand_total(self) -> Totals:
        total = Totals()
        for totals in self.by_key.values():
            total.add(totals)
        return total


class SummedAggregates:
    """Aggregate tables (``table``) added up by key, kept as columns of numbers.

    The form the aggregate step and the queries read. The rows of a key (or of a group of
    keys) are gathered and each column is summed once at the end, in C (``sum`` of floats is
    compensated, so the order the tables come in does not bend the totals), and no ``Totals``
    is built per aggregate (thousands per query) but only per group.

    A key may keep only some of its dimensions (``of_tables(dimensions=...)``): a summary by
    category adds a year of facilities and months straight into a few dozen keys instead of
    summing thousands of keys and grouping them after.
    """

    def __init__(
        self,
        columns: list[str],
        sums: dict[AggregateKey, list[float | None]],
        editions: dict[AggregateKey, set[str]],
    ) -> None:
        self.columns = columns
        self.sums = sums
        self.editions = editions

    @classmethod
    def of_tables(
        cls, tables: Iterable[Mapping[str, Any]], dimensions: Sequence[str] = KEY_DIMENSIONS
    ) -> SummedAggregates:
        """The sum of tables (``table``, ``Aggregates.to_table``) by the keys' ``dimensions``;
        a dimension left out is blank (``""`` or 0) in every key."""
        tables = list(tables)
        columns = sorted({column for table in tables for column in table["columns"]})
        place = {column: index for index, column in enumerate(columns)}
        kept = [KEY_DIMENSIONS.index(dimension) for dimension in dimensions]
        rows: dict[tuple[Any, ...], list[Sequence[float | None]]] = {}
        editions: dict[tuple[Any, ...], set[str]] = {}
        for table in tables:
            # A table kept before a dimension was added has fewer key fields (its entries
            # end with their editions and numbers): the fields it lacks read blank.
            entries = table["entries"]
            width = len(entries[0]) - 2 if entries else len(KEY_DIMENSIONS)
            dimensions_of = _dimensions_getter(kept, width)
            positions = [place[column] for column in table["columns"]]
            aligned = positions == list(range(len(columns)))
            edition_name = table["editions"].__getitem__
            # An entry is the key's fields, its editions (places in "editions"), its numbers.
            for entry in entries:
                key = dimensions_of(entry)
                numbers = entry[-1]
                values = numbers if aligned else _spread(numbers, positions, len(columns))
                known = rows.get(key)
                if known is None:
                    rows[key] = [values]
                    editions[key] = set(map(edition_name, entry[-2]))
                else:
                    known.append(values)
                    editions[key].update(map(edition_name, entry[-2]))
        keys = {key: _blank_filled(kept, key) for key in rows}
        return cls(
            columns,
            {keys[key]: _column_sums(values) for key, values in rows.items()},
            {keys[key]: names for key, names in editions.items()},
        )

    def months(self) -> list[str]:
        return sorted({key.month for key in self.sums})

    def totals(self, key: AggregateKey) -> Totals:
        return Totals.from_columns(self.columns, self.sums[key], self.editions[key])

    def grouped[Group](self, label: Callable[[AggregateKey], Group]) -> dict[Group, Totals]:
        """The totals of each group of keys, ``label`` naming a key's group."""
        groups: dict[Group, list[Sequence[float | None]]] = {}
        editions: dict[Group, set[str]] = {}
        for key, values in self.sums.items():
            group = label(key)
            known = groups.get(group)
            if known is None:
                groups[group] = [values]
                editions[group] = set(self.editions[key])
            else:
                known.append(values)
                editions[group] |= self.editions[key]
        return {
            group: Totals.from_columns(self.columns, _column_sums(rows), editions[group])
            for group, rows in groups.items()
        }

    def table(self, keys: Sequence[AggregateKey]) -> dict[str, Any]:
        """The aggregates of ``keys`` as one compact table, with only the columns they hold.

        One entry per key: its key's fields, its editions (places in ``editions``) and its
        numbers in the order of ``columns`` (null where it has none). A table of thousands
        of aggregates is a few hundred kilobytes, and tables add up as lists of numbers
        (``of_tables``).
        """
        present = [
            index
            for index in range(len(self.columns))
            if any(self.sums[key][index] is not None for key in keys)
        ]
        names = sorted({edition for key in keys for edition in self.editions[key]})
        place = {edition: index for index, edition in enumerate(names)}
        return {
            "columns": [self.columns[index] for index in present],
            "editions": names,
            "entries": [
                [
                    *key,
                    sorted(place[edition] for edition in self.editions[key]),
                    [self.sums[key][index] for index in present],
                ]
                for key in keys
            ],
        }


def _dimensions_getter(
    kept: Sequence[int], width: int
) -> Callable[[Sequence[Any]], tuple[Any, ...]]:
    """An entry's fields at ``kept``, as a tuple (hashed in C, as ``itemgetter`` takes them);
    a field at or past ``width`` (the entry's number of key fields) reads blank."""
    if any(index >= width for index in kept):
        return lambda entry: tuple(entry[i] if i < width else _BLANK_KEY[i] for i in kept)
    if len(kept) == 1:
        only = kept[0]
        return lambda entry: (entry[only],)
    return itemgetter(*kept)


def _blank_filled(kept: Sequence[int], fields: Sequence[Any]) -> AggregateKey:
    key = list(_BLANK_KEY)
    for index, value in zip(kept, fields, strict=True):
        key[index] = value
    return AggregateKey._make(key)


def _column_sums(rows: Sequence[Sequence[float | None]]) -> list[float | None]:
    """Each column's sum, None where no row has a value (a missing value adds nothing)."""
    return [
        None if column.count(None) == len(column) else sum(filter(None, column), 0.0)
        for column in zip(*rows, strict=True)
    ]


def _spread(
    values: Sequence[float | None], positions: Sequence[int], width: int
) -> list[float | None]:
    spread: list[float | None] = [None] * width
    for position, value in zip(positions, values, strict=True):
        spread[position] = value
    return spread
