"""What a row of the activity file may hold for one activity: the units its ``quantity`` is
accepted in (every published unit pint converts into one of its factors' units, grouped by
kind), the other columns it needs, and an example row that calculates.

The same rules as the planner's (``footprint.domain.plans``): a unit is accepted when it
converts into a factor's unit (``conversion_for``, which also reads a plain mile or km as a
vehicle's distance); EPA vehicles take fuel burned in ``quantity`` (and, on the road, the
distance driven in ``distance`` and ``distance_unit``, by ``vehicle_model_year`` where the
table has model years); refrigerants take any mass, with no region; spend categories take
nominal ``USD`` only for a period within 2022. ``docs/activity-values.md`` is rendered from
this (``footprint factors catalogue``), and a test calculates every example row it shows.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from footprint.domain.factors import CATEGORIES, Factor, FactorLibrary
from footprint.domain.plans import SPEND_CATEGORIES, conversion_for
from footprint.domain.units import UNITS, registry

# Kinds of quantity, named for people, each by a unit of that kind.
_KINDS = (
    ("energy", "kWh"),
    ("volume", "m3"),
    ("mass", "kg"),
    ("distance", "km"),
    ("passenger distance", "passenger_km"),
    ("vehicle distance", "vehicle_km"),
    ("freight (mass x distance)", "tonne_km"),
    ("room nights", "room_night"),
    ("FTE hours", "fte_hour"),
    ("spend (2022 USD)", "USD_2022"),
    ("spend (nominal USD)", "USD"),
)
NOMINAL_USD_NOTE = "nominal `USD` only for a period within 2022"
# Columns of the example row, in the upload format's order (docs/activity-format.md).
EXAMPLE_COLUMNS = (
    "facility",
    "period_start",
    "period_end",
    "category",
    "activity",
    "quantity",
    "unit",
    "region",
    "vehicle_model_year",
    "distance",
    "distance_unit",
    "market_instrument",
    "supplier_factor",
    "reference",
)
_EXAMPLE_FACILITY = {1: "Plant 1", 2: "Plant 1", 3: "HQ"}


@functools.cache
def unit_kind(unit: str) -> str:
    """``energy``, ``volume``, ``mass``...: the kind of quantity a published unit measures."""
    ureg = registry()
    dimensionality = ureg.Quantity(1.0, UNITS[unit]).dimensionality
    for name, reference in _KINDS:
        if ureg.Quantity(1.0, UNITS[reference]).dimensionality == dimensionality:
            return name
    return str(dimensionality)


def by_kind(units: tuple[str, ...]) -> list[tuple[str, list[str]]]:
    """``units`` grouped by kind (energy, volume, mass...), each kind in ``units``' order."""
    groups: dict[str, list[str]] = {name: [] for name, _ in _KINDS}
    for unit in units:
        groups.setdefault(unit_kind(unit), []).append(unit)
    return [(kind, found) for kind, found in groups.items() if found]


@dataclass(frozen=True)
class Accepted:
    """What one (category, activity) takes in a row."""

    category: str
    activity: str
    units: tuple[str, ...]  # for quantity, in UNITS order
    required: tuple[str, ...]  # columns beyond the always-required ones
    optional: tuple[str, ...]  # columns that apply to this activity only when given
    distance_units: tuple[str, ...] = ()  # for distance_unit (EPA on-road vehicles)
    # The model years the table's rows cover (None: no first year), for vehicle_model_year.
    model_years: tuple[int | None, int] | None = None
    notes: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    own_unit: str = ""  # the factor's own unit, first choice of the example

    @property
    def shape(self) -> tuple[object, ...]:
        """What activities sharing one description of their columns have in common."""
        return (
            self.units,
            self.required,
            self.optional,
            self.distance_units,
            self.model_years is not None,
            self.notes,
        )

    def example(self) -> dict[str, str]:
        """A row that calculates: the factor's own unit, its first region, a 2025 month."""
        category = CATEGORIES[self.category]
        row = {
            "facility": "Fleet" if self.distance_units else _EXAMPLE_FACILITY[category.scope],
            "period_start": "2025-01-01",
            "period_end": "2025-01-31",
            "category": self.category,
            "activity": self.activity,
            "quantity": "100",
            "unit": self.own_unit if self.own_unit in self.units else self.units[0],
        }
        if "region" in self.required:
            row["region"] = "US" if "US" in self.regions else self.regions[0]
        if self.model_years is not None:
            row["vehicle_model_year"] = str(self.model_years[1])
        if self.distance_units:
            row["distance"] = "1000"
            row["distance_unit"] = "mile" if "mile" in self.distance_units else "km"
        return row


