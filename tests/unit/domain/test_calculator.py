"""Worked cases computed by hand from the published cells, and the calculator's rules.

Each expected number below is written out from the publication (cell cited), independent of
the library files, and must agree to 1e-9 relative.
"""

from typing import Any

import pytest

from footprint.domain.calculator import Calculator, RecordError, Result
from footprint.domain.errors import InvalidInput

LB = 0.45359237  # kg per lb (exact)
REL = 1e-9
AR5 = {"CO2": 1.0, "CH4": 28.0, "N2O": 265.0}
AR4 = {"CO2": 1.0, "CH4": 25.0, "N2O": 298.0}
AR6 = {"CO2": 1.0, "CH4": 27.9, "N2O": 273.0}


def record(**fields: Any) -> dict[str, Any]:
    base = {"facility": "Plant 1", "period_start": "2025-03-01", "period_end": "2025-03-31"}
    return {**base, **fields}


def co2e(gases: dict[str, float], gwp: dict[str, float]) -> float:
    return sum(kg * gwp[gas] for gas, kg in gases.items())


def assert_gases(result: Result, gases: dict[str, float], gwp: dict[str, float]) -> None:
    for gas, kg in gases.items():
        assert result.gas(gas) == pytest.approx(kg, rel=REL), gas
    assert result.co2e == pytest.approx(co2e(gases, gwp), rel=REL)


def test_natural_gas_by_heat(calculators: dict[str, Calculator]) -> None:
    # EPA Hub 2025 Table 1, Natural Gas: E38 53.06 kg CO2, F38 1 g CH4, G38 0.1 g N2O per mmBtu
    result = calculators["AR5"].calculate(
        record(
            category="stationary_combustion",
            activity="natural_gas",
            quantity="250",
            unit="mmBtu",
            region="US",
        )
    )
    assert_gases(result, {"CO2": 250 * 53.06, "CH4": 250 * 1e-3, "N2O": 250 * 0.1e-3}, AR5)
    assert result.plan.category.scope == 1
    assert result.plan.provenance["factors"][0]["id"] == "epa_hub-2025/t1/natural_gas/mmBtu"


def test_natural_gas_by_volume_and_therms(calculators: dict[str, Calculator]) -> None:
    # Table 1 per scf: H38 0.05444 kg CO2, I38 0.00103 g CH4, J38 0.0001 g N2O
    by_scf = calculators["AR5"].calculate(
        record(
            category="stationary_combustion",
            activity="natural_gas",
            quantity="120000",
            unit="scf",
            region="US",
        )
    )
    q = 120000
    assert_gases(by_scf, {"CO2": q * 0.05444, "CH4": q * 0.00103e-3, "N2O": q * 0.0001e-3}, AR5)
    by_ccf = calculators["AR5"].calculate(
        record(
            category="stationary_combustion",
            activity="natural_gas",
            quantity="1200",
            unit="ccf",
            region="US",
        )
    )
    assert by_ccf.co2e == pytest.approx(by_scf.co2e, rel=REL)
    assert by_ccf.plan.provenance["unit_path"] == ["ccf -> scf (x 100.0, pint)"]
    therms = calculators["AR5"].calculate(
        record(
            category="stationary_combustion",
            activity="natural_gas",
            quantity="2500",
            unit="therm",
            region="US",
        )
    )
    assert therms.gas("CO2") == pytest.approx(250 * 53.06, rel=REL)


def test_diesel_heavy_truck_with_distance_and_model_year(
    calculators: dict[str, Calculator],
) -> None:
    # Table 2 Diesel Fuel D107 10.21 kg CO2/gal; Table 4 Medium- and Heavy-Duty Vehicles,
    # Diesel, 2007-2022: F256 0.0095 g CH4, G256 0.0431 g N2O per vehicle-mile
    result = calculators["AR5"].calculate(
        record(
            category="mobile_combustion",
            activity="medium_and_heavy_duty_vehicles.diesel",
            quantity="1500",
            unit="gal",
            region="US",
            vehicle_model_year="2019",
            distance="9000",
            distance_unit="mile",
        )
    )
    gases = {"CO2": 1500 * 10.21, "CH4": 9000 * 0.0095e-3, "N2O": 9000 * 0.0431e-3}
    assert_gases(result, gases, AR5)
    ids = [f["id"] for f in result.plan.provenance["factors"]]
    assert ids == [
        "epa_hub-2025/t4/medium_and_heavy_duty_vehicles.diesel/vehicle_mile/2007-2022",
        "epa_hub-2025/t2/diesel_fuel/gal",
    ]


