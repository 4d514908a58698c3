"""Plans: how a record's unit meets its factor's, what a plan holds, and its provenance (every
label names the GWP set the numbers use, and AR6 lines say which CH4 value weighs their
fossil CH4)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from footprint.domain.activity import parse_record
from footprint.domain.calculator import Calculator
from footprint.domain.errors import InvalidInput
from footprint.domain.factors import GWP_SETS, default_library
from footprint.domain.plans import AppliedConversion, Plan, Planner, applied_conversion

BASE = {"facility": "Plant 1", "period_start": "2025-01-01", "period_end": "2025-01-31"}
NATURAL_GAS = {
    **BASE,
    "category": "stationary_combustion",
    "activity": "natural_gas",
    "quantity": "100",
    "unit": "mmBtu",
    "region": "US",
}
RECORDS = [
    NATURAL_GAS,
    {**BASE, "category": "refrigerants", "activity": "R-410A", "quantity": "4", "unit": "kg"},
    {**BASE, "category": "refrigerants", "activity": "HFC-134a", "quantity": "2", "unit": "kg"},
    {
        **BASE,
        "category": "electricity",
        "activity": "grid",
        "quantity": "10",
        "unit": "MWh",
        "region": "CAMX",
    },
    {
        **BASE,
        "category": "electricity",
        "activity": "electricity_generated.electricity_uk",
        "quantity": "1000",
        "unit": "kWh",
        "region": "UK",
    },
]


def texts(value: Any) -> list[str]:
    """Every text in a provenance document."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in texts(item)]
    if isinstance(value, list):
        return [text for item in value for text in texts(item)]
    return []


@pytest.mark.parametrize("gwp_set", GWP_SETS)
def test_every_gwp_label_of_a_line_names_its_set(
    calculators: dict[str, Calculator], gwp_set: str
) -> None:
    for record in RECORDS:
        provenance = calculators[gwp_set].calculate(record).plan.provenance
        assert provenance["gwp_set"] == gwp_set
        labels = re.findall(r"IPCC (AR\d) GWP-100", " ".join(texts(provenance)))
        assert set(labels) <= {gwp_set}, (record["activity"], labels)
        assert f"({gwp_set})" in provenance["formula"]  # the weights' set
        if record["category"] == "refrigerants":
            assert labels == [gwp_set]


def _ch4_notes(calculator: Calculator, record: dict[str, Any]) -> list[str]:
    notes = calculator.calculate(record).plan.provenance["notes"]
    return [note for note in notes if note.startswith("AR6 CH4")]


def test_ar6_lines_with_fossil_ch4_say_the_value_is_not_the_fossil_one(
    calculators: dict[str, Calculator],
) -> None:
    for record in (NATURAL_GAS, RECORDS[3], RECORDS[4]):
        (note,) = _ch4_notes(calculators["AR6"], record)
        assert "27.9" in note
        assert "fossil CH4 29.8" in note
        assert "not the fossil CH4 value" in note
        assert "data/factors/README.md" in note
        for other in ("AR4", "AR5"):
            assert _ch4_notes(calculators[other], record) == []


def test_no_ar6_ch4_note_without_fossil_co2_or_ch4(calculators: dict[str, Calculator]) -> None:
    wood = {
        **NATURAL_GAS,
        "activity": "wood_and_wood_residuals",
        "unit": "short_ton",
    }
    calculator = calculators["AR6"]
    assert calculator.calculate(wood).gas("CH4") > 0  # biomass: its CH4 is not fossil
    assert _ch4_notes(calculator, wood) == []
    assert _ch4_notes(calculator, RECORDS[1]) == []  # a refrigerant: no CH4


# The planner itself: how a record's unit meets a factor's, and what a plan holds.


def _planner_plan(record: dict[str, Any], gwp_set: str = "AR5") -> Plan:
    return Planner(default_library(), gwp_set).plan(parse_record(record, 2))


def test_a_unit_converts_into_a_factor_s_unit_with_its_path() -> None:
    assert applied_conversion("mmBtu", "mmBtu") == AppliedConversion(
        ("mmBtu (no conversion)",), 1.0
    )
    therms = applied_conversion("therm", "mmBtu")
    assert therms is not None
    assert therms.multiplier == pytest.approx(0.1)
    assert therms.path == ("therm -> mmBtu (x 0.1, pint)",)


def test_a_plain_distance_is_read_as_the_vehicle_s_distance() -> None:
    applied = applied_conversion("km", "vehicle_mile")
    assert applied is not None
    assert applied.path[0] == "km read as vehicle_km (distance of the vehicle)"
    assert applied.multiplier == pytest.approx(0.621371192237334)


