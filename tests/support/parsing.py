"""Upload files as the parsing tests need them: the template's records, a workbook built in
memory, and a file read to its rows or to its refusal."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from footprint.domain.errors import InvalidInput
from footprint.domain.uploads.parsing import FileFormat, iter_rows
from local.template import ROOT

TEMPLATES = ROOT / "layers/footprint/footprint/data/templates"
HEADER = "facility,period_start,period_end,category,activity,quantity,unit,region"
LINE = "Plant 1,2025-01-01,2025-01-31,stationary_combustion,natural_gas,1200,therm,US"


def rows_of(data: bytes, fmt: FileFormat = FileFormat.CSV, sheet: str | None = None) -> list:
    """Every (row number, row) ``data`` reads as."""
    return list(iter_rows(io.BytesIO(data), fmt, sheet))


def refusal_of(
    data: bytes, fmt: FileFormat = FileFormat.CSV, sheet: str | None = None
) -> InvalidInput:
    """The refusal reading ``data`` ends in."""
    with pytest.raises(InvalidInput) as caught:
        rows_of(data, fmt, sheet)
    return caught.value


def template_records() -> list[dict[str, str]]:
    """The records of the CSV activity template users download."""
    with (TEMPLATES / "activity-template.csv").open(encoding="utf-8", newline="") as source:
        return list(csv.DictReader(source))


def workbook_bytes(rows: list[list[object]], title: str = "Sheet1", at_row: int = 1) -> bytes:
    """An XLSX file whose sheet ``title`` holds ``rows`` from ``at_row`` down."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    for offset, values in enumerate(rows):
        for column, value in enumerate(values, 1):
            if value is not None:
                sheet.cell(row=at_row + offset, column=column, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
