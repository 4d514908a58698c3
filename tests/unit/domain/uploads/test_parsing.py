"""Reading uploads: every format yields the same rows, numbered as the user sees them."""

from __future__ import annotations

import codecs
import csv
import io
import json
import random
import re
import zipfile
from collections.abc import Callable
from datetime import date, datetime
from functools import partial
from pathlib import Path

import openpyxl
import pytest

from footprint.domain.errors import InvalidInput
from footprint.domain.uploads.parsing import (
    FileFormat,
    csv_text,
    detect_format,
    iter_rows,
    read_table,
    split_table,
)

TEMPLATES = Path(__file__).parents[4] / "layers/footprint/footprint/data/templates"
HEADER = "facility,period_start,period_end,category,activity,quantity,unit,region"
LINE = "Plant 1,2025-01-01,2025-01-31,stationary_combustion,natural_gas,1200,therm,US"


def _rows(data: bytes, fmt: FileFormat = FileFormat.CSV, sheet: str | None = None) -> list:
    return list(iter_rows(io.BytesIO(data), fmt, sheet))


def _error(data: bytes, fmt: FileFormat = FileFormat.CSV, sheet: str | None = None) -> InvalidInput:
    with pytest.raises(InvalidInput) as caught:
        _rows(data, fmt, sheet)
    return caught.value


def _sample_records() -> list[dict[str, str]]:
    with (TEMPLATES / "activity-template.csv").open(encoding="utf-8", newline="") as source:
        return list(csv.DictReader(source))


def _xlsx(rows: list[list[object]], title: str = "Sheet1", at_row: int = 1) -> bytes:
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


# ------------------------------------------------------------------------- format detection


@pytest.mark.parametrize(
    ("filename", "content_type", "expected"),
    [
        ("a.csv", "text/csv", FileFormat.CSV),
        ("A.CSV", None, FileFormat.CSV),
        ("a.csv", "application/vnd.ms-excel", FileFormat.CSV),
        ("a.csv", "application/octet-stream", FileFormat.CSV),
        ("book.xlsx", "application/octet-stream", FileFormat.XLSX),
        (
            "data",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            FileFormat.XLSX,
        ),
        ("r.json", "application/json; charset=utf-8", FileFormat.JSON),
        ("r.jsonl", "application/x-ndjson", FileFormat.JSON),
        ("upload", "text/csv", FileFormat.CSV),
    ],
)
def test_detect_format(filename: str, content_type: str | None, expected: FileFormat) -> None:
    assert detect_format(filename, content_type) is expected


