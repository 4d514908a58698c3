"""Reading uploads: XLSX and CSV rows per second, as ratios to baselines read from the same
files in the same run.

- XLSX: ``iter_rows`` (python-calamine) against openpyxl in read-only mode iterating the same
  sheet's values (target: at least 5 times as fast).
- CSV: ``iter_rows`` against the floor of the end-to-end target, ``csv.reader`` + ``float`` +
  a multiply-add over the same file: what reading costs before anything is calculated.
- The personal-data screen over the same CSV rows, as a ratio to that floor too.
"""

from __future__ import annotations

import csv
import io
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from footprint.domain.uploads.parsing import FileFormat, iter_rows
from footprint.domain.uploads.pii import screen

CSV_ROWS = 200_000
XLSX_ROWS = 20_000
HEADER = [
    "facility", "period_start", "period_end", "category", "activity", "quantity", "unit",
    "region", "vehicle_model_year", "distance", "distance_unit", "market_instrument",
    "supplier_factor", "reference",
]  # fmt: skip


def _records(count: int) -> list[list[object]]:
    pick = random.Random(5)
    kinds = [
        ("stationary_combustion", "natural_gas", "therm", "US"),
        ("electricity", "grid", "kWh", "CAMX"),
        ("purchased_goods_services", "331110", "USD_2022", "US"),
        ("business_travel", "air_travel_long_haul", "passenger_mile", "US"),
    ]
    rows: list[list[object]] = []
    for index in range(count):
        category, activity, unit, region = kinds[index % len(kinds)]
        month = index % 12 + 1
        rows.append(
            [
                f"Site {pick.randint(1, 300)}",
                f"2025-{month:02d}-01",
                f"2025-{month:02d}-28",
                category,
                activity,
                round(pick.uniform(1, 100_000), 2),
                unit,
                region,
                "",
                "",
                "",
                "",
                "",
                f"INV-{index:07d}",
            ]
        )
    return rows


def _best(action: Callable[[], int], repeats: int = 3) -> tuple[float, int]:
    """The fastest of ``repeats`` runs: (seconds, rows)."""
    best, rows = float("inf"), 0
    for _ in range(repeats):
        started = time.perf_counter()
        rows = action()
        best = min(best, time.perf_counter() - started)
    return best, rows


def _csv_bench(folder: Path) -> list[tuple[str, float, str]]:
    path = folder / "activity.csv"
    with path.open("w", newline="", encoding="utf-8") as target:
        writer = csv.writer(target)
        writer.writerow(HEADER)
        writer.writerows(_records(CSV_ROWS))

    def floor() -> int:
        total, count = 0.0, 0
        with path.open(newline="", encoding="utf-8") as source:
            reader = csv.reader(source)
            next(reader)
            for row in reader:
                total += float(row[5]) * 1.5
                count += 1
        return count

    def ours() -> int:
        with path.open("rb") as source:
            return sum(1 for _ in iter_rows(source, FileFormat.CSV))

    data = path.read_bytes()
    rows = list(iter_rows(io.BytesIO(data), FileFormat.CSV))

    def screened() -> int:
        screen(rows)
        return len(rows)

    floor_seconds, floor_rows = _best(floor)
    ours_seconds, ours_rows = _best(ours)
    screen_seconds, _ = _best(screened)
    assert ours_rows == floor_rows == CSV_ROWS
    floor_rate = floor_rows / floor_seconds
    return [
        ("uploads: CSV floor (csv.reader + float + multiply-add)", floor_rate, "rows/s"),
        ("uploads: CSV iter_rows", ours_rows / ours_seconds, "rows/s"),
        ("uploads: CSV iter_rows / floor", floor_seconds / ours_seconds, "ratio"),
        ("uploads: personal-data screen", CSV_ROWS / screen_seconds, "rows/s"),
        ("uploads: personal-data screen / CSV floor", floor_seconds / screen_seconds, "ratio"),
    ]


def _xlsx_bench(folder: Path) -> list[tuple[str, float, str]]:
    import openpyxl

    path = folder / "activity.xlsx"
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("activities")
    sheet.append(HEADER)
    for record in _records(XLSX_ROWS):
        sheet.append([None if value == "" else value for value in record])
    workbook.save(path)

    def baseline() -> int:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        count = sum(1 for _ in book.worksheets[0].iter_rows(min_row=2, values_only=True))
        book.close()
        return count

    def ours() -> int:
        with path.open("rb") as source:
            return sum(1 for _ in iter_rows(source, FileFormat.XLSX))

    base_seconds, base_rows = _best(baseline, repeats=1)  # slow: one run is plenty
    ours_seconds, ours_rows = _best(ours)
    assert ours_rows == base_rows == XLSX_ROWS
    return [
        ("uploads: XLSX openpyxl read-only", base_rows / base_seconds, "rows/s"),
        ("uploads: XLSX iter_rows (calamine)", ours_rows / ours_seconds, "rows/s"),
        (
            "uploads: XLSX iter_rows / openpyxl read-only (target >= 5)",
            base_seconds / ours_seconds,
            "ratio",
        ),
    ]


def run() -> list[tuple[str, float, str]]:
    with tempfile.TemporaryDirectory() as folder:
        return _csv_bench(Path(folder)) + _xlsx_bench(Path(folder))
