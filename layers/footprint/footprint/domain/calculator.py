"""The emissions calculator: activity records in, emissions with provenance out.

There is one path. ``calculate_batch`` groups records by everything that decides their factors
(category, activity, region, unit, period, vehicle model year, options) and builds one ``Plan``
per group; each record then costs a handful of checks and multiplications. ``calculate`` is
that same path for a single record, so single and batch results are identical by construction.
Invalid records become ``RecordError`` results naming the row and field; nothing is skipped
or zeroed silently.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from footprint.domain.activity import COLUMNS, parse_record
from footprint.domain.errors import InvalidInput
from footprint.domain.factors import DEFAULT_GWP_SET, FactorLibrary, check_gwp_set
from footprint.domain.factors.editions import edition_name
from footprint.domain.plans import AS_PUBLISHED, BIOGENIC, MAIN_GASES, Plan, Planner
from footprint.domain.uncertainty import CategoryDefault, line_range

_COLUMN_SET = frozenset(COLUMNS)
_INFINITY = float("inf")
# Fields that decide the plan (with whether supplier_factor is given): a validation error on
# any other field belongs to one record, not to every record of the kind.
_PLAN_FIELDS = frozenset(
    {
        "category",
        "activity",
        "region",
        "unit",
        "period_start",
        "period_end",
        "vehicle_model_year",
        "distance_unit",
        "market_instrument",
    }
)


class Result:
    """Emissions of one record: every number derives from its plan's coefficients."""

    __slots__ = (
        "distance",
        "facility",
        "period_end",
        "period_start",
        "plan",
        "quantity",
        "reference",
        "row",
        "supplier_factor",
    )

    def __init__(
        self,
        row: int,
        facility: str,
        period_start: str,
        period_end: str,
        quantity: float,
        distance: float,
        supplier_factor: float,
        reference: str | None,
        plan: Plan,
    ) -> None:
        self.row = row
        self.facility = facility
        self.period_start = period_start
        self.period_end = period_end
        self.quantity = quantity
        self.distance = distance
        self.supplier_factor = supplier_factor
        self.reference = reference
        self.plan = plan

    def gas(self, name: str) -> float:
        """Kilograms of one gas (``CO2``, ``CH4``, ``N2O``, ``biogenic_CO2``, a species)."""
        plan = self.plan
        return self.quantity * plan.per_quantity.get(name, 0.0) + self.distance * (
            plan.per_distance.get(name, 0.0)
        )

    @property
    def co2e(self) -> float:
        """kg CO2e under the calculation's GWP set (location-based for electricity)."""
        return self.co2e_under(self.plan)

    def co2e_under(self, plan: Plan) -> float:
        """kg CO2e of this record's amounts under ``plan``: its kind's plan under another GWP
        set (the sets differ only in CO2e coefficients)."""
        return self.quantity * plan.co2e_per_quantity + self.distance * plan.co2e_per_distance

    @property
    def market_co2e(self) -> float | None:
        """Market-based kg CO2e for electricity, ``None`` for every other category."""
        market = self.plan.market
        if market is None:
            return None
        if market == "supplier":
            return self.quantity * self.supplier_factor
        if market == "zero":
            return 0.0
        return self.co2e

    def other_gases(self) -> dict[str, float]:
        """Kilograms of gases beyond CO2/CH4/N2O (HFCs, PFCs, SF6, NF3, refrigerant blends)."""
        plan = self.plan
        names = (set(plan.per_quantity) | set(plan.per_distance)) - {
            *MAIN_GASES,
            BIOGENIC,
            AS_PUBLISHED,
        }
        return {name: self.gas(name) for name in sorted(names)}

    def to_dict(self, uncertainty: Mapping[str, CategoryDefault] | None = None) -> dict[str, Any]:
        """The result as plain data, provenance included (for JSON output and the API);
        its range under ``uncertainty`` (``footprint.domain.uncertainty.applied``: the
        figures its calculation pinned), the published defaults alone when None."""
        plan = self.plan
        return {
            "row": self.row,
            "facility": self.facility,
            "period_start": self.period_start,
            "period_end": self.period_end,
            "category": plan.category.name,
            "activity": plan.activity,
            # The input as calculated, so a line is checked without its source file: the
            # quantity and unit (and distance) the row gave, ``row`` its number in the file.
            "quantity": self.quantity,
            "unit": plan.unit,
            "distance": self.distance if plan.needs_distance else None,
            "distance_unit": plan.distance_unit,
            "scope": plan.category.scope,
            "ghg_category": plan.category.ghg_category,
            "co2_kg": self.gas("CO2"),
            "ch4_kg": self.gas("CH4"),
            "n2o_kg": self.gas("N2O"),
            "other_gases_kg": self.other_gases(),
            "co2e_as_published_kg": self.gas(AS_PUBLISHED),
            "biogenic_co2_kg": self.gas(BIOGENIC),
            "co2e_kg": self.co2e,
            "market_based_co2e_kg": self.market_co2e,
            "market_basis": plan.market_basis,
            "reference": self.reference,
            # 1 (best) to 5 with its reasons (footprint.domain.quality); None for a plan
            # stored before lines were scored.
            "quality": plan.provenance.get("quality"),
            "provenance": plan.provenance,
            # The 95 % range, or null with the reason (a part without a figure).
            **line_range(plan.category.name, self.co2e, uncertainty),
        }


class RecordError:
    """A record that could not be calculated, with the reason (row and field included)."""

    __slots__ = ("error", "row")

    def __init__(self, row: int, error: InvalidInput) -> None:
        self.row = row
        self.error = error

    def to_dict(self) -> dict[str, Any]:
        return {"row": self.row, "error": self.error.message, "details": self.error.details}


