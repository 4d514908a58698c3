import csv
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from footprint.domain.activity import COLUMN_HELP, COLUMNS, check_columns, parse_record
from footprint.domain.calculator import Calculator, RecordError, Result
from footprint.domain.errors import InvalidInput
from footprint.domain.factors import FactorLibrary
from footprint.factor_import import templates

TEMPLATES = Path(__file__).resolve().parents[3] / "layers/footprint/footprint/data/templates"


def test_parse_record_types_every_field() -> None:
    parsed = parse_record(
        {
            "facility": " Plant 1 ",
            "period_start": "2025-01-01",
            "period_end": "2025-01-31",
            "category": "mobile_combustion",
            "activity": "passenger_cars.diesel",
            "quantity": "12.5",
            "unit": "gallons",
            "region": "US",
            "vehicle_model_year": "2018",
            "distance": "300",
            "distance_unit": "km",
            "market_instrument": "",
            "supplier_factor": "",
            "reference": "",
        },
        row=4,
    )
    assert parsed.facility == "Plant 1"
    assert parsed.period_start == date(2025, 1, 1)
    assert (parsed.quantity, parsed.unit) == (12.5, "gal")
    assert (parsed.vehicle_model_year, parsed.distance, parsed.distance_unit) == (2018, 300.0, "km")
    assert parsed.market_instrument is None
    assert parsed.reference is None


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"vehicle_model_year": "2019.5"}, "vehicle_model_year"),
        ({"distance": "10"}, "distance"),
        ({"market_instrument": "offset"}, "market_instrument"),
        ({"supplier_factor": "-0.1"}, "supplier_factor"),
        ({"quantity": "inf"}, "quantity"),
        ({"unit": "widgets"}, "unit"),
    ],
)
def test_parse_record_refuses_with_row_and_field(changes: dict[str, str], field: str) -> None:
    raw = {
        "facility": "a",
        "period_start": "2025-01-01",
        "period_end": "2025-01-01",
        "category": "electricity",
        "activity": "grid",
        "quantity": "1",
        "unit": "kWh",
        **changes,
    }
    with pytest.raises(InvalidInput) as caught:
        parse_record(raw, row=9)
    assert caught.value.details["row"] == 9
    assert caught.value.details["field"] == field


def test_check_columns_names_unknown_and_missing() -> None:
    check_columns(COLUMNS)
    with pytest.raises(InvalidInput) as caught:
        check_columns(["facility", "qty", "unit"])
    assert caught.value.details["unknown_columns"] == ["qty"]
    assert "quantity" in caught.value.details["missing_columns"]


def test_every_column_is_documented() -> None:
    assert tuple(COLUMN_HELP) == COLUMNS


