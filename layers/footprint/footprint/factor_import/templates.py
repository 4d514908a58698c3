"""Writes the upload templates users fill in: ``activity-template.csv`` and ``.xlsx``.

Same columns in both (``footprint.domain.activity.COLUMNS``) and the same example rows, each a
valid record. Run ``python -m footprint.factor_import.templates --out
layers/footprint/footprint/data/templates``. The CSV is byte-reproducible; the workbook's
document dates are pinned, but the zip container stamps entries with the time of writing.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
import zipfile
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from footprint.domain.activity import COLUMN_HELP, COLUMNS

if TYPE_CHECKING:
    from openpyxl import Workbook

EXAMPLES: tuple[dict[str, str], ...] = (
    {
        "facility": "Plant 1",
        "category": "stationary_combustion",
        "activity": "natural_gas",
        "quantity": "1200",
        "unit": "therm",
        "region": "US",
        "reference": "gas bill 2025-01",
    },
    {
        "facility": "Plant 1",
        "category": "electricity",
        "activity": "grid",
        "quantity": "84000",
        "unit": "kWh",
        "region": "CAMX",
        "market_instrument": "rec",
        "reference": "meter 17",
    },
    {
        "facility": "Fleet",
        "category": "mobile_combustion",
        "activity": "medium_and_heavy_duty_vehicles.diesel",
        "quantity": "1500",
        "unit": "gal",
        "region": "US",
        "vehicle_model_year": "2019",
        "distance": "9000",
        "distance_unit": "mile",
    },
    {
        "facility": "London office",
        "category": "electricity",
        "activity": "electricity_generated.electricity_uk",
        "quantity": "50000",
        "unit": "kWh",
        "region": "UK",
        "supplier_factor": "0.05",
    },
    {
        "facility": "Plant 1",
        "category": "refrigerants",
        "activity": "R-410A",
        "quantity": "4",
        "unit": "kg",
        "reference": "service log",
    },
    {
        "facility": "HQ",
        "category": "business_travel",
        "activity": "air_travel_long_haul",
        "quantity": "11000",
        "unit": "passenger_mile",
        "region": "US",
    },
    {
        "facility": "HQ",
        "category": "purchased_goods_services",
        "activity": "331110",
        "quantity": "25000",
        "unit": "USD_2022",
        "region": "US",
        "reference": "PO 991, deflated to 2022 USD",
    },
)
PERIOD = {"period_start": "2025-01-01", "period_end": "2025-01-31"}
_PINNED = datetime(2025, 1, 1)


def rows() -> list[list[str]]:
    """The example rows in column order, blanks for unused optional columns."""
    return [[{**PERIOD, **example}.get(column, "") for column in COLUMNS] for example in EXAMPLES]


def write(out: Path) -> list[Path]:
    """Write both templates into ``out``; returns their paths."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment

    out.mkdir(parents=True, exist_ok=True)
    csv_path = out / "activity-template.csv"
    with csv_path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(rows())
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "activities"
    sheet.append(list(COLUMNS))
    for index, column in enumerate(COLUMNS, start=1):
        sheet.cell(row=1, column=index).comment = Comment(COLUMN_HELP[column], "Footprint")
    for row in rows():
        sheet.append(row)
    workbook.properties.created = _PINNED
    workbook.properties.modified = _PINNED
    xlsx_path = out / "activity-template.xlsx"
    xlsx_path.write_bytes(_pinned_xlsx(workbook))
    return [csv_path, xlsx_path]


def _pinned_xlsx(workbook: Workbook) -> bytes:
    """The workbook's bytes, the same on every build.

    openpyxl's ``save`` stamps the save time into docProps/core.xml and the zip stamps it on
    every entry: the writer is called directly (keeping the pinned properties) and the
    entries are re-dated, so a rebuild from unchanged data leaves the committed file as it is.
    """
    from openpyxl.writer.excel import ExcelWriter

    saved = io.BytesIO()
    with zipfile.ZipFile(saved, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    pinned = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(saved.getvalue())) as source,
        zipfile.ZipFile(pinned, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            dated = zipfile.ZipInfo(entry.filename, _PINNED.timetuple()[:6])
            target.writestr(dated, source.read(entry), zipfile.ZIP_DEFLATED)
    return pinned.getvalue()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m footprint.factor_import.templates")
    parser.add_argument("--out", type=Path, required=True, help="folder for the templates")
    for path in write(parser.parse_args(argv).out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