def test_diesel_truck_older_model_year_and_km(calculators: dict[str, Calculator]) -> None:
    # Table 4, 1960-2006 row: F255 0.0051 g CH4, G255 0.0048 g N2O per vehicle-mile
    result = calculators["AR5"].calculate(
        record(
            category="mobile_combustion",
            activity="medium_and_heavy_duty_vehicles.diesel",
            quantity="100",
            unit="gal",
            region="US",
            vehicle_model_year="2005",
            distance="1609.344",
            distance_unit="km",
        )
    )
    miles = 1000.0
    assert result.gas("CH4") == pytest.approx(miles * 0.0051e-3, rel=REL)
    assert result.gas("N2O") == pytest.approx(miles * 0.0048e-3, rel=REL)


def test_model_year_newer_than_table_uses_last_row_and_says_so(
    calculators: dict[str, Calculator],
) -> None:
    result = calculators["AR5"].calculate(
        record(
            category="mobile_combustion",
            activity="medium_and_heavy_duty_vehicles.diesel",
            quantity="10",
            unit="gal",
            region="US",
            vehicle_model_year="2025",
            distance="100",
            distance_unit="mile",
        )
    )
    assert result.gas("CH4") == pytest.approx(100 * 0.0095e-3, rel=REL)
    assert any("model year 2025 is newer" in note for note in result.plan.provenance["notes"])


def test_egrid_subregion(calculators: dict[str, Calculator]) -> None:
    # Table 6 (eGRID2023) CAMX: E342 436.655 lb CO2, F342 0.025 lb CH4, G342 0.003 lb N2O per MWh
    result = calculators["AR5"].calculate(
        record(category="electricity", activity="grid", quantity="84000", unit="kWh", region="CAMX")
    )
    mwh = 84.0
    gases = {"CO2": mwh * 436.655 * LB, "CH4": mwh * 0.025 * LB, "N2O": mwh * 0.003 * LB}
    assert_gases(result, gases, AR5)
    assert result.plan.category.scope == 2
    assert result.market_co2e == result.co2e
    assert "location-based factor used" in (result.plan.market_basis or "")


def test_egrid_2024_edition_for_2024_activity(calculators: dict[str, Calculator]) -> None:
    # Hub 2024 (eGRID2022) CAMX: E336 497.443 lb CO2/MWh
    result = calculators["AR5"].calculate(
        record(
            category="electricity",
            activity="grid",
            quantity="1",
            unit="MWh",
            region="CAMX",
            period_start="2024-06-01",
            period_end="2024-06-30",
        )
    )
    assert result.gas("CO2") == pytest.approx(497.443 * LB, rel=REL)
    assert result.plan.provenance["notes"][0] == "edition 2024 is in force for 2024"


def test_long_haul_air(calculators: dict[str, Calculator]) -> None:
    # Table 10 Air Travel - Long Haul: D515 0.163 kg CO2, E515 0.0006 g CH4, F515 0.0052 g N2O
    result = calculators["AR5"].calculate(
        record(
            category="business_travel",
            activity="air_travel_long_haul",
            quantity="11000",
            unit="passenger-mile",
            region="US",
        )
    )
    q = 11000
    assert_gases(result, {"CO2": q * 0.163, "CH4": q * 0.0006e-3, "N2O": q * 0.0052e-3}, AR5)
    assert (result.plan.category.scope, result.plan.category.ghg_category) == (3, 6)


@pytest.mark.parametrize(("gwp_set", "gwp"), [("AR4", 1430.0), ("AR5", 1300.0), ("AR6", 1530.0)])
def test_refrigerant_under_each_gwp_set(
    calculators: dict[str, Calculator], gwp_set: str, gwp: float
) -> None:
    # HFC-134a GWP-100: AR4 1430, AR5 1300, AR6 1530 (globalwarmingpotentials.csv line 42)
    result = calculators[gwp_set].calculate(
        record(category="refrigerants", activity="HFC-134a", quantity="12.5", unit="kg")
    )
    assert result.co2e == pytest.approx(12.5 * gwp, rel=REL)
    assert result.other_gases() == {"HFC134a": 12.5}
    assert result.plan.provenance["gwp_set"] == gwp_set


