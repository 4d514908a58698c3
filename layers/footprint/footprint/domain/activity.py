"""The activity record and the upload format users fill in (CSV, XLSX or JSON records).

Every value arrives as text (CSV/XLSX) or JSON scalars; ``parse_record`` turns one into an
``ActivityRecord`` or raises ``InvalidInput`` naming the row and the field. Nothing is ever
defaulted to zero: a missing or malformed number is an error for that record.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from footprint.domain.errors import InvalidInput
from footprint.domain.factors.categories import CATEGORIES
from footprint.domain.spelling import closest
from footprint.domain.units import canonical_unit

REQUIRED_COLUMNS = (
    "facility",
    "period_start",
    "period_end",
    "category",
    "activity",
    "quantity",
    "unit",
)
OPTIONAL_COLUMNS = (
    "region",
    "vehicle_model_year",
    "distance",
    "distance_unit",
    "market_instrument",
    "supplier_factor",
    "reference",
)
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
# Optional columns that some rows must fill, and which rows (the calculation enforces it).
REQUIRED_WHEN: dict[str, str] = {
    "region": "every category but refrigerants",
    "vehicle_model_year": "EPA on-road vehicles whose CH4/N2O factor is by model year",
    "distance": "EPA on-road vehicles (CH4/N2O per vehicle-mile, Tables 3-4)",
    "distance_unit": "rows with a distance",
}
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}$")

# Contractual instruments that convey zero-emission generation attributes for market-based
# Scope 2 (GHG Protocol Scope 2 Guidance, quality criteria apply and are the user's to meet).
MARKET_INSTRUMENTS: dict[str, str] = {
    "rec": "Renewable Energy Certificate (US)",
    "go": "Guarantee of Origin (EU/UK)",
    "irec": "International REC (I-REC)",
    "rego": "Renewable Energy Guarantee of Origin (UK)",
    "green_tariff": "Green tariff backed by certificates",
}

COLUMN_HELP: dict[str, str] = {
    "facility": "Site or entity the activity belongs to (free text, required).",
    "period_start": "First day of the activity period, ISO date YYYY-MM-DD. Its year picks the"
    " factor edition.",
    "period_end": "Last day of the period, ISO date, not before period_start.",
    "category": "One of the categories below; fixes scope and GHG Protocol category.",
    "activity": "Fuel, vehicle, refrigerant, travel mode, material, NAICS code...: see the"
    " allowed activities per category.",
    "quantity": "Amount of the activity, a number >= 0 (fuel burned, kWh bought, kg leaked,"
    " passenger-km, 2022 USD spent...).",
    "unit": "Unit of quantity, one of the published unit names; converted to the factor's"
    " unit through pint.",
    "region": "Required except for refrigerants: US, an eGRID subregion (e.g. CAMX) or UK."
    " Selects the publisher and grid.",
    "vehicle_model_year": "Required for on-road vehicles (EPA Tables 3-4): the model year"
    " selecting the CH4/N2O factor.",
    "distance": "Required for on-road vehicles: distance driven, for CH4/N2O per vehicle-mile.",
    "distance_unit": "Unit of distance: mile, km, vehicle_mile or vehicle_km.",
    "market_instrument": "Electricity only: rec, go, irec, rego or green_tariff when"
    " certificates cover this consumption (market-based = 0).",
    "supplier_factor": "Electricity only: supplier-specific rate in kg CO2e per one `unit` of"
    " this record (market-based).",
    "reference": "Free text kept with the result (invoice number, meter id...).",
}


@dataclass(frozen=True, slots=True)
class ActivityRecord:
    """One validated line of activity data."""

    row: int
    facility: str
    period_start: date
    period_end: date
    category: str
    activity: str
    quantity: float
    unit: str
    region: str | None = None
    vehicle_model_year: int | None = None
    distance: float | None = None
    distance_unit: str | None = None
    market_instrument: str | None = None
    supplier_factor: float | None = None
    reference: str | None = None


def check_columns(columns: Iterable[str], row: int = 1) -> None:
    """Refuse a header with unknown or missing columns, naming them in the message (the one
    text every client shows) with the closest allowed name for each unknown one; names are
    case-sensitive, all lower case."""
    present = [column.strip() for column in columns]
    unknown = [column for column in present if column not in COLUMNS]
    missing = [column for column in REQUIRED_COLUMNS if column not in present]
    if unknown or missing:
        parts = []
        if unknown:
            named = ", ".join(_with_suggestion(column, COLUMNS) for column in unknown)
            parts.append(f"unknown columns: {named}")
        if missing:
            parts.append(f"missing columns: {', '.join(missing)}")
        raise InvalidInput(
            f"the header does not match the activity format: {'; '.join(parts)}. Column names"
            " are case-sensitive and lower case; free text goes in 'reference'"
            " (see docs/activity-format.md)",
            row=row,
            unknown_columns=unknown,
            missing_columns=missing,
        )


def _with_suggestion(value: str, allowed: Iterable[str]) -> str:
    suggestion = closest(value, allowed)
    return f"{value!r} (did you mean {suggestion!r}?)" if suggestion else repr(value)


def parse_record(raw: Mapping[str, object], row: int) -> ActivityRecord:
    """Validate one raw record (strings from CSV, or JSON scalars) into an ``ActivityRecord``.

    Every field is checked: a record with several faulty fields raises one ``InvalidInput``
    for the first, carrying them all (``InvalidInput.problems`` gives one entry per field)."""
    errors: list[InvalidInput] = []

    def check[T](parse: Callable[[], T]) -> T | None:
        try:
            return parse()
        except InvalidInput as error:
            errors.append(error)
            return None

    for key in sorted(key for key in raw if key not in COLUMNS):
        errors.append(
            InvalidInput(
                f"unknown field {key!r}: "
                + (
                    f"did you mean {found!r}? (names are case-sensitive)"
                    if (found := closest(key, COLUMNS))
                    else "remove it, or put free text in 'reference'"
                ),
                row=row,
                field=key,
            )
        )
    facility = check(lambda: required_text(raw, "facility", row))
    start = check(lambda: parse_date(raw, "period_start", row))
    end = check(lambda: parse_date(raw, "period_end", row))
    if start is not None and end is not None and end < start:
        errors.append(
            InvalidInput("period_end is before period_start", row=row, field="period_end")
        )
    category = check(lambda: _category(raw, row))
    activity = check(lambda: required_text(raw, "activity", row))
    quantity = check(lambda: number(raw, "quantity", row))
    unit = check(lambda: _unit(raw, "unit", row))
    # Region codes (US, UK, eGRID subregions) are upper case: `camx` means CAMX.
    region = (optional_text(raw, "region") or "").upper() or None
    model_year = check(lambda: _model_year(raw, row))
    distance = check(lambda: optional_number(raw, "distance", row))
    distance_unit_text = optional_text(raw, "distance_unit")
    if (optional_text(raw, "distance") is None) != (distance_unit_text is None):
        errors.append(
            InvalidInput("distance and distance_unit go together", row=row, field="distance")
        )
    distance_unit = check(lambda: _unit(raw, "distance_unit", row)) if distance_unit_text else None
    instrument = optional_text(raw, "market_instrument")
    if instrument is not None and instrument.lower() not in MARKET_INSTRUMENTS:
        errors.append(
            InvalidInput(
                f"unknown market_instrument {instrument!r}",
                row=row,
                field="market_instrument",
                allowed=list(MARKET_INSTRUMENTS),
            )
        )
    supplier_factor = check(lambda: optional_number(raw, "supplier_factor", row))
    if (  # a field is None only where ``errors`` holds why
        errors
        or facility is None
        or start is None
        or end is None
        or category is None
        or activity is None
        or quantity is None
        or unit is None
    ):
        raise InvalidInput.several(errors)
    return ActivityRecord(
        row=row,
        facility=facility,
        period_start=start,
        period_end=end,
        category=category,
        activity=activity,
        quantity=quantity,
        unit=unit,
        region=region,
        vehicle_model_year=model_year,
        distance=distance,
        distance_unit=distance_unit,
        market_instrument=instrument.lower() if instrument else None,
        supplier_factor=supplier_factor,
        reference=optional_text(raw, "reference"),
    )


def _category(raw: Mapping[str, object], row: int) -> str:
    category = required_text(raw, "category", row)
    if category not in CATEGORIES:
        suggestion = closest(category, CATEGORIES)
        raise InvalidInput(
            f"unknown category {category!r}"
            + (f": did you mean {suggestion!r}?" if suggestion else ""),
            row=row,
            field="category",
            allowed=list(CATEGORIES),
        )
    return category


def optional_text(raw: Mapping[str, object], field: str) -> str | None:
    """Stripped text, or ``None`` for an absent or blank cell."""
    value = raw.get(field)
    if value is None:
        return None
    stripped = str(value).strip()
    return stripped or None


def required_text(raw: Mapping[str, object], field: str, row: int) -> str:
    value = optional_text(raw, field)
    if value is None:
        raise InvalidInput(f"{field} is required", row=row, field=field)
    return value


def number(raw: Mapping[str, object], field: str, row: int) -> float:
    """A finite, non-negative number; text such as ``1,200`` or ``n/a`` is refused."""
    value = raw.get(field)
    if value is None or (isinstance(value, str) and not value.strip()):
        raise InvalidInput(f"{field} is required", row=row, field=field)
    return checked_number(value, field, row)


def checked_number(value: object, field: str, row: int) -> float:
    """``value`` as a finite float >= 0, else ``InvalidInput`` for that row and field."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise InvalidInput(f"{field} is not a number", row=row, field=field, value=str(value))
    try:
        result = float(value)
    except ValueError:
        raise InvalidInput(
            _not_a_number(field, str(value)), row=row, field=field, value=str(value)
        ) from None
    if not math.isfinite(result):
        raise InvalidInput(f"{field} is not a finite number", row=row, field=field)
    if result < 0:
        raise InvalidInput(f"{field} is negative", row=row, field=field, value=result)
    return result


