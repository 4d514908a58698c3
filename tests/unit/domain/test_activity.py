import csv
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from footprint.domain.activity import COLUMN_HELP, COLUMNS, check_columns, parse_record
from footprint.domain.calculator import Calculator, Result
from footprint.domain.errors import InvalidInput
from footprint.domain.factors import FactorLibrary

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


def test_template_rows_are_valid_records(library: FactorLibrary) -> None:
    with (TEMPLATES / "activity-template.csv").open(newline="", encoding="utf-8") as handle:
        outcomes = list(Calculator(library).calculate_batch(csv.DictReader(handle), 2))
    assert outcomes
    assert all(isinstance(outcome, Result) for outcome in outcomes)