@pytest.mark.parametrize(
    ("gwp_set", "expected"),
    [
        ("AR4", 0.5 * 675 + 0.5 * 3500),
        ("AR5", 0.5 * 677 + 0.5 * 3170),
        ("AR6", 0.5 * 771 + 0.5 * 3740),
    ],
)
def test_refrigerant_blend_from_composition(
    calculators: dict[str, Calculator], gwp_set: str, expected: float
) -> None:
    # Table 12 R-410A: 50% HFC-32, 50% HFC-125
    result = calculators[gwp_set].calculate(
        record(category="refrigerants", activity="R-410A", quantity="4", unit="kg")
    )
    assert result.co2e == pytest.approx(4 * expected, rel=REL)


def test_steam(calculators: dict[str, Calculator]) -> None:
    # Table 7 Steam and Heat: D410 66.33 kg CO2, E410 1.25 g CH4, F410 0.125 g N2O per mmBtu
    result = calculators["AR5"].calculate(
        record(
            category="steam_heat",
            activity="steam_and_heat",
            quantity="40",
            unit="mmBtu",
            region="US",
        )
    )
    assert_gases(result, {"CO2": 40 * 66.33, "CH4": 40 * 1.25e-3, "N2O": 40 * 0.125e-3}, AR5)


def test_landfilled_waste_is_co2e_as_published_on_ar4(calculators: dict[str, Calculator]) -> None:
    # Table 9 Mixed MSW, Landfilled: E477 0.58 metric tons CO2e (AR4) per short ton
    result = calculators["AR6"].calculate(
        record(
            category="waste",
            activity="mixed_msw.landfilled",
            quantity="3",
            unit="short_ton",
            region="US",
        )
    )
    assert result.co2e == pytest.approx(3 * 0.58 * 1000, rel=REL)
    assert result.gas("CO2e") == pytest.approx(1740.0, rel=REL)
    assert any("not re-weighted to AR6" in n for n in result.plan.provenance["notes"])


def test_uk_electricity_and_t_and_d(calculators: dict[str, Calculator]) -> None:
    # DESNZ 2025 CSV: Electricity: UK total 0.17700 (line 3061), CO2 0.17489, CH4 0.00090,
    # N2O 0.00122 kg CO2e/kWh; T&D- UK electricity total 0.01853 (line 3634)
    uk = {"region": "UK", "quantity": "50000", "unit": "kWh"}
    supply = calculators["AR5"].calculate(
        record(category="electricity", activity="electricity_generated.electricity_uk", **uk)
    )
    losses = calculators["AR5"].calculate(
        record(category="fuel_energy_related", activity="t_d_uk_electricity.electricity_uk", **uk)
    )
    assert supply.co2e == pytest.approx(50000 * 0.17700, rel=REL)
    assert supply.gas("CO2") == pytest.approx(50000 * 0.17489, rel=REL)
    assert supply.gas("CH4") == pytest.approx(50000 * 0.00090 / 28, rel=REL)
    assert supply.gas("N2O") == pytest.approx(50000 * 0.00122 / 265, rel=REL)
    assert losses.co2e == pytest.approx(50000 * 0.01853, rel=REL)
    assert (losses.plan.category.scope, losses.plan.category.ghg_category) == (3, 3)


def test_uk_electricity_reweighted_under_ar6(calculators: dict[str, Calculator]) -> None:
    result = calculators["AR6"].calculate(
        record(
            category="electricity",
            activity="electricity_generated.electricity_uk",
            region="UK",
            quantity="1000",
            unit="kWh",
        )
    )
    expected = 1000 * (0.17489 + 0.00090 / 28 * 27.9 + 0.00122 / 265 * 273)
    assert result.co2e == pytest.approx(expected, rel=REL)


def test_uk_2024_edition_from_official_workbook(calculators: dict[str, Calculator]) -> None:
    # DESNZ 2024 v1.1 "Factors by Category": Electricity: UK total J3066 0.20705 kg CO2e/kWh
    result = calculators["AR5"].calculate(
        record(
            category="electricity",
            activity="electricity_generated.electricity_uk",
            region="UK",
            quantity="1000",
            unit="kWh",
            period_start="2024-01-01",
            period_end="2024-12-31",
        )
    )
    assert result.co2e == pytest.approx(207.05, rel=REL)


