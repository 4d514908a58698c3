"""Uploads split into parts for the workflow: the parts hold the file's rows with their numbers,
and read as the whole file reads."""

from __future__ import annotations

import codecs
import io
import random
from collections.abc import Callable
from datetime import date, datetime
from functools import partial

import pytest

from footprint.domain.errors import InvalidInput
from footprint.domain.uploads.parsing import FileFormat, csv_text, read_table, split_table
from tests.support.parsing import HEADER, LINE, rows_of, workbook_bytes


def _table_rows(data: bytes, fmt: FileFormat, part_rows: int) -> list[tuple[int, dict]]:
    """Every part of ``data`` read back as ``iter_rows`` would give its rows."""
    found: list[tuple[int, dict]] = []
    for part in split_table(io.BytesIO(data), fmt, part_rows):
        table = read_table(part.text, part.first_row)
        assert part.rows == len(table.rows)
        found.extend(table.records())
    return found


def _blank_as_absent(rows: list[tuple[int, dict]]) -> list[tuple[int, dict]]:
    return [(row, {k: v for k, v in record.items() if v not in ("", None)}) for row, record in rows]


@pytest.mark.parametrize("part_rows", [1, 2, 3, 50])
def test_csv_parts_hold_the_files_rows_with_their_numbers(part_rows: int) -> None:
    # Quoted commas and newlines, a blank row, a short row and a semicolon-free header.
    body = (
        f'{HEADER},reference\n{LINE},"PO 1, line 2"\n\n{LINE},"two\nlines"\n{LINE}\n{LINE},plain\n'
    ).encode()
    expected = _blank_as_absent(rows_of(body))
    assert [row for row, _ in expected] == [2, 4, 5, 6]  # a record, not a line, is a row
    assert _blank_as_absent(_table_rows(body, FileFormat.CSV, part_rows)) == expected


@pytest.mark.parametrize("part_rows", [1, 2, 3, 50])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_csv_parts_of_one_row_lines_keep_blank_rows_out_and_their_numbers(
    part_rows: int, newline: str
) -> None:
    # No quoted value spans lines: the split checks line by line. A line of delimiters is a
    # blank row, a line of spaces is not (its cells are not empty); the last has no newline.
    lines = [HEADER, LINE, "", ",,,,", LINE + ",,", " ", f"{LINE},,,,,,", "x", LINE]
    body = newline.join(lines).encode()
    expected = _blank_as_absent(rows_of(body))
    assert [row for row, _ in expected] == [2, 5, 6, 7, 8, 9]
    assert _blank_as_absent(_table_rows(body, FileFormat.CSV, part_rows)) == expected


def test_csv_parts_keep_a_semicolon_file_and_its_bom() -> None:
    body = codecs.BOM_UTF8 + f"{HEADER}\n{LINE}\n{LINE}\n".replace(",", ";").encode()
    assert _table_rows(body, FileFormat.CSV, 1) == rows_of(body)


def test_a_value_beyond_the_header_in_a_later_part_names_its_row() -> None:
    body = f"{HEADER}\n{LINE}\n{LINE}\n{LINE},extra\n".encode()
    with pytest.raises(InvalidInput) as caught:
        list(split_table(io.BytesIO(body), FileFormat.CSV, 1))
    assert caught.value.details["row"] == 4


def test_xlsx_parts_hold_the_sheets_rows_with_their_numbers() -> None:
    header = HEADER.split(",")
    line: list[object] = LINE.split(",")
    line[5] = 1200.5
    body = workbook_bytes([header, line, [], line, line], at_row=3)
    expected = rows_of(body, FileFormat.XLSX)
    assert [row for row, _ in expected] == [4, 6, 7]
    for part_rows in (1, 2, 10):
        found = _blank_as_absent(_table_rows(body, FileFormat.XLSX, part_rows))
        assert found == [(row, {**record, "quantity": repr(1200.5)}) for row, record in expected]


