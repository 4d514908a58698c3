"""XLSX uploads: typed cells read as the engine reads them, Excel's row numbers, sheets, and
formulas with and without a computed value."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime

import pytest

from footprint.domain.errors import InvalidInput
from footprint.domain.uploads.parsing import FileFormat, split_table
from tests.support.parsing import HEADER, LINE, TEMPLATES, refusal_of, rows_of, workbook_bytes


def test_xlsx_template_reads_like_the_csv_template() -> None:
    from_xlsx = rows_of((TEMPLATES / "activity-template.xlsx").read_bytes(), FileFormat.XLSX)
    from_csv = rows_of((TEMPLATES / "activity-template.csv").read_bytes())
    assert [number for number, _ in from_xlsx] == [number for number, _ in from_csv]
    for (_, xlsx_row), (_, csv_row) in zip(from_xlsx, from_csv, strict=True):
        assert xlsx_row == {key: value for key, value in csv_row.items() if value}


def test_xlsx_typed_cells_become_what_the_engine_reads() -> None:
    header = ["facility", "period_start", "period_end", "category", "activity", "quantity"]
    header += ["unit", "region", "vehicle_model_year", "distance", "distance_unit", "reference"]
    values: list[object] = ["Fleet", date(2025, 1, 1), datetime(2025, 1, 31), "mobile_combustion"]
    values += [331110, 1500, "gal", "US", 2019, 9000.5, "mile", True]
    rows = rows_of(workbook_bytes([header, values]), FileFormat.XLSX)
    assert rows == [
        (
            2,
            {
                "facility": "Fleet",
                "period_start": "2025-01-01",
                "period_end": "2025-01-31",
                "category": "mobile_combustion",
                "activity": "331110",
                "quantity": 1500.0,
                "unit": "gal",
                "region": "US",
                "vehicle_model_year": "2019",
                "distance": 9000.5,
                "distance_unit": "mile",
                "reference": "TRUE",
            },
        )
    ]


def test_xlsx_row_numbers_are_excel_rows_when_the_table_starts_lower() -> None:
    header = HEADER.split(",")
    line = LINE.split(",")
    data = workbook_bytes([header, line, [None] * 8, line], at_row=3)
    assert [number for number, _ in rows_of(data, FileFormat.XLSX)] == [4, 6]


def test_xlsx_named_sheet_and_missing_sheet() -> None:
    data = workbook_bytes([HEADER.split(","), LINE.split(",")], title="Activities")
    assert len(rows_of(data, FileFormat.XLSX, sheet="Activities")) == 1
    error = refusal_of(data, FileFormat.XLSX, sheet="Nope")
    assert error.details == {"field": "sheet", "sheets": ["Activities"]}


def test_xlsx_value_beyond_the_header_is_refused() -> None:
    data = workbook_bytes([HEADER.split(","), [*LINE.split(","), None, "note"]])
    assert refusal_of(data, FileFormat.XLSX).details["row"] == 2


@pytest.mark.parametrize("data", [b"facility,quantity\n", b"PK\x03\x04 not really a zip"])
def test_not_a_workbook_is_refused(data: bytes) -> None:
    assert refusal_of(data, FileFormat.XLSX).details["row"] == 1


def test_sheet_only_for_xlsx() -> None:
    assert refusal_of(b"x", FileFormat.CSV, sheet="x").details["field"] == "sheet"


def test_xlsx_formula_without_a_computed_value_says_so_with_its_row_and_column() -> None:
    """A workbook written by a script keeps formulas without results: not 'quantity is
    required' further on, but why the cell is empty and how to fix it (issue 22)."""
    data = workbook_bytes([HEADER.split(","), LINE.split(","), [*LINE.split(",")[:5], "=F2*2"]])
    for read in (rows_of, lambda data, fmt: list(split_table(io.BytesIO(data), fmt, 10))):
        with pytest.raises(InvalidInput) as caught:
            read(data, FileFormat.XLSX)
        error = caught.value
        assert error.message.startswith("formula without a computed value: open and save")
        assert "paste values" in error.message
        assert (error.details["row"], error.details["column"]) == (3, "quantity")


def test_xlsx_formulas_with_computed_values_are_read() -> None:
    """Excel keeps each formula's result beside it (a text result marked t="str")."""
    data = workbook_bytes([HEADER.split(","), LINE.split(",")])
    sheet = (
        '<c r="F2"><f>1000+200</f><v>1200</v></c><c r="J2" t="str"><f>IF(1,"","x")</f><v></v></c>'
    )
    patched = _replace_in_zip(data, "xl/worksheets/sheet1.xml", sheet)
    assert rows_of(patched, FileFormat.XLSX)[0][1]["quantity"] == 1200.0


def _replace_in_zip(data: bytes, member: str, cells: str) -> bytes:
    """The workbook with ``cells`` in place of row 2's quantity cell."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == member:
                content = re.sub(rb'<c r="F2"[^>]*>.*?</c>', cells.encode(), content)
            target.writestr(item, content)
    return out.getvalue()