def test_biomass_co2_is_kept_apart(calculators: dict[str, Calculator]) -> None:
    # Table 1 Wood and Wood Residuals per short ton: H35 1640 kg CO2, I35 126 g, J35 63 g
    result = calculators["AR5"].calculate(
        record(
            category="stationary_combustion",
            activity="wood_and_wood_residuals",
            quantity="2",
            unit="short_ton",
            region="US",
        )
    )
    assert result.gas("biogenic_CO2") == pytest.approx(3280.0, rel=REL)
    assert result.gas("CO2") == 0.0
    assert result.co2e == pytest.approx(2 * (0.126 * 28 + 0.063 * 265), rel=REL)


def test_spend_based_in_2022_dollars(calculators: dict[str, Calculator]) -> None:
    # USEEIO v1.3.0 331110 with margins: CO2 0.738, CH4 0.0013, N2O 2.08e-05 kg per 2022 USD
    result = calculators["AR5"].calculate(
        record(
            category="purchased_goods_services",
            activity="331110",
            quantity="10000",
            unit="USD_2022",
            region="US",
        )
    )
    assert result.gas("CO2") == pytest.approx(7380.0, rel=REL)
    assert result.gas("CH4") == pytest.approx(13.0, rel=REL)
    assert result.gas("N2O") == pytest.approx(0.208, rel=REL)
    # the published total, 0.787 kg CO2e/USD, agrees within its 3-digit rounding
    assert result.co2e == pytest.approx(7870.0, rel=5e-3)
    capital = calculators["AR5"].calculate(
        record(
            category="capital_goods",
            activity="331110",
            quantity="10000",
            unit="USD_2022",
            region="US",
        )
    )
    assert capital.co2e == result.co2e
    assert capital.plan.category.ghg_category == 2


def test_nominal_dollars_only_inside_2022(calculators: dict[str, Calculator]) -> None:
    in_2022 = record(
        category="purchased_goods_services",
        activity="331110",
        quantity="100",
        unit="USD",
        region="US",
        period_start="2022-01-01",
        period_end="2022-12-31",
    )
    assert calculators["AR5"].calculate(in_2022).gas("CO2") == pytest.approx(73.8, rel=REL)
    with pytest.raises(InvalidInput, match="per 2022 US dollar") as caught:
        calculators["AR5"].calculate(
            {**in_2022, "period_start": "2024-01-01", "period_end": "2024-01-31"}, row=7
        )
    assert caught.value.details == {"row": 7, "field": "unit", "value": "USD"}


def test_market_based_instruments(calculators: dict[str, Calculator]) -> None:
    grid = record(
        category="electricity", activity="grid", quantity="1000", unit="kWh", region="ERCT"
    )
    rec = calculators["AR5"].calculate({**grid, "market_instrument": "REC"})
    assert rec.market_co2e == 0.0
    assert "Renewable Energy Certificate" in (rec.plan.market_basis or "")
    supplier = calculators["AR5"].calculate({**grid, "supplier_factor": "0.25"})
    assert supplier.market_co2e == pytest.approx(250.0, rel=REL)
    assert supplier.co2e == rec.co2e  # location-based is unaffected
    with pytest.raises(InvalidInput, match="either supplier_factor or market_instrument"):
        calculators["AR5"].calculate({**grid, "supplier_factor": "0.2", "market_instrument": "rec"})


