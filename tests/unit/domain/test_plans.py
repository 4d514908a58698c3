"""Plans' provenance: every label names the GWP set the numbers use, and AR6 lines say which
CH4 value weighs their fossil CH4."""

from __future__ import annotations

import re
from typing import Any

import pytest

from footprint.domain.calculator import Calculator
from footprint.domain.errors import InvalidInput
from footprint.domain.factors import GWP_SETS

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
