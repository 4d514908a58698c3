"""``footprint calc FILE``: calculate an activity file offline, streaming, in flat memory.

Reads the upload format (docs/activity-format.md) from CSV, XLSX or JSON through the parser
the upload API uses (``footprint.domain.uploads.parsing``), so a file the API refuses is
refused here with the same message (exit status 2), line by line, writes one result per line
with its provenance, then totals by scope and by category. Lines that cannot be calculated are
written with their error and make the exit status 1; nothing is dropped.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import re
import sys
from collections.abc import Iterator
from contextlib import ExitStack
from typing import Any, TextIO

from footprint.domain.calculator import Calculator, RecordError, Result
from footprint.domain.errors import InvalidInput
from footprint.domain.factors import DEFAULT_GWP_SET, GWP_SETS, default_library
from footprint.domain.impact import Impact, calculated_side
from footprint.domain.plans import AS_PUBLISHED, BIOGENIC, MAIN_GASES, Plan
from footprint.domain.uploads.parsing import Row, detect_format, iter_rows

CSV_COLUMNS = (
    "row",
    "status",
    "facility",
    "period_start",
    "period_end",
    "category",
    "activity",
    "quantity",
    "unit",
    "distance",
    "distance_unit",
    "scope",
    "ghg_category",
    "co2_kg",
    "ch4_kg",
    "n2o_kg",
    "other_gases_kg",
    "co2e_as_published_kg",
    "biogenic_co2_kg",
    "co2e_kg",
    "market_based_co2e_kg",
    "market_basis",
    "gwp_set",
    "factors",
    "unit_path",
    "formula",
    "notes",
    "reference",
    "error",
)


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "calc",
        help="calculate an activity file (CSV, XLSX or JSON) offline",
        description="Calculate an activity file offline, as an upload would be: one result\n"
        "line per row with its provenance, then totals by scope and by category.\n"
        "Exit status 1 if some rows have errors (written with the error, not dropped),\n"
        "2 if the file cannot be read (the upload API's message says why).",
        epilog="examples:\n"
        "  footprint calc activity.csv\n"
        "  footprint calc activity.xlsx --sheet activities --gwp AR6 --out results.csv\n"
        "  footprint calc activity.json --format json | jq .totals\n"
        "  footprint calc --compare-edition epa_hub-2025 activity.csv | jq .change_kg",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", help="activity data in the upload format: .csv, .xlsx or .json")
    parser.add_argument("--sheet", help="the XLSX worksheet to read (default: the first)")
    parser.add_argument("--format", choices=("csv", "json"), default="csv")
    parser.add_argument("--out", help="output file (default: standard output)")
    parser.add_argument("--gwp", choices=GWP_SETS, default=DEFAULT_GWP_SET, help="GWP-100 set")
    parser.add_argument(
        "--compare-edition",
        metavar="EDITION",
        help="instead of the results, the edition impact (JSON, as GET /v1/emissions/impact"
        " answers it, every line): the file with the editions in force against the file"
        " with EDITION (e.g. epa_hub-2025) pinned",
    )
    parser.set_defaults(func=run)


class Totals:
    """Running kg CO2e by scope (Scope 2 both location- and market-based) and by category."""

    def __init__(self) -> None:
        self.by_scope: dict[str, float] = {}
        self.by_category: dict[str, float] = {}
        self.biogenic_co2_kg = 0.0
        self.lines = 0
        self.errors = 0

    def add(self, result: Result) -> None:
        plan = result.plan
        co2e = result.co2e
        scope = plan.category.scope
        label = plan.category.label
        if scope == 2:
            self._add(self.by_scope, "scope_2_location_based", co2e)
            self._add(self.by_scope, "scope_2_market_based", result.market_co2e or 0.0)
        else:
            self._add(self.by_scope, f"scope_{scope}", co2e)
        self._add(self.by_category, label, co2e)
        self.biogenic_co2_kg += result.gas(BIOGENIC)
        self.lines += 1

    @staticmethod
    def _add(table: dict[str, float], key: str, value: float) -> None:
        table[key] = table.get(key, 0.0) + value

    def to_dict(self) -> dict[str, Any]:
        return {
            "lines": self.lines,
            "errors": self.errors,
            "co2e_kg_by_scope": dict(sorted(self.by_scope.items())),
            "co2e_kg_by_category": dict(sorted(self.by_category.items())),
            "biogenic_co2_kg": self.biogenic_co2_kg,
        }


def run(args: argparse.Namespace) -> int:
    with ExitStack() as stack:
        try:
            file_format = detect_format(args.file, None)
            source = stack.enter_context(open(args.file, "rb"))
            rows = iter_rows(source, file_format, args.sheet)
            # The header is read (and checked) before any output: a wrong file writes nothing.
            first = next(rows, None)
        except OSError as error:
            print(f"footprint calc: cannot read {args.file}: {error.strerror}", file=sys.stderr)
            return 2
        except InvalidInput as error:
            return _refused(error)
        target: TextIO = (
            stack.enter_context(open(args.out, "w", newline="", encoding="utf-8"))
            if args.out
            else sys.stdout
        )
        numbered = _Numbered(itertools.chain([first] if first else [], rows))
        if args.compare_edition is not None:
            try:
                return _compare(numbered, args.gwp, args.compare_edition, target)
            except InvalidInput as error:
                return _refused(error)
        calculator = Calculator(default_library(), args.gwp)
        outcomes = numbered.renumber(calculator.calculate_batch(numbered.records()))
        writer = _write_json if args.format == "json" else _write_csv
        try:
            totals = writer(outcomes, target, calculator.gwp_set)
        except InvalidInput as error:  # a structural fault further down the file
            return _refused(error)
    return 1 if totals.errors else 0


# Records compared at a time: the impact keeps a tuple per line, the records only a chunk.
_COMPARED_AT_ONCE = 10_000


def _compare(numbered: _Numbered, gwp_set: str, edition: str, target: TextIO) -> int:
    """The edition impact of the file (``footprint.domain.impact``), written as JSON; rows
    either side cannot calculate are reported on standard error (exit status 1)."""
    library = default_library()
    pinned = Calculator(library, gwp_set, edition)
    current = Calculator(library, gwp_set)
    impact = Impact(library)
    errors = 0
    records = numbered.pairs()
    while chunk := list(itertools.islice(records, _COMPARED_AT_ONCE)):
        rows = [row for row, _record in chunk]
        raws = [record for _row, record in chunk]
        before: list[Result] = []
        after: list[Result] = []
        for row, old, new in zip(
            rows, current.calculate_batch(raws), pinned.calculate_batch(raws), strict=True
        ):
            failed = old if isinstance(old, RecordError) else new
            if isinstance(failed, RecordError):
                errors += 1
                print(f"footprint calc: line {row}: {failed.error.message}", file=sys.stderr)
                continue
            assert isinstance(old, Result)
            assert isinstance(new, Result)
            old.row = new.row = row
            before.append(old)
            after.append(new)
        impact.add(calculated_side(gwp_set, before), calculated_side(gwp_set, after))
    answer, _following = impact.page(0, len(impact.entries))
    json.dump({"edition": edition, **answer, "errors": errors}, target, indent=1)
    target.write("\n")
    return 1 if errors else 0


def _refused(error: InvalidInput) -> int:
    """A file the upload API would refuse, with the API's message: exit status 2. The
    message names what is wrong; the line it is on is the one detail to add."""
    line = error.details.get("row")
    where = f"line {line}: " if isinstance(line, int) else ""
    print(f"footprint calc: {where}{error.message}", file=sys.stderr)
    return 2


class _Numbered:
    """The parser's ``(row, record)`` pairs fed to the calculator, whose outcomes then carry
    the row numbers the file has (blank rows skipped keep their number, as in the API)."""

    def __init__(self, pairs: Iterator[tuple[int, Row]]) -> None:
        self._pairs = pairs
        self._row = 0

    def pairs(self) -> Iterator[tuple[int, Row]]:
        return self._pairs

    def records(self) -> Iterator[Row]:
        for row, record in self._pairs:
            self._row = row
            yield record

    def renumber(self, outcomes: Iterator[Result | RecordError]) -> Iterator[Result | RecordError]:
        for outcome in outcomes:
            # The calculator pulls one record and yields its outcome before the next pull.
            if outcome.row != self._row:
                outcome.row = self._row
                if isinstance(outcome, RecordError) and "row" in outcome.error.details:
                    outcome.error = outcome.error.for_row(self._row)
            yield outcome


def _write_csv(outcomes: Iterator[Result | RecordError], target: TextIO, gwp_set: str) -> Totals:
    """One CSV line per record, then the totals. The per-plan cells (category, factors, unit
    path, formula...) are encoded once per plan and reused, so a line costs a few float
    formats rather than re-quoting its provenance every time."""
    writer = csv.writer(target, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    totals = Totals()
    encoded: dict[int, tuple[str, tuple[str, str], str, str, bool]] = {}
    for outcome in outcomes:
        if isinstance(outcome, RecordError):
            totals.errors += 1
            for error in (outcome.error, *outcome.error.others):  # a line per faulty field
                shown = {key: value for key, value in error.details.items() if key != "errors"}
                details = json.dumps(shown, sort_keys=True, default=str)
                writer.writerow(
                    _row(row=outcome.row, status="error", error=f"{error.message} {details}")
                )
            continue
        totals.add(outcome)
        plan = outcome.plan
        cells = encoded.get(id(plan)) or encoded.setdefault(id(plan), _plan_cells(plan, gwp_set))
        head, units, scope, tail, has_others = cells
        market = outcome.market_co2e
        others = _quote(json.dumps(outcome.other_gases())) if has_others else "{}"
        distance = repr(outcome.distance) if plan.needs_distance else ""
        target.write(
            f"{outcome.row},ok,{_quote(outcome.facility)},{outcome.period_start},"
            f"{outcome.period_end},{head},{outcome.quantity!r},{units[0]},{distance},{units[1]},"
            f"{scope},{outcome.gas('CO2')!r},{outcome.gas('CH4')!r},"
            f"{outcome.gas('N2O')!r},{others},{outcome.gas(AS_PUBLISHED)!r},"
            f"{outcome.gas(BIOGENIC)!r},{outcome.co2e!r},{'' if market is None else repr(market)},"
            f"{tail},{_quote(outcome.reference or '')},\n"
        )
    summary = totals.to_dict()
    for label, value in [
        *summary["co2e_kg_by_scope"].items(),
        *summary["co2e_kg_by_category"].items(),
    ]:
        writer.writerow(_row(status="total", category=label, co2e_kg=value))
    writer.writerow(
        _row(status="total", category="outside scopes", biogenic_co2_kg=totals.biogenic_co2_kg)
    )
    return totals


def _row(**cells: object) -> list[object]:
    """A CSV line with only the named columns filled (errors and totals)."""
    return [cells.get(column, "") for column in CSV_COLUMNS]


_NEEDS_QUOTES = re.compile(r'[",\r\n]')


def _quote(text: str) -> str:
    """A CSV cell as the csv module would write it (minimal quoting)."""
    if _NEEDS_QUOTES.search(text):
        return '"' + text.replace('"', '""') + '"'
    return text


def _plan_cells(plan: Plan, gwp_set: str) -> tuple[str, tuple[str, str], str, str, bool]:
    """The encoded cells every line of one plan shares: (category and activity, the unit
    and distance unit, scope and ghg_category, market_basis..notes, whether the plan has
    gases beyond CO2/CH4/N2O)."""
    provenance = plan.provenance
    category = plan.category
    head = [category.name, plan.activity]
    units = (_quote(plan.unit or ""), _quote(plan.distance_unit or ""))
    scope = [str(category.scope), str(category.ghg_category or "")]
    tail = [
        plan.market_basis or "",
        gwp_set,
        " | ".join(factor["id"] for factor in provenance["factors"]),
        " ; ".join(provenance["unit_path"]),
        provenance["formula"],
        " ; ".join(provenance["notes"]),
    ]
    gases = set(plan.per_quantity) | set(plan.per_distance)
    has_others = bool(gases - {*MAIN_GASES, BIOGENIC, AS_PUBLISHED})
    return (
        ",".join(map(_quote, head)),
        units,
        ",".join(map(_quote, scope)),
        ",".join(map(_quote, tail)),
        has_others,
    )


def _write_json(outcomes: Iterator[Result | RecordError], target: TextIO, gwp_set: str) -> Totals:
    """A JSON document written piece by piece, so memory stays flat for any file size."""
    totals = Totals()
    target.write(f'{{"gwp_set": {json.dumps(gwp_set)}, "results": [')
    separator = "\n"
    for outcome in outcomes:
        if isinstance(outcome, RecordError):
            totals.errors += 1
        else:
            totals.add(outcome)
        target.write(separator + json.dumps(outcome.to_dict(), default=str))
        separator = ",\n"
    target.write(f'\n], "totals": {json.dumps(totals.to_dict())}}}\n')
    return totals