def test_csv_and_xlsx_templates_have_the_same_columns_and_rows() -> None:
    with (TEMPLATES / "activity-template.csv").open(newline="", encoding="utf-8") as handle:
        csv_rows = list(csv.reader(handle))
    sheet = load_workbook(TEMPLATES / "activity-template.xlsx", read_only=True).active
    assert sheet is not None
    xlsx_rows = [
        ["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)
    ]
    assert csv_rows[0] == list(COLUMNS)
    assert xlsx_rows == csv_rows


def test_the_committed_templates_are_what_a_rebuild_writes(tmp_path: Path) -> None:
    # Byte for byte: a rebuild from unchanged data must not show up as a change to review.
    for written in templates.write(tmp_path):
        assert written.read_bytes() == (TEMPLATES / written.name).read_bytes(), written.name


def test_template_rows_are_valid_records(library: FactorLibrary) -> None:
    with (TEMPLATES / "activity-template.csv").open(newline="", encoding="utf-8") as handle:
        outcomes = list(Calculator(library).calculate_batch(csv.DictReader(handle), 2))
    assert outcomes
    assert all(isinstance(outcome, Result) for outcome in outcomes)


# ------------------------------------------------------------ errors that say how to fix them
# (issue 22: each error names the row, the column, what was wrong and how to fix it)

GAS = {
    "facility": "Plant 1",
    "period_start": "2025-01-01",
    "period_end": "2025-01-31",
    "category": "stationary_combustion",
    "activity": "natural_gas",
    "quantity": "1200",
    "unit": "therm",
    "region": "US",
}


def _refusal(library: FactorLibrary, row: int = 7, **changes: str) -> InvalidInput:
    with pytest.raises(InvalidInput) as caught:
        Calculator(library).calculate({**GAS, **changes}, row=row)
    return caught.value


def test_a_header_names_its_unknown_and_missing_columns_in_the_message() -> None:
    """The API shows only the message: it names the columns, the near spelling and the rule."""
    with pytest.raises(InvalidInput) as caught:
        check_columns(["Facility", *COLUMNS[1:5], "Quantity", "unit", "notes"])
    message = caught.value.message
    assert "unknown columns: 'Facility' (did you mean 'facility'?)" in message
    assert "'Quantity' (did you mean 'quantity'?), 'notes'" in message
    assert "missing columns: facility, quantity" in message
    assert "case-sensitive" in message
    assert "'reference'" in message  # where free text such as notes goes
    assert caught.value.details["unknown_columns"] == ["Facility", "Quantity", "notes"]


def test_an_unknown_activity_suggests_the_closest_allowed_one(library: FactorLibrary) -> None:
    error = _refusal(library, activity="natural gas")
    assert error.message.startswith(
        "unknown activity 'natural gas' for stationary_combustion: did you mean 'natural_gas'?"
    )
    assert (error.details["row"], error.details["field"]) == (7, "activity")
    assert error.details["suggestion"] == "natural_gas"
    refrigerant = _refusal(library, category="refrigerants", activity="R-4040A", unit="kg")
    assert "did you mean 'R-404A'?" in refrigerant.message


def test_a_us_grid_in_the_uk_points_to_the_uk_grid(library: FactorLibrary) -> None:
    error = _refusal(library, category="electricity", activity="grid", unit="kWh", region="UK")
    assert "for UK use activity 'electricity_generated.electricity_uk'" in error.message
    assert error.details["field"] == "region"
    assert "CAMX" in error.details["allowed"]
    gas = _refusal(library, region="UK")
    assert "for UK use activity 'gaseous_fuels.natural_gas'" in gas.message


def test_a_missing_region_lists_the_allowed_ones_in_the_message(library: FactorLibrary) -> None:
    error = _refusal(library, category="electricity", activity="grid", unit="MWh", region="")
    assert error.message.startswith("region is required for electricity: 'grid' takes AKGD,")
    assert "CAMX" in error.message
    assert "US" in error.message
    fuel = _refusal(library, region="")
    assert "'natural_gas' takes US (or an eGRID subregion" in fuel.message


@pytest.mark.parametrize("quantity", ["1,200", "1 200", "1.200,5"])
def test_thousands_separators_are_named_in_the_error(quantity: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_record({**GAS, "quantity": quantity}, row=3)
    assert caught.value.message.startswith("quantity is not a number: thousands separators")
    assert "write 1200" in caught.value.message
    with pytest.raises(InvalidInput, match=r"^quantity is not a number$"):
        parse_record({**GAS, "quantity": "lots"}, row=3)


def test_every_faulty_field_of_a_row_is_reported() -> None:
    record = {**GAS, "period_start": "01/01/2025", "period_end": "01/31/2025", "quantity": "1,200"}
    with pytest.raises(InvalidInput) as caught:
        parse_record(record, row=5)
    problems = caught.value.problems(5)
    assert [(p["row"], p["column"]) for p in problems] == [
        (5, "period_start"),
        (5, "period_end"),
        (5, "quantity"),
    ]
    assert caught.value.details["errors"] == problems  # the API's error shape carries them


def test_a_cached_kind_error_still_reports_the_rows_other_fields(library: FactorLibrary) -> None:
    """Rows of one failing kind share the cached error, plus each row's own faults."""
    rows = [{**GAS, "activity": "natural gas"}, {**GAS, "activity": "natural gas", "quantity": "x"}]
    first, second = Calculator(library).calculate_batch(rows, first_row=2)
    assert isinstance(first, RecordError)
    assert isinstance(second, RecordError)
    assert [p["column"] for p in first.error.problems(2)] == ["activity"]
    assert [p["column"] for p in second.error.problems(3)] == ["quantity", "activity"]


def test_an_egrid_subregion_takes_the_us_wide_factor_and_says_so(library: FactorLibrary) -> None:
    calculator = Calculator(library)
    in_camx = calculator.calculate({**GAS, "region": "CAMX"})
    in_us = calculator.calculate(GAS)
    assert in_camx.co2e == in_us.co2e
    provenance = in_camx.plan.provenance
    assert [factor["region"] for factor in provenance["factors"]] == ["US"]
    assert any(
        "region CAMX is an eGRID subregion" in note and "for region US" in note
        for note in provenance["notes"]
    )
    assert not any("eGRID subregion" in note for note in in_us.plan.provenance["notes"])
    # A subregion's own factor (the grid) is still the one used.
    grid = calculator.calculate(
        {**GAS, "category": "electricity", "activity": "grid", "unit": "MWh", "region": "CAMX"}
    )
    assert [factor["region"] for factor in grid.plan.provenance["factors"]] == ["CAMX"]