class Calculator:
    """Calculates records against one library under one GWP set (AR4, AR5 or AR6).

    ``edition`` (``epa_hub-2025``) pins that edition of its source for a what-if: the
    edition impact asks what the lines would be with it (``editions.choose_edition``).
    """

    def __init__(
        self, library: FactorLibrary, gwp_set: str = DEFAULT_GWP_SET, edition: str | None = None
    ) -> None:
        self.gwp_set = check_gwp_set(gwp_set)
        self.edition = check_edition(library, edition)
        self._planner = Planner(library, self.gwp_set, self.edition)
        self._plans: dict[tuple[object, ...], Plan] = {}
        # Plan keys that fail, with whether the planner (not the record's fields) refused.
        self._failures: dict[tuple[object, ...], tuple[InvalidInput, bool]] = {}

    def calculate(self, raw: Mapping[str, Any], row: int = 1) -> Result:
        """One record; raises ``InvalidInput`` (naming row and field) if it cannot be done."""
        (outcome,) = self.calculate_batch([raw], first_row=row)
        if isinstance(outcome, RecordError):
            raise outcome.error
        return outcome

    def calculate_batch(
        self, records: Iterable[Mapping[str, Any]], first_row: int = 1
    ) -> Iterator[Result | RecordError]:
        """Results in input order, one per record; ``first_row`` numbers the first record."""
        plans = self._plans
        columns = _COLUMN_SET
        for row, raw in enumerate(records, first_row):
            get = raw.get
            # Any: validated when the plan was made (a key with a plan has ISO date strings).
            start: Any = get("period_start")
            end: Any = get("period_end")
            # The plan fields, spelled out: twice as fast as tuple(map(get, fields)) on 3.13.
            key: tuple[object, ...] = (
                get("category"),
                get("activity"),
                get("region"),
                get("unit"),
                start,
                end,
                get("vehicle_model_year"),
                get("distance_unit"),
                get("market_instrument"),
            )
            rate_text: Any = get("supplier_factor")
            if rate_text is not None and rate_text != "":
                key += (True,)
            try:
                plan = plans.get(key)
            except TypeError:  # an unhashable JSON value (list, object) in a plan field
                yield self._error(raw, row)
                continue
            if plan is None:
                outcome = self._unplanned(raw, row, key)
                if isinstance(outcome, RecordError):
                    yield outcome
                    continue
                plan = outcome
            facility: Any = get("facility")
            quantity: Any = get("quantity")
            distance = rate = 0.0
            try:
                amount = float(quantity)
                if plan.needs_distance:
                    distance_text: Any = get("distance")
                    distance = float(distance_text)
                if plan.market == "supplier":
                    rate = float(rate_text)
            except (TypeError, ValueError):
                yield self._error(raw, row)
                continue
            # Comparisons are False for NaN, so one chain refuses negative, NaN and infinite.
            if not (
                0.0 <= amount < _INFINITY
                and 0.0 <= distance < _INFINITY
                and 0.0 <= rate < _INFINITY
                and quantity.__class__ is not bool
                and facility.__class__ is str
                and facility.strip()
                and raw.keys() <= columns
            ):
                yield self._error(raw, row)
                continue
            reference = get("reference")
            yield Result(
                row,
                facility,
                start,
                end,
                amount,
                distance,
                rate,
                None if reference is None or reference == "" else str(reference),
                plan,
            )

    def _unplanned(
        self, raw: Mapping[str, Any], row: int, key: tuple[object, ...]
    ) -> Plan | RecordError:
        """Plan for a key not seen yet, cached; or this record's error. Plan errors are cached
        too (in ``_failures``), errors in other fields belong to this record alone."""
        cached = self._failures.get(key)
        if cached is not None:
            return RecordError(row, _for_row(raw, row, *cached))
        try:
            record = parse_record(raw, row)
        except InvalidInput as error:
            if not error.others and error.details.get("field") in _PLAN_FIELDS:
                self._failures[key] = (error, False)
            return RecordError(row, error)
        try:
            plan = self._planner.plan(record)
        except InvalidInput as error:
            if error.details.get("field") in _PLAN_FIELDS:
                self._failures[key] = (error, True)
            return RecordError(row, error)
        self._plans[key] = plan
        return plan

    @staticmethod
    def _error(raw: Mapping[str, Any], row: int) -> RecordError:
        """The precise error for a record that failed a fast check."""
        try:
            parse_record(raw, row)
        except InvalidInput as error:
            return RecordError(row, error)
        return RecordError(row, InvalidInput("record is not valid", row=row))


def check_edition(library: FactorLibrary, edition: str | None) -> str | None:
    """``edition`` if the library has it (``<source>-<edition>``), else ``InvalidInput``
    naming the field and the editions there are."""
    if edition is None:
        return None
    names = [edition_name(known) for known in library.editions()]
    if edition not in names:
        raise InvalidInput(
            f"unknown edition {edition!r}: one of {', '.join(names)}",
            field="edition",
            allowed=names,
        )
    return edition


def _for_row(
    raw: Mapping[str, Any], row: int, error: InvalidInput, from_plan: bool
) -> InvalidInput:
    """A cached plan error re-issued for another row of the same kind, with that row's own
    faults in other fields (each field of a row is reported)."""
    try:
        parse_record(raw, row)
    except InvalidInput as own:
        if not from_plan:
            return own
        return InvalidInput.several([own, *own.others, error.for_row(row)])
    return error.for_row(row)