def test_units_of_another_dimension_do_not_convert() -> None:
    assert applied_conversion("kg", "kWh") is None
    assert applied_conversion("passenger_km", "vehicle_mile") is None


def test_a_plan_scales_the_factor_by_the_record_s_unit() -> None:
    per_mmbtu = _planner_plan({**NATURAL_GAS, "unit": "mmBtu"})
    per_therm = _planner_plan({**NATURAL_GAS, "unit": "therm"})
    assert per_therm.unit == "therm"
    assert per_therm.provenance["unit_path"] == ["therm -> mmBtu (x 0.1, pint)"]
    for gas, kilograms in per_mmbtu.per_quantity.items():
        assert per_therm.per_quantity[gas] == pytest.approx(kilograms * 0.1)
    assert not per_therm.needs_distance


def test_a_refrigerant_plan_is_its_mass_times_the_set_s_gwp() -> None:
    record = {**BASE, "category": "refrigerants", "activity": "HFC-134a", "quantity": "2"}
    plan = _planner_plan({**record, "unit": "lb"}, "AR5")
    assert plan.per_quantity == {"HFC134a": pytest.approx(0.45359237)}
    assert plan.provenance["gwp"] == {"HFC134a": 1300.0}
    assert plan.co2e_per_quantity == pytest.approx(0.45359237 * 1300.0)
    with pytest.raises(InvalidInput) as refused:
        _planner_plan({**record, "unit": "kWh"})
    assert refused.value.details == {"row": 2, "field": "unit", "value": "kWh"}


def test_a_unit_no_factor_converts_into_names_the_factor_units() -> None:
    with pytest.raises(InvalidInput) as refused:
        _planner_plan({**NATURAL_GAS, "unit": "kg"})
    assert "(mmBtu, scf)" in refused.value.message
    assert refused.value.details == {"row": 2, "field": "unit", "value": "kg"}


def test_market_instruments_belong_to_electricity_only() -> None:
    with pytest.raises(InvalidInput) as refused:
        _planner_plan({**NATURAL_GAS, "supplier_factor": "0.2"})
    assert refused.value.details["field"] == "supplier_factor"


@pytest.mark.parametrize(
    ("activity", "unit", "region"),
    [
        ("natural_gas", "gal", "US"),  # factors per scf and mmBtu
        ("gaseous_fuels.natural_gas", "L", "UK"),  # factors per m3 (of gas), kWh, tonne
        ("propane_gas", "gal", "US"),  # the liquid is liquefied_petroleum_gases_lpg
    ],
)
def test_a_gas_given_in_a_liquid_volume_is_refused_not_converted(
    calculators: dict[str, Calculator], activity: str, unit: str, region: str
) -> None:
    record = {**NATURAL_GAS, "activity": activity, "unit": unit, "region": region}
    with pytest.raises(InvalidInput) as refused:
        calculators["AR5"].calculate(record)
    assert refused.value.details["field"] == "unit"
    assert f"{activity!r} is metered as a gas" in refused.value.message
    assert f"{unit} measures a liquid" in refused.value.message
    assert "footprint factors search liquefied" in refused.value.message


@pytest.mark.parametrize(
    ("activity", "unit", "region", "factor_unit"),
    [
        ("gaseous_fuels.lpg", "gal", "UK", "L"),  # DESNZ gives LPG per litre
        ("liquefied_petroleum_gases_lpg", "L", "US", "gal"),
        ("natural_gas", "m3", "US", "scf"),  # a gas volume into a gas volume
    ],
)
def test_volumes_of_one_phase_still_convert(
    calculators: dict[str, Calculator], activity: str, unit: str, region: str, factor_unit: str
) -> None:
    record = {**NATURAL_GAS, "activity": activity, "unit": unit, "region": region}
    result = calculators["AR5"].calculate(record)
    assert result.plan.provenance["unit_path"][0].startswith(f"{unit} -> {factor_unit}")


def test_a_region_code_is_read_whatever_its_case(calculators: dict[str, Calculator]) -> None:
    lower = {**RECORDS[3], "region": "camx"}
    assert calculators["AR5"].calculate(lower).co2e == calculators["AR5"].calculate(RECORDS[3]).co2e


def test_a_plan_names_the_country_of_its_region_and_a_refrigerant_none() -> None:
    # US as itself, an eGRID subregion as the US (its wider region), UK as ISO 3166-1's GB.
    countries = [_planner_plan(record).provenance.get("country") for record in RECORDS]
    assert countries == ["US", None, None, "US", "GB"]
    assert default_library().country_of("ZZ") is None  # a region the library does not place
