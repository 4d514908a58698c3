"""CSV uploads: rows numbered as the user sees them, whatever the encoding marks, delimiter and
line ends, and refusals that name the row."""

from __future__ import annotations

import codecs
import csv
import io

import pytest

from footprint.domain.uploads.parsing import FileFormat, iter_rows
from tests.support.parsing import HEADER, LINE, TEMPLATES, refusal_of, rows_of, template_records


def test_csv_rows_are_numbered_from_two_with_the_header_as_row_one() -> None:
    rows = rows_of((TEMPLATES / "activity-template.csv").read_bytes())
    assert [number for number, _ in rows] == list(range(2, 9))
    assert rows[0][1]["facility"] == "Plant 1"
    assert rows[6][1]["reference"] == "PO 991, deflated to 2022 USD"


def test_csv_with_bom_semicolons_and_crlf_reads_the_same() -> None:
    plain = (TEMPLATES / "activity-template.csv").read_bytes()
    records = template_records()
    buffer = io.StringIO()
    writer = csv.DictWriter(
        buffer, fieldnames=list(records[0]), delimiter=";", lineterminator="\r\n"
    )
    writer.writeheader()
    writer.writerows(records)
    semicolons = codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")
    assert rows_of(semicolons) == rows_of(plain)


def test_csv_blank_rows_are_skipped_but_keep_their_number() -> None:
    data = f"{HEADER}\n{LINE}\n\n,,,,,,,\n{LINE}\n".encode()
    assert [number for number, _ in rows_of(data)] == [2, 5]


def test_csv_quoted_newline_is_one_row() -> None:
    data = f'{HEADER},reference\n{LINE},"two\nlines"\n{LINE},x\n'.encode()
    rows = rows_of(data)
    assert [number for number, _ in rows] == [2, 3]
    assert rows[0][1]["reference"] == "two\nlines"


def test_csv_short_rows_omit_missing_columns_and_empty_extra_cells_are_ignored() -> None:
    data = f"{HEADER}\nPlant 1,2025-01-01\n{LINE},,,\n".encode()
    rows = rows_of(data)
    assert rows[0][1] == {"facility": "Plant 1", "period_start": "2025-01-01"}
    assert rows[1][1]["region"] == "US"


def test_csv_value_beyond_the_header_is_refused_with_its_row() -> None:
    error = refusal_of(f"{HEADER}\n{LINE}\n{LINE},surprise\n".encode())
    assert error.details["row"] == 3
    assert "surprise" not in error.message


def test_csv_in_latin_1_is_refused_naming_the_row() -> None:
    data = f"{HEADER}\n{LINE}\nZürich,2025-01-01,2025-01-31,x,y,1,kg,US\n".encode("latin-1")
    error = refusal_of(data)
    assert error.details["row"] == 3
    assert "UTF-8" in error.message


def test_csv_in_utf_16_is_refused() -> None:
    error = refusal_of(f"{HEADER}\n{LINE}\n".encode("utf-16"))
    assert error.details["row"] == 1
    assert "UTF-16" in error.message


def test_csv_header_is_checked_by_the_engine() -> None:
    error = refusal_of(b"facility,quantity,colour\nx,1,red\n")
    assert error.details["row"] == 1
    assert error.details["unknown_columns"] == ["colour"]
    assert "period_start" in error.details["missing_columns"]


def test_csv_duplicate_column_is_refused() -> None:
    error = refusal_of(f"{HEADER},unit\n".encode())
    assert error.details == {"row": 1, "column": "unit"}


def test_csv_malformed_quoting_names_the_row() -> None:
    error = refusal_of(f'{HEADER}\n{LINE}\n"Plant "1",x\n'.encode())
    assert error.details["row"] == 3


@pytest.mark.parametrize("data", [b"", b"\n\n"])
def test_empty_csv_is_refused(data: bytes) -> None:
    assert refusal_of(data).details["row"] == 1


def test_xlsx_sent_as_csv_is_refused() -> None:
    assert "XLSX" in refusal_of((TEMPLATES / "activity-template.xlsx").read_bytes()).message


def test_csv_reads_from_a_stream_that_iterates_in_chunks() -> None:
    class Chunky(io.RawIOBase):
        """Like an S3 body: read(n) only, small pieces."""

        def __init__(self, data: bytes) -> None:
            self._data = io.BytesIO(data)

        def readable(self) -> bool:
            return True

        def read(self, size: int = -1) -> bytes:
            return self._data.read(min(size, 7) if size > 0 else 7)

    data = (TEMPLATES / "activity-template.csv").read_bytes()
    assert list(iter_rows(Chunky(data), FileFormat.CSV)) == rows_of(data)  # type: ignore[arg-type]