@pytest.mark.parametrize(
    ("filename", "content_type", "field"),
    [
        ("a.csv", "application/json", "content_type"),
        ("a.txt", None, "filename"),
        ("a.pdf", "application/pdf", "content_type"),
        ("a.xls", "application/octet-stream", "filename"),
    ],
)
def test_detect_format_refuses(filename: str, content_type: str | None, field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        detect_format(filename, content_type)
    assert caught.value.details["field"] == field


# --------------------------------------------------------------------------------------- CSV


def test_csv_rows_are_numbered_from_two_with_the_header_as_row_one() -> None:
    rows = _rows((TEMPLATES / "activity-template.csv").read_bytes())
    assert [number for number, _ in rows] == list(range(2, 9))
    assert rows[0][1]["facility"] == "Plant 1"
    assert rows[6][1]["reference"] == "PO 991, deflated to 2022 USD"


def test_csv_with_bom_semicolons_and_crlf_reads_the_same() -> None:
    plain = (TEMPLATES / "activity-template.csv").read_bytes()
    records = _sample_records()
    buffer = io.StringIO()
    writer = csv.DictWriter(
        buffer, fieldnames=list(records[0]), delimiter=";", lineterminator="\r\n"
    )
    writer.writeheader()
    writer.writerows(records)
    semicolons = codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")
    assert _rows(semicolons) == _rows(plain)


def test_csv_blank_rows_are_skipped_but_keep_their_number() -> None:
    data = f"{HEADER}\n{LINE}\n\n,,,,,,,\n{LINE}\n".encode()
    assert [number for number, _ in _rows(data)] == [2, 5]


def test_csv_quoted_newline_is_one_row() -> None:
    data = f'{HEADER},reference\n{LINE},"two\nlines"\n{LINE},x\n'.encode()
    rows = _rows(data)
    assert [number for number, _ in rows] == [2, 3]
    assert rows[0][1]["reference"] == "two\nlines"


def test_csv_short_rows_omit_missing_columns_and_empty_extra_cells_are_ignored() -> None:
    data = f"{HEADER}\nPlant 1,2025-01-01\n{LINE},,,\n".encode()
    rows = _rows(data)
    assert rows[0][1] == {"facility": "Plant 1", "period_start": "2025-01-01"}
    assert rows[1][1]["region"] == "US"


def test_csv_value_beyond_the_header_is_refused_with_its_row() -> None:
    error = _error(f"{HEADER}\n{LINE}\n{LINE},surprise\n".encode())
    assert error.details["row"] == 3
    assert "surprise" not in error.message


def test_csv_in_latin_1_is_refused_naming_the_row() -> None:
    data = f"{HEADER}\n{LINE}\nZürich,2025-01-01,2025-01-31,x,y,1,kg,US\n".encode("latin-1")
    error = _error(data)
    assert error.details["row"] == 3
    assert "UTF-8" in error.message


def test_csv_in_utf_16_is_refused() -> None:
    error = _error(f"{HEADER}\n{LINE}\n".encode("utf-16"))
    assert error.details["row"] == 1
    assert "UTF-16" in error.message


def test_csv_header_is_checked_by_the_engine() -> None:
    error = _error(b"facility,quantity,colour\nx,1,red\n")
    assert error.details["row"] == 1
    assert error.details["unknown_columns"] == ["colour"]
    assert "period_start" in error.details["missing_columns"]


def test_csv_duplicate_column_is_refused() -> None:
    error = _error(f"{HEADER},unit\n".encode())
    assert error.details == {"row": 1, "column": "unit"}


def test_csv_malformed_quoting_names_the_row() -> None:
    error = _error(f'{HEADER}\n{LINE}\n"Plant "1",x\n'.encode())
    assert error.details["row"] == 3


@pytest.mark.parametrize("data", [b"", b"\n\n"])
def test_empty_csv_is_refused(data: bytes) -> None:
    assert _error(data).details["row"] == 1


def test_xlsx_sent_as_csv_is_refused() -> None:
    assert "XLSX" in _error((TEMPLATES / "activity-template.xlsx").read_bytes()).message


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
    assert list(iter_rows(Chunky(data), FileFormat.CSV)) == _rows(data)  # type: ignore[arg-type]


# -------------------------------------------------------------------------------------- XLSX


def test_xlsx_template_reads_like_the_csv_template() -> None:
    from_xlsx = _rows((TEMPLATES / "activity-template.xlsx").read_bytes(), FileFormat.XLSX)
    from_csv = _rows((TEMPLATES / "activity-template.csv").read_bytes())
    assert [number for number, _ in from_xlsx] == [number for number, _ in from_csv]
    for (_, xlsx_row), (_, csv_row) in zip(from_xlsx, from_csv, strict=True):
        assert xlsx_row == {key: value for key, value in csv_row.items() if value}


def test_xlsx_typed_cells_become_what_the_engine_reads() -> None:
    header = ["facility", "period_start", "period_end", "category", "activity", "quantity"]
    header += ["unit", "region", "vehicle_model_year", "distance", "distance_unit", "reference"]
    values: list[object] = ["Fleet", date(2025, 1, 1), datetime(2025, 1, 31), "mobile_combustion"]
    values += [331110, 1500, "gal", "US", 2019, 9000.5, "mile", True]
    rows = _rows(_xlsx([header, values]), FileFormat.XLSX)
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
    data = _xlsx([header, line, [None] * 8, line], at_row=3)
    assert [number for number, _ in _rows(data, FileFormat.XLSX)] == [4, 6]


def test_xlsx_named_sheet_and_missing_sheet() -> None:
    data = _xlsx([HEADER.split(","), LINE.split(",")], title="Activities")
    assert len(_rows(data, FileFormat.XLSX, sheet="Activities")) == 1
    error = _error(data, FileFormat.XLSX, sheet="Nope")
    assert error.details == {"field": "sheet", "sheets": ["Activities"]}


def test_xlsx_value_beyond_the_header_is_refused() -> None:
    data = _xlsx([HEADER.split(","), [*LINE.split(","), None, "note"]])
    assert _error(data, FileFormat.XLSX).details["row"] == 2


@pytest.mark.parametrize("data", [b"facility,quantity\n", b"PK\x03\x04 not really a zip"])
def test_not_a_workbook_is_refused(data: bytes) -> None:
    assert _error(data, FileFormat.XLSX).details["row"] == 1


def test_sheet_only_for_xlsx() -> None:
    assert _error(b"x", FileFormat.CSV, sheet="x").details["field"] == "sheet"


# -------------------------------------------------------------------------------------- JSON


def test_json_list_and_json_lines_read_like_the_csv() -> None:
    records = _sample_records()
    listed = _rows(json.dumps(records, indent=2).encode(), FileFormat.JSON)
    assert [number for number, _ in listed] == list(range(1, 8))
    assert [row for _, row in listed] == records
    lines = "\n".join(json.dumps(record) for record in records).encode()
    assert _rows(lines, FileFormat.JSON) == listed


def test_json_list_is_read_in_pieces() -> None:
    records = [{"facility": f"site {index}", "quantity": index} for index in range(20_000)]
    rows = _rows(codecs.BOM_UTF8 + json.dumps(records).encode(), FileFormat.JSON)
    assert len(rows) == 20_000
    assert rows[-1] == (20_000, {"facility": "site 19999", "quantity": 19999})


def test_json_lines_skip_blank_lines_and_number_by_line() -> None:
    data = b'{"facility": "a"}\n\n{"facility": "b"}\n'
    assert _rows(data, FileFormat.JSON) == [(1, {"facility": "a"}), (3, {"facility": "b"})]


def test_empty_json_list_has_no_rows() -> None:
    assert _rows(b" [ ] ", FileFormat.JSON) == []


@pytest.mark.parametrize(
    ("data", "row"),
    [
        (b'[{"facility": "a"}, {"facility": }]', 2),
        (b'[{"facility": "a"}, 3]', 2),
        (b'[{"facility": "a"} {"facility": "b"}]', 1),
        (b'[{"facility": "a"}] trailing', 1),
        (b'[{"facility": "a"}', 1),
        (b'{"a": 1}\n[1]\n', 2),
        (b'{"a": 1}\n{"a": \n', 2),
        (b'"text"', 1),
        (b'[{"facility": {"nested": 1}}]', 1),
        (b'[{"facility": "Z\xfcrich"}]', 1),
    ],
)
def test_malformed_json_names_the_record(data: bytes, row: int) -> None:
    assert _error(data, FileFormat.JSON).details["row"] == row


def test_nested_json_value_names_its_column() -> None:
    error = _error(b'[{"reference": [1, 2]}]', FileFormat.JSON)
    assert error.details == {"row": 1, "column": "reference"}


# --------------------------------------------------------------------------- table parts


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
    expected = _blank_as_absent(_rows(body))
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
    expected = _blank_as_absent(_rows(body))
    assert [row for row, _ in expected] == [2, 5, 6, 7, 8, 9]
    assert _blank_as_absent(_table_rows(body, FileFormat.CSV, part_rows)) == expected


def test_csv_parts_keep_a_semicolon_file_and_its_bom() -> None:
    body = codecs.BOM_UTF8 + f"{HEADER}\n{LINE}\n{LINE}\n".replace(",", ";").encode()
    assert _table_rows(body, FileFormat.CSV, 1) == _rows(body)


def test_a_value_beyond_the_header_in_a_later_part_names_its_row() -> None:
    body = f"{HEADER}\n{LINE}\n{LINE}\n{LINE},extra\n".encode()
    with pytest.raises(InvalidInput) as caught:
        list(split_table(io.BytesIO(body), FileFormat.CSV, 1))
    assert caught.value.details["row"] == 4


def test_xlsx_parts_hold_the_sheets_rows_with_their_numbers() -> None:
    header = HEADER.split(",")
    line: list[object] = LINE.split(",")
    line[5] = 1200.5
    body = _xlsx([header, line, [], line, line], at_row=3)
    expected = _rows(body, FileFormat.XLSX)
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
    body = _xlsx(rows)
    expected = [
        (number, {name: _as_text(value) for name, value in record.items()})
        for number, record in _rows(body, FileFormat.XLSX)
    ]
    assert [number for number, _ in expected] == [2, 4, 5, 6, 7]
    assert _blank_as_absent(_table_rows(body, FileFormat.XLSX, part_rows)) == expected


def _as_text(value: object) -> object:
    """A number the rows give as a float, as a part's text gives it."""
    return repr(value) if isinstance(value, float) else value


def test_an_xlsx_value_beyond_the_header_in_a_later_part_names_its_row() -> None:
    line = LINE.split(",")
    body = _xlsx([HEADER.split(","), line, line, [*line, None, "note"]])
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
    expected = _outcome(lambda: _rows(body))
    for part_rows in (1, 7, 1000):
        assert _outcome(partial(_table_rows, body, FileFormat.CSV, part_rows)) == expected


def test_a_stray_quote_before_a_value_spanning_lines_is_read_by_the_csv_module() -> None:
    # Each line holds two quotes, as a line of whole quoted values does, yet the first
    # line's last value runs on into the second.
    line = LINE.rsplit(",", 2)[0]
    body = f'{HEADER},reference\n{line},5" pipe,"two\nlines",6" tube\n{line},US,US\n'.encode()
    expected = _rows(body)
    assert [row for row, _ in expected] == [2, 3]
    assert expected[0][1]["region"] == "two\nlines"
    assert _blank_as_absent(_table_rows(body, FileFormat.CSV, 1)) == _blank_as_absent(expected)


def test_xlsx_formula_without_a_computed_value_says_so_with_its_row_and_column() -> None:
    """A workbook written by a script keeps formulas without results: not 'quantity is
    required' further on, but why the cell is empty and how to fix it (issue 22)."""
    data = _xlsx([HEADER.split(","), LINE.split(","), [*LINE.split(",")[:5], "=F2*2"]])
    for read in (_rows, lambda data, fmt: list(split_table(io.BytesIO(data), fmt, 10))):
        with pytest.raises(InvalidInput) as caught:
            read(data, FileFormat.XLSX)
        error = caught.value
        assert error.message.startswith("formula without a computed value: open and save")
        assert "paste values" in error.message
        assert (error.details["row"], error.details["column"]) == (3, "quantity")


def test_xlsx_formulas_with_computed_values_are_read() -> None:
    """Excel keeps each formula's result beside it (a text result marked t="str")."""
    data = _xlsx([HEADER.split(","), LINE.split(",")])
    sheet = (
        '<c r="F2"><f>1000+200</f><v>1200</v></c><c r="J2" t="str"><f>IF(1,"","x")</f><v></v></c>'
    )
    patched = _replace_in_zip(data, "xl/worksheets/sheet1.xml", sheet)
    assert _rows(patched, FileFormat.XLSX)[0][1]["quantity"] == 1200.0


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
