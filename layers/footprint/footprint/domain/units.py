"""Units of measure through pint, with every conversion recorded for provenance.

One registry serves the whole process. It is built on first use, not at import, because pint
takes most of a second to load its definitions: the calculation Lambda pays that once, API
handlers that never convert never pay it.

Units are accepted by *name only* (``scf``, ``mmBtu``, ``passenger-mile``), never as free
expressions, so a typo is an unknown unit rather than something pint happens to parse. Counted
activities (passengers, vehicles, room-nights, dollars) get dimensions of their own so that
pint refuses to turn a passenger-mile into a vehicle-mile or a kWh into a gallon. ``USD``
(nominal dollars of the activity period) and ``USD_2022`` (constant 2022 dollars) differ in
dimension on purpose: only the calculator's spend rule may equate them.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from footprint.domain.errors import InvalidInput
from footprint.domain.spelling import closest

if TYPE_CHECKING:
    import pint

# Extra definitions in pint's own syntax; pint's defaults already know kWh, MWh, GJ, gallon
# (US), litre, kg, lb, short_ton, tonne, mile, km and Btu (ISO, 1055.056 J).
_DEFINITIONS = """
scf = foot ** 3
ccf = 100 * scf
mmBtu = 1e6 * Btu = MMBtu
passenger = [passenger]
vehicle = [vehicle]
room_night = [room_night]
fte_hour = [fte_hour]
USD_2022 = [usd_2022]
USD = [usd_nominal]
passenger_mile = passenger * mile
passenger_km = passenger * kilometer
vehicle_mile = vehicle * mile
vehicle_km = vehicle * kilometer
short_ton_mile = short_ton * mile
tonne_km = tonne * kilometer
"""

# Published unit names (the upload format's ``unit`` column) mapped to registry names.
UNITS: dict[str, str] = {
    "scf": "scf",
    "ccf": "ccf",
    "therm": "therm",
    "mmBtu": "mmBtu",
    "GJ": "gigajoule",
    "kWh": "kilowatt_hour",
    "MWh": "megawatt_hour",
    "gal": "gallon",
    "L": "liter",
    "m3": "meter ** 3",
    "ML": "megaliter",
    "kg": "kilogram",
    "lb": "pound",
    "short_ton": "short_ton",
    "tonne": "tonne",
    "mile": "mile",
    "km": "kilometer",
    "passenger_mile": "passenger_mile",
    "passenger_km": "passenger_km",
    "vehicle_mile": "vehicle_mile",
    "vehicle_km": "vehicle_km",
    "short_ton_mile": "short_ton_mile",
    "tonne_km": "tonne_km",
    "room_night": "room_night",
    "fte_hour": "fte_hour",
    "USD_2022": "USD_2022",
    "USD": "USD",
}

# Volumes of a liquid and of a gas: pint converts a gallon into cubic feet, but a gallon of
# liquefied natural gas holds about 600 times the gas a gallon of pipeline gas does, so a
# fuel's volume is never converted across the two (see ``phases_differ``).
LIQUID_VOLUMES = frozenset({"gal", "L", "ML"})
GAS_VOLUMES = frozenset({"scf", "ccf"})

_ALIASES: dict[str, str] = {
    "mmbtu": "mmBtu",
    "gallon": "gal",
    "gallons": "gal",
    "litre": "L",
    "litres": "L",
    "liter": "L",
    "liters": "L",
    "cubic_metre": "m3",
    "cubic_metres": "m3",
    "metric_ton": "tonne",
    "t": "tonne",
    "tonnes": "tonne",
    "miles": "mile",
    "gj": "GJ",
    "kwh": "kWh",
    "mwh": "MWh",
    "pkm": "passenger_km",
    "tkm": "tonne_km",
}

_CASE_FOLDED = {name.lower(): name for name in UNITS}


def spellings(unit: str) -> list[str]:
    """Other names ``canonical_unit`` reads as the published ``unit`` (beyond its case and
    separators): ``gal`` is also ``gallon`` and ``gallons``."""
    return [
        alias for alias, name in _ALIASES.items() if name == unit and alias.lower() != unit.lower()
    ]


_SEPARATORS = re.compile(r"[\s\-.]+")


def canonical_unit(text: str) -> str:
    """The published unit name for ``text`` (``passenger-mile`` -> ``passenger_mile``).

    Raises ``InvalidInput`` for a name the library does not publish, listing none of pint's
    thousands of names: only the ones this format allows.
    """
    key = _SEPARATORS.sub("_", text.strip())
    if key in UNITS:
        return key
    found = _known(key) or (_known(key[:-1]) if key.endswith(("s", "S")) else None)
    if found is None:
        suggestion = closest(key, [*UNITS, *_ALIASES])
        message = f"unknown unit {text!r}"
        if suggestion is not None:
            suggestion = _ALIASES.get(suggestion, suggestion)
            message += f": did you mean {suggestion!r}?"
        raise InvalidInput(
            message + " (allowed units: docs/activity-values.md)",
            field="unit",
            value=text,
            **({"suggestion": suggestion} if suggestion else {}),
        )
    return found


def _known(key: str) -> str | None:
    """The published unit ``key`` names, whatever its case; a plural (``therms``, ``kWhs``)
    is read by the caller as its singular."""
    folded = key.lower()
    return _ALIASES.get(key) or _ALIASES.get(folded) or _CASE_FOLDED.get(folded)


@functools.cache
def registry() -> pint.UnitRegistry:
    """The process-wide registry with Footprint's definitions (built once, on first use)."""
    import pint

    ureg = pint.UnitRegistry()
    for line in _DEFINITIONS.strip().splitlines():
        ureg.define(line)
    return ureg


@dataclass(frozen=True, slots=True)
class Conversion:
    """A multiplier from one published unit to another, and how it was obtained."""

    source: str
    target: str
    factor: float

    @property
    def path(self) -> str:
        """Human-readable conversion step for provenance, e.g. ``therm -> mmBtu (x 0.1)``."""
        if self.source == self.target:
            return f"{self.source} (no conversion)"
        return f"{self.source} -> {self.target} (x {self.factor!r}, pint)"


@functools.cache
def conversion(source: str, target: str) -> Conversion:
    """Multiplier turning a quantity in ``source`` into ``target`` (both published names).

    Cached: a batch pays pint once per distinct unit pair, then one float multiply per record.
    Raises ``InvalidInput`` when the dimensions differ (kWh into gallons of diesel).
    """
    import pint

    if source == target:
        return Conversion(source, target, 1.0)
    ureg = registry()
    try:
        exact = float(ureg.Quantity(1.0, UNITS[source]).to(UNITS[target]).magnitude)
    except pint.DimensionalityError:
        raise InvalidInput(
            f"cannot convert {source} into {target}: different kinds of quantity",
            field="unit",
            value=source,
            expected=target,
        ) from None
    # pint chains float multiplications (therm -> mmBtu comes out 0.09999999999999999); 15
    # significant digits drop that last-bit noise, 6 orders of magnitude inside the 1e-9 budget.
    return Conversion(source, target, float(f"{exact:.15g}"))


def phases_differ(source: str, target: str, *, gaseous_fuel: bool) -> bool:
    """True when ``source`` measures a liquid and ``target`` a gas, or the reverse. ``m3`` is
    either: it is a gas volume when the factor is for a gaseous fuel (DESNZ natural gas per
    cubic metre), a liquid one otherwise."""
    gas = target in GAS_VOLUMES or (target == "m3" and gaseous_fuel)
    return (source in LIQUID_VOLUMES and gas) or (
        source in GAS_VOLUMES and target in LIQUID_VOLUMES
    )