def test_edition_fallback_for_older_activity(calculators: dict[str, Calculator]) -> None:
    result = calculators["AR5"].calculate(
        record(
            category="electricity",
            activity="grid",
            quantity="1",
            unit="MWh",
            region="CAMX",
            period_start="2021-01-01",
            period_end="2021-12-31",
        )
    )
    assert result.gas("CO2") == pytest.approx(497.443 * LB, rel=REL)
    assert result.plan.provenance["notes"][0].startswith("fallback: activity year 2021")


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"activity": "unobtainium"}, "activity", "unknown activity"),
        ({"unit": "bushel"}, "unit", "unknown unit"),
        ({"unit": "kg"}, "unit", "cannot be converted"),
        ({"region": ""}, "region", "region is required"),
        ({"region": "UK"}, "region", "no 'natural_gas' factor for region 'UK'"),
        ({"quantity": "-5"}, "quantity", "negative"),
        ({"quantity": "12,5"}, "quantity", "not a number"),
        ({"quantity": "nan"}, "quantity", "not a finite number"),
        ({"quantity": ""}, "quantity", "required"),
        ({"category": "scope4"}, "category", "unknown category"),
        ({"period_end": "2025-02-01"}, "period_end", "before period_start"),
        ({"period_start": "03/01/2025"}, "period_start", "ISO date"),
        ({"period_start": "20250301"}, "period_start", "ISO date"),
        ({"facility": " "}, "facility", "required"),
        ({"colour": "red"}, "colour", "unknown field"),
        ({"market_instrument": "rec"}, "market_instrument", "electricity only"),
        ({"supplier_factor": "0.1"}, "supplier_factor", "electricity only"),
        ({"distance": "5", "distance_unit": "km"}, "distance", "on-road vehicles"),
        ({"vehicle_model_year": "2019"}, "vehicle_model_year", "does not apply"),
    ],
)
def test_invalid_records_get_a_specific_error(
    calculators: dict[str, Calculator], fields: dict[str, str], field: str, message: str
) -> None:
    good = record(
        category="stationary_combustion",
        activity="natural_gas",
        quantity="10",
        unit="scf",
        region="US",
    )
    outcomes = list(calculators["AR5"].calculate_batch([good, {**good, **fields}, good], 5))
    assert isinstance(outcomes[0], Result)
    assert isinstance(outcomes[2], Result)
    error = outcomes[1]
    assert isinstance(error, RecordError)
    assert error.row == 6
    assert error.error.details["row"] == 6
    assert error.error.details["field"] == field
    assert message in error.error.message


def test_vehicle_needs_model_year_and_distance(calculators: dict[str, Calculator]) -> None:
    truck = record(
        category="mobile_combustion",
        activity="medium_and_heavy_duty_vehicles.diesel",
        quantity="10",
        unit="gal",
        region="US",
    )
    with pytest.raises(InvalidInput, match="vehicle_model_year is required"):
        calculators["AR5"].calculate({**truck, "distance": "5", "distance_unit": "mile"})
    with pytest.raises(InvalidInput, match="distance is required"):
        calculators["AR5"].calculate({**truck, "vehicle_model_year": "2019"})
    with pytest.raises(InvalidInput, match="cannot be converted"):
        calculators["AR5"].calculate(
            {**truck, "vehicle_model_year": "2019", "distance": "5", "distance_unit": "kWh"}
        )


def test_cached_plan_errors_name_each_row(calculators: dict[str, Calculator]) -> None:
    bad = record(category="electricity", activity="grid", quantity="1", unit="gal", region="US")
    outcomes = list(calculators["AR5"].calculate_batch([bad, bad, bad]))
    assert [o.error.details["row"] for o in outcomes if isinstance(o, RecordError)] == [1, 2, 3]


def test_batch_gives_the_same_numbers_as_single_records(
    calculators: dict[str, Calculator],
) -> None:
    records = [
        record(
            category="stationary_combustion",
            activity="natural_gas",
            quantity=str(q),
            unit="scf",
            region="US",
        )
        for q in (1, 2.5, 1000)
    ] + [
        record(
            category="electricity",
            activity="grid",
            quantity="10",
            unit="MWh",
            region="NYUP",
            market_instrument="go",
        ),
        record(category="refrigerants", activity="R-404A", quantity="1.5", unit="lb"),
        record(
            category="business_travel",
            activity="flights.long_haul_to_from_uk.economy_class.with_rf",
            quantity="9000",
            unit="passenger_km",
            region="UK",
        ),
    ]
    batch = [
        o.to_dict()
        for o in Calculator(calculators["AR5"]._planner.library).calculate_batch(records)
    ]
    single = [
        Calculator(calculators["AR5"]._planner.library).calculate(r, row=i).to_dict()
        for i, r in enumerate(records, 1)
    ]
    assert batch == single


def test_json_numbers_are_accepted_and_booleans_refused(calculators: dict[str, Calculator]) -> None:
    good = record(category="refrigerants", activity="SF6", quantity=2, unit="kg")
    assert calculators["AR5"].calculate(good).co2e == pytest.approx(2 * 23500.0, rel=REL)
    with pytest.raises(InvalidInput, match="quantity is not a number"):
        calculators["AR5"].calculate({**good, "quantity": True})
    with pytest.raises(InvalidInput, match="unknown category"):
        calculators["AR5"].calculate({**good, "category": ["refrigerants"]})
    assert calculators["AR5"].calculate({**good, "reference": 42}).reference == "42"
