import subprocess
import sys

import pytest

from footprint.domain.errors import InvalidInput
from footprint.domain.units import UNITS, canonical_unit, conversion, phases_differ


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("scf", "scf"),
        ("passenger-mile", "passenger_mile"),
        ("Passenger Mile", "passenger_mile"),
        ("tonne.km", "tonne_km"),
        ("MMBTU", "mmBtu"),
        ("gallons", "gal"),
        ("litres", "L"),
        ("short ton", "short_ton"),
        ("vehicle-mile", "vehicle_mile"),
        ("therms", "therm"),  # a plural is its singular
        ("kWhs", "kWh"),
        ("Litres", "L"),
    ],
)
def test_canonical_unit_accepts_published_names_and_spellings(text: str, expected: str) -> None:
    assert canonical_unit(text) == expected


@pytest.mark.parametrize("text", ["furlong", "kg*m", "1/kWh", "", "EUR"])
def test_unknown_unit_is_refused(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        canonical_unit(text)
    assert caught.value.details["field"] == "unit"


def test_an_unknown_unit_suggests_the_published_name_nearest_to_it() -> None:
    with pytest.raises(InvalidInput) as caught:
        canonical_unit("kwhr")
    assert caught.value.message == (
        "unknown unit 'kwhr': did you mean 'kWh'? (allowed units: docs/activity-values.md)"
    )
    assert caught.value.details["suggestion"] == "kWh"
    with pytest.raises(InvalidInput) as caught:
        canonical_unit("gallonz")  # nearest to an alias: the published name is suggested
    assert caught.value.details["suggestion"] == "gal"


@pytest.mark.parametrize(
    ("source", "target", "gaseous", "differ"),
    [
        ("gal", "scf", False, True),  # a liquid into a gas volume
        ("L", "m3", True, True),  # DESNZ natural gas per cubic metre is a gas volume
        ("scf", "gal", False, True),
        ("gal", "m3", False, False),  # water, diesel: m3 of a liquid
        ("gal", "L", True, False),  # DESNZ LPG per litre: liquid to liquid
        ("m3", "scf", True, False),
        ("therm", "scf", True, False),  # energy is not a volume
    ],
)
def test_a_liquid_volume_never_converts_into_a_gas_volume(
    source: str, target: str, gaseous: bool, differ: bool
) -> None:
    assert phases_differ(source, target, gaseous_fuel=gaseous) is differ


@pytest.mark.parametrize(
    ("source", "target", "factor"),
    [
        ("therm", "mmBtu", 0.1),
        ("ccf", "scf", 100.0),
        ("kWh", "MWh", 0.001),
        ("short_ton", "kg", 907.18474),
        ("lb", "kg", 0.45359237),
        ("gal", "L", 3.785411784),
        ("passenger_km", "passenger_mile", 1 / 1.609344),
        ("tonne_km", "short_ton_mile", 1000 / 907.18474 / 1.609344),
        ("GJ", "mmBtu", 1e9 / 1055.056e6),
        ("m3", "scf", 1 / 0.3048**3),
    ],
)
def test_conversion_factors(source: str, target: str, factor: float) -> None:
    assert conversion(source, target).factor == pytest.approx(factor, rel=1e-12)


def test_conversion_records_its_path() -> None:
    assert conversion("therm", "mmBtu").path == "therm -> mmBtu (x 0.1, pint)"
    assert conversion("kg", "kg").path == "kg (no conversion)"


@pytest.mark.parametrize(
    ("source", "target"),
    [("kWh", "gal"), ("passenger_mile", "vehicle_mile"), ("USD", "USD_2022"), ("kg", "km")],
)
def test_impossible_conversion_is_an_error(source: str, target: str) -> None:
    with pytest.raises(InvalidInput, match=f"cannot convert {source} into {target}"):
        conversion(source, target)


def test_every_published_unit_is_known_to_the_registry() -> None:
    for name in UNITS:
        assert conversion(name, name).factor == 1.0


def test_library_and_activity_imports_do_not_load_pint() -> None:
    code = (
        "import sys, footprint.domain.factors, footprint.domain.units; print('pint' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