def _accepting(activity: str, targets: set[str]) -> tuple[str, ...]:
    return _accepting_sorted(activity, tuple(sorted(targets)))


@functools.cache
def _accepting_sorted(activity: str, targets: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(unit for unit in UNITS if any(conversion_for(activity, unit, t) for t in targets))


def accepted(
    library: FactorLibrary,
    category: str,
    activity: str,
    regions: tuple[str, ...] | None = None,
) -> Accepted:
    """What a row naming ``category`` and ``activity`` may hold (from the library's factors
    in every region and edition; ``regions``, when the caller knows them, saves looking)."""
    if category == "refrigerants":
        return Accepted(category, activity, _accepting(activity, {"kg"}), (), (), own_unit="kg")
    if regions is None:
        regions = tuple(library.regions(category, activity))
    factors = [f for region in regions for f in library.candidates(category, activity, region)]
    optional = ("market_instrument", "supplier_factor") if category == "electricity" else ()
    vehicles = [f for f in factors if f.fuel_activity is not None]
    if vehicles:
        return _vehicle(library, category, activity, vehicles, regions)
    units = _accepting(activity, {f.unit for f in factors})
    notes: tuple[str, ...] = ()
    if category in SPEND_CATEGORIES and "USD_2022" in units:
        units = tuple(u for u in UNITS if u in units or u == "USD")
        notes = (NOMINAL_USD_NOTE,)
    return Accepted(
        category,
        activity,
        units,
        ("region",),
        optional,
        notes=notes,
        regions=regions,
        own_unit=factors[-1].unit,
    )


def _vehicle(
    library: FactorLibrary,
    category: str,
    activity: str,
    factors: list[Factor],
    regions: tuple[str, ...],
) -> Accepted:
    """EPA vehicles: fuel burned in quantity (converting into the fuel's CO2 factor unit and,
    off the road, into the per-fuel CH4/N2O factor's unit); on the road, distance too."""
    fuel_units = {
        fuel.unit
        for factor in factors
        for fuel in library.fuel_factors(factor.edition, factor.fuel_activity or "")
    }
    on_road = [f for f in factors if f.unit == "vehicle_mile"]
    if on_road:
        units = _accepting(activity, fuel_units)
        years = [f.model_years for f in on_road if f.model_years is not None]
        span: tuple[int | None, int] | None = None
        if years:
            # A row without a first year covers every year up to its last.
            first = None if any(y[0] is None for y in years) else min(y[0] or 0 for y in years)
            span = (first, max(y[1] for y in years))
        required: tuple[str, ...] = ("region", "distance", "distance_unit")
        if span is not None:
            required += ("vehicle_model_year",)
        return Accepted(
            category,
            activity,
            units,
            required,
            (),
            distance_units=_accepting(activity, {"vehicle_mile"}),
            model_years=span,
            regions=regions,
            own_unit=sorted(fuel_units)[0],
        )
    per_fuel = {f.unit for f in factors}
    units = tuple(
        u for u in _accepting(activity, per_fuel) if u in _accepting(activity, fuel_units)
    )
    return Accepted(
        category, activity, units, ("region",), (), regions=regions, own_unit=factors[-1].unit
    )