def _not_a_number(field: str, text: str) -> str:
    """Why ``text`` is not a number, with the fix for the usual spreadsheet habits."""
    if any(mark in text.strip() for mark in ", '"):
        return (
            f"{field} is not a number: thousands separators and decimal commas are not"
            " accepted; write 1200 or 1200.5, not 1,200 or 1.200,5"
        )
    return f"{field} is not a number"


def optional_number(raw: Mapping[str, object], field: str, row: int) -> float | None:
    value = raw.get(field)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return checked_number(value, field, row)


def parse_date(raw: Mapping[str, object], field: str, row: int) -> date:
    """A calendar date written exactly ``YYYY-MM-DD`` (not the other ISO forms Python takes,
    such as ``20250101`` or week dates, which spreadsheets produce by accident)."""
    value = raw.get(field)
    text = required_text(raw, field, row)
    try:
        if value.__class__ is not str or not _ISO_DATE.match(text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(
            f"{field} is not an ISO date (YYYY-MM-DD, e.g. 2025-01-31)",
            row=row,
            field=field,
            value=text,
        ) from None


def _unit(raw: Mapping[str, object], field: str, row: int) -> str:
    text = required_text(raw, field, row)
    try:
        return canonical_unit(text)
    except InvalidInput as error:
        raise InvalidInput(error.message, row=row, field=field, value=text) from None


def _model_year(raw: Mapping[str, object], row: int) -> int | None:
    text = optional_text(raw, "vehicle_model_year")
    if text is None:
        return None
    if not text.isdigit() or not 1900 <= int(text) <= 2100:
        raise InvalidInput(
            "vehicle_model_year is not a year", row=row, field="vehicle_model_year", value=text
        )
    return int(text)