@pytest.mark.parametrize("part_rows", [1, 2, 10])
def test_xlsx_parts_quote_what_needs_quotes_and_type_cells_as_the_rows_do(part_rows: int) -> None:
    header = [*HEADER.split(","), "vehicle_model_year", "reference"]
    line: list[object] = LINE.split(",")
    rows: list[list[object]] = [
        header,
        [*line, 2019, 'PO "7", line 2'],
        [],
        ["two\nlines", date(2025, 1, 1), datetime(2025, 1, 31), *line[3:5], 1500, "gal", "US"],
        [*line[:5], 12.25, "kg", "US;EU", 2019.0, True],
        [" ", None, None, None, None, None, None, None, None, "carriage\rreturn"],
        [*line[:5], 3, "kg", '"7" first', None, 1e20],
    ]
    body = workbook_bytes(rows)
    expected = [
        (number, {name: _as_text(value) for name, value in record.items()})
        for number, record in rows_of(body, FileFormat.XLSX)
    ]
    assert [number for number, _ in expected] == [2, 4, 5, 6, 7]
    assert _blank_as_absent(_table_rows(body, FileFormat.XLSX, part_rows)) == expected


def _as_text(value: object) -> object:
    """A number the rows give as a float, as a part's text gives it."""
    return repr(value) if isinstance(value, float) else value


def test_an_xlsx_value_beyond_the_header_in_a_later_part_names_its_row() -> None:
    line = LINE.split(",")
    body = workbook_bytes([HEADER.split(","), line, line, [*line, None, "note"]])
    with pytest.raises(InvalidInput) as caught:
        list(split_table(io.BytesIO(body), FileFormat.XLSX, 1))
    assert caught.value.details["row"] == 4


def test_json_records_are_not_a_table() -> None:
    with pytest.raises(ValueError, match="not a table"):
        list(split_table(io.BytesIO(b"[]"), FileFormat.JSON, 10))


_CELLS = ["a", "", " ", "1.5", '"q, with comma"', '"say ""hi"""', '"two\nlines"', "x;y", '5" pipe']


def _random_csv(seed: int, line_end: str) -> bytes:
    """A CSV of the activity header and rows of random cells: quoted commas and quotes,
    quoted newlines (only with some seeds), blank lines, short rows, empty values past
    the header, and sometimes a value beyond it."""
    chooser = random.Random(seed)
    cells = _CELLS if seed % 3 == 0 else [cell for cell in _CELLS if "\n" not in cell]
    lines = [HEADER]
    for _ in range(chooser.randint(1, 60)):
        shape = chooser.random()
        if shape < 0.05:
            lines.append("")
        elif shape < 0.1:
            lines.append(",,")
        else:
            width = 8 if shape < 0.8 else chooser.choice([3, 9, 10])
            row = [chooser.choice(cells) for _ in range(width)]
            if width > 8 and shape < 0.97:
                row[8:] = [""] * (width - 8)  # empty values past the header are allowed
            lines.append(",".join(row))
    return (line_end.join(lines) + line_end).encode()


def _outcome(read: Callable[[], list[tuple[int, dict]]]) -> object:
    try:
        return _blank_as_absent(read())
    except InvalidInput as error:
        return ("error", error.details.get("row"))


@pytest.mark.parametrize("line_end", ["\n", "\r\n"])
@pytest.mark.parametrize("seed", range(40))
def test_csv_parts_read_as_the_whole_file_reads(
    seed: int, line_end: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Small blocks, so a file is read partly line by line and partly by the csv module.
    monkeypatch.setattr(csv_text, "_CSV_BLOCK", 64)
    body = _random_csv(seed, line_end)
    expected = _outcome(lambda: rows_of(body))
    for part_rows in (1, 7, 1000):
        assert _outcome(partial(_table_rows, body, FileFormat.CSV, part_rows)) == expected


def test_a_stray_quote_before_a_value_spanning_lines_is_read_by_the_csv_module() -> None:
    # Each line holds two quotes, as a line of whole quoted values does, yet the first
    # line's last value runs on into the second.
    line = LINE.rsplit(",", 2)[0]
    body = f'{HEADER},reference\n{line},5" pipe,"two\nlines",6" tube\n{line},US,US\n'.encode()
    expected = rows_of(body)
    assert [row for row, _ in expected] == [2, 3]
    assert expected[0][1]["region"] == "two\nlines"
    assert _blank_as_absent(_table_rows(body, FileFormat.CSV, 1)) == _blank_as_absent(expected)
