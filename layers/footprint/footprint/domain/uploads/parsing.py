"""Read an uploaded activity file into rows, streaming, in flat memory.

One entry point, ``iter_rows``, for the three upload formats:

- **CSV**: UTF-8 with or without a byte-order mark; comma or semicolon, whichever the header
  line uses (Excel writes semicolons where the decimal separator is a comma). Other encodings
  are refused with the row where decoding failed, never guessed: a guessed encoding would
  silently change facility names and references.
- **XLSX**: read with python-calamine (Rust), the first worksheet or a named one. Dates become
  ISO dates; whole numbers in text columns (NAICS codes, model years) lose their ``.0``. A
  formula is read by the result the workbook saved; one saved without a result (a workbook
  written by a script, never opened in a spreadsheet) is refused naming its row and column.
- **JSON**: a list of objects, or JSON Lines (one object per line), told apart by the first
  character. The list is decoded record by record, so a large file never sits in memory.

Row numbers are the ones a person sees: for CSV and XLSX the spreadsheet row, so the header
is row 1 and the first record row 2 (blank rows are skipped but keep their number); for a JSON
list the record's position (1 for the first object); for JSON Lines the line number. Every
structural problem (encoding, quoting, a cell beyond the header, a sheet that does not exist)
raises ``InvalidInput`` naming the row and, where there is one, the column; the values of
cells are never put in a message, so errors can be stored and shown safely.
"""

from __future__ import annotations

import codecs
import csv
import html
import io
import itertools
import json
import operator
import posixpath
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from operator import methodcaller
from pathlib import PurePosixPath
from typing import IO, Any

from footprint.domain.activity import check_columns
from footprint.domain.errors import InvalidInput

# A cell's value: text (CSV always, XLSX/JSON text), a number (XLSX/JSON numeric cells; JSON
# integers and booleans pass as they are, for the engine to judge), or None (empty / null).
Cell = str | float | None
Row = dict[str, Cell]

# Columns the engine reads as numbers: an XLSX number there stays a float. Everywhere else a
# number is text to the engine (NAICS 331110, model year 2019), so it is written as text.
NUMERIC_COLUMNS = frozenset({"quantity", "distance", "supplier_factor"})

_CHUNK = 1 << 16
_CSV_BLOCK = 1 << 20
_MAX_JSON_RECORD_CHARS = 1 << 20
_ZIP_MAGIC = b"PK\x03\x04"
_UTF8_BOM = codecs.BOM_UTF8
_OTHER_BOMS = {
    codecs.BOM_UTF32_LE: "UTF-32",
    codecs.BOM_UTF32_BE: "UTF-32",
    codecs.BOM_UTF16_LE: "UTF-16",
    codecs.BOM_UTF16_BE: "UTF-16",
}
_SAVE_AS_UTF8 = "save it as 'CSV UTF-8' (or JSON) and upload again"
_NOT_UTF8 = f"the file is not UTF-8 text: {_SAVE_AS_UTF8}"


class FileFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"
    JSON = "json"


XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_EXTENSIONS = {
    ".csv": FileFormat.CSV,
    ".xlsx": FileFormat.XLSX,
    ".json": FileFormat.JSON,
    ".jsonl": FileFormat.JSON,
    ".ndjson": FileFormat.JSON,
}
_CONTENT_TYPES = {
    "text/csv": FileFormat.CSV,
    "application/csv": FileFormat.CSV,
    XLSX_CONTENT_TYPE: FileFormat.XLSX,
    "application/json": FileFormat.JSON,
    "application/x-ndjson": FileFormat.JSON,
    "application/jsonl": FileFormat.JSON,
    "application/x-jsonlines": FileFormat.JSON,
}
# Types that say nothing about the content (browsers send the second for .csv on Windows).
_GENERIC_CONTENT_TYPES = frozenset(
    {"application/octet-stream", "application/vnd.ms-excel", "text/plain", "binary/octet-stream"}
)
# Every media type an upload may declare: one that names a format, or one that defers to the
# file name.
UPLOAD_MEDIA_TYPES = frozenset(_CONTENT_TYPES) | _GENERIC_CONTENT_TYPES


def detect_format(filename: str, content_type: str | None) -> FileFormat:
    """The format of an upload from its file name and declared media type.

    A known extension decides; a specific media type must then agree with it (a ``.csv``
    declared as XLSX is a client mistake worth reporting). Without a known extension the
    media type decides. Generic types (``application/octet-stream``) defer to the extension.
    """
    extension = PurePosixPath(filename.strip().lower()).suffix
    by_name = _EXTENSIONS.get(extension)
    media = (content_type or "").split(";")[0].strip().lower()
    by_type = _CONTENT_TYPES.get(media)
    if media and by_type is None and media not in _GENERIC_CONTENT_TYPES:
        raise InvalidInput(
            "unsupported content type: upload CSV, XLSX or JSON",
            field="content_type",
            allowed=sorted(_CONTENT_TYPES),
        )
    if by_name is not None and by_type is not None and by_name != by_type:
        raise InvalidInput(
            f"the file name says {by_name.value} but the content type says {by_type.value}",
            field="content_type",
        )
    found = by_name or by_type
    if found is None:
        raise InvalidInput(
            "cannot tell the file's format: name it .csv, .xlsx or .json",
            field="filename",
            allowed=sorted(_EXTENSIONS),
        )
    return found


def iter_rows(
    stream: IO[bytes], fmt: FileFormat, sheet: str | None = None
) -> Iterator[tuple[int, Row]]:
    """``(row number, {column: value})`` for every non-blank record of the file.

    Row numbers follow the module docstring (CSV/XLSX: the header is row 1). ``sheet`` names
    the XLSX worksheet to read (default: the first); it is refused for other formats.
    Raises ``InvalidInput`` (with ``row`` and, when known, ``column``) on a structural error;
    rows already yielded stay valid, so a caller can report how far the file was readable.
    """
    if sheet is not None and fmt is not FileFormat.XLSX:
        raise InvalidInput("only XLSX workbooks have sheets", field="sheet")
    if fmt is FileFormat.CSV:
        return _csv_rows(stream)
    if fmt is FileFormat.XLSX:
        return _xlsx_rows(stream, sheet)
    return _json_rows(stream)


# ---------------------------------------------------------------------------------- header


def _header(names: list[str], row: int) -> list[str]:
    """Header cells, stripped; trailing empty cells dropped (spreadsheets leave them)."""
    header = [name.strip() for name in names]
    while header and not header[-1]:
        header.pop()
    seen: set[str] = set()
    for name in header:
        if name in seen:
            raise InvalidInput("a column appears twice in the header", row=row, column=name)
        seen.add(name)
    check_columns(header, row=row)
    return header


def _beyond_header(row: int, width: int) -> InvalidInput:
    return InvalidInput(
        f"row {row} has a value beyond the header's {width} columns",
        row=row,
        column_number=width + 1,
    )


# ------------------------------------------------------------------------------------- CSV


def _text_blocks(stream: IO[bytes]) -> Iterator[str]:
    """The stream decoded as UTF-8 in blocks of whole lines (any readable stream: an S3 body
    included, whose own iteration yields fixed-size chunks, not lines). Decoding a block at a
    time keeps the per-line work in C; a decoding error still names its line."""
    pending = b""
    lines_before = 0
    first = True
    while True:
        chunk = stream.read(_CSV_BLOCK)
        data = pending + chunk
        cut = len(data) if not chunk else data.rfind(b"\n") + 1
        block, pending = data[:cut], data[cut:]
        if first and block:
            first = False
            if block.startswith(_ZIP_MAGIC):
                raise InvalidInput("the file is an XLSX workbook, not CSV: name it .xlsx", row=1)
            for bom, name in _OTHER_BOMS.items():
                if block.startswith(bom):
                    raise InvalidInput(
                        f"the file is {name} text, not UTF-8: {_SAVE_AS_UTF8}", row=1
                    )
            block = block.removeprefix(_UTF8_BOM)
        try:
            text = block.decode("utf-8")
        except UnicodeDecodeError as error:
            line = lines_before + block.count(b"\n", 0, error.start) + 1
            raise InvalidInput(_NOT_UTF8, row=line) from None
        lines_before += block.count(b"\n")
        if text:
            yield text
        if not chunk:
            return


def _delimiter(header_line: str) -> str:
    return ";" if header_line.count(";") > header_line.count(",") else ","


def _csv_blocks(stream: IO[bytes]) -> tuple[Iterator[str], str]:
    """A CSV file's text blocks and its delimiter; ``InvalidInput`` for an empty file."""
    blocks = _text_blocks(stream)
    first = next(blocks, "")
    header_line = first.partition("\n")[0]
    if not header_line.strip():
        raise InvalidInput("the file is empty: the first row must be the header", row=1)
    return itertools.chain((first,), blocks), _delimiter(header_line)


def _taken_lines(blocks: Iterable[str], taken: list[str]) -> Iterator[str]:
    """The blocks' lines, each block's also added to ``taken`` before any is given out (a
    csv reader's ``line_num`` then says how many of ``taken`` it has consumed)."""
    for block in blocks:
        # StringIO splits on "\n" only, as csv needs (quoted newlines stay in their field).
        block_lines = io.StringIO(block).readlines()
        taken.extend(block_lines)
        yield from block_lines


def _csv_header(reader: Any) -> list[str]:
    try:
        names = next(reader)
    except csv.Error as error:
        raise InvalidInput(f"the CSV is malformed: {error}", row=1) from None
    return _header(names, 1)


def _csv_reader(stream: IO[bytes]) -> tuple[list[str], Any]:
    """A CSV file's header, and a ``csv.reader`` positioned after it. Raises
    ``InvalidInput`` for an empty file or a bad header."""
    blocks, delimiter = _csv_blocks(stream)
    lines = itertools.chain.from_iterable(io.StringIO(block) for block in blocks)
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    return _csv_header(reader), reader


def _csv_rows(stream: IO[bytes]) -> Iterator[tuple[int, Row]]:
    header, reader = _csv_reader(stream)
    width = len(header)
    position = 1  # the spreadsheet row of the record last read (header = 1)
    try:
        for values in reader:
            position += 1
            count = len(values)
            if count == width:
                if any(values):
                    yield position, dict(zip(header, values, strict=True))
                continue
            if count > width and any(value.strip() for value in values[width:]):
                raise _beyond_header(position, width)
            if any(values):
                yield position, dict(zip(header, values, strict=False))
    except csv.Error as error:
        raise InvalidInput(f"the CSV is malformed: {error}", row=position + 1) from None


# ----------------------------------------------------------------------------- table parts


@dataclass(frozen=True, slots=True)
class TablePart:
    """Consecutive rows of a CSV or XLSX file as CSV text: a header line, then the rows,
    the first of them row ``first_row`` of the file (blank rows are empty lines, so every
    row keeps its number). ``rows`` counts the non-blank ones."""

    text: str
    first_row: int
    rows: int


@dataclass(frozen=True, slots=True)
class Table:
    """A part's rows as text cells, each exactly as wide as the header and none blank;
    ``numbers`` are their row numbers in the file."""

    header: list[str]
    numbers: Sequence[int]
    rows: list[list[str]]

    def records(self) -> Iterator[tuple[int, Row]]:
        """The rows as ``iter_rows`` yields them."""
        header = self.header
        for number, values in zip(self.numbers, self.rows, strict=True):
            yield number, dict(zip(header, values, strict=True))


def split_table(
    stream: IO[bytes], fmt: FileFormat, part_rows: int, sheet: str | None = None
) -> Iterator[TablePart]:
    """A CSV or XLSX file in parts of ``part_rows`` rows (blank ones included), checking
    what only the whole file shows: its encoding, header and the width of every row. Raises
    ``InvalidInput`` with the row at the first structural error.

    A CSV part is the file's own lines, so the file is parsed here only to find where rows
    end (a quoted value may hold a newline) and to check them; the values are read where
    the part is calculated.
    """
    if sheet is not None and fmt is not FileFormat.XLSX:
        raise InvalidInput("only XLSX workbooks have sheets", field="sheet")
    if fmt is FileFormat.CSV:
        return _split_csv(stream, part_rows)
    if fmt is FileFormat.XLSX:
        return _split_xlsx(stream, sheet, part_rows)
    raise ValueError("JSON records are not a table")


class _Parts:
    """Rows gathered into parts of ``part_rows``: their text, and how many are blank (a
    blank row keeps its number but is no record)."""

    def __init__(self, header_text: str, part_rows: int) -> None:
        self.header_text = header_text
        self.part_rows = part_rows
        self.texts: list[str] = []
        self.count = self.blank = 0
        self.first_row = 2

    @property
    def next_row(self) -> int:
        """The row number of the next row to be added."""
        return self.first_row + self.count

    def room(self) -> int:
        return self.part_rows - self.count

    def add(self, texts: list[str], rows: int, blank: int) -> TablePart | None:
        """Add ``rows`` rows written in ``texts``; the part, once it is full."""
        self.texts.extend(texts)
        self.count += rows
        self.blank += blank
        return self.flush() if self.count >= self.part_rows else None

    def flush(self) -> TablePart:
        part = TablePart(
            self.header_text + "".join(self.texts), self.first_row, self.count - self.blank
        )
        self.first_row += self.count
        self.texts = []
        self.count = self.blank = 0
        return part


def _split_csv(stream: IO[bytes], part_rows: int) -> Iterator[TablePart]:
    """Most CSV files hold one row per line: a block of such lines is split and checked
    line by line, a quoted value parsed only where a line holds one. From the first block
    where a line is not one whole row (a quoted value spanning lines, a stray quote, a bare
    carriage return), the csv module reads the rest of the file."""
    blocks, delimiter = _csv_blocks(stream)
    first_lines = io.StringIO(next(blocks)).readlines()
    reader = csv.reader(iter(first_lines), delimiter=delimiter, strict=True)
    header = _csv_header(reader)
    width = len(header)
    parts = _Parts("".join(first_lines[: reader.line_num]), part_rows)
    rest = itertools.chain(("".join(first_lines[reader.line_num :]),), blocks)
    for block in rest:
        # A block is whole lines (the file's last may have no newline); a part takes a slice
        # of the block, so the lines are only looked at, never joined again.
        lines = block.split("\n")
        if not lines[-1]:
            lines.pop()
        blank = _line_rows(block, lines, delimiter, width, parts.next_row)
        if blank is None:
            yield from _split_csv_records(itertools.chain((block,), rest), delimiter, width, parts)
            return
        index = start = 0
        while index < len(lines):
            taken = min(parts.room(), len(lines) - index)
            end = start + sum(map(len, lines[index : index + taken])) + taken  # and newlines
            part = parts.add([block[start:end]], taken, sum(blank[index : index + taken]))
            index += taken
            start = end
            if part is not None:
                yield part
    if parts.count:
        yield parts.flush()


_holds_quote = methodcaller("__contains__", '"')


def _line_rows(
    block: str, lines: list[str], delimiter: str, width: int, first_row: int
) -> list[int] | None:
    """For lines (split at newlines, without them) that are each one whole row, the first
    of them row ``first_row``: 1 for a blank row, 0 for another; None where the csv module
    must read the block. Raises ``InvalidInput`` for a value beyond the header, as the csv
    path does. The checks run over whole columns of lines (str methods mapped in C), since a
    loop in Python per line would cost more than csv itself."""
    if "\x00" in block or block.count("\r") != block.count("\r\n"):
        return None
    rows: dict[int, list[str]] = {}  # the lines that need a closer look, split into values
    quoted: list[int] = []  # lines holding a quote: split by csv, not at every delimiter
    if '"' in block:
        quoted = list(itertools.compress(range(len(lines)), map(_holds_quote, lines)))
        texts = [lines[i] for i in quoted]
        # An odd count: a value goes on past its line, or a quote is stray.
        if any(text.count('"') % 2 for text in texts):
            return None
        try:
            values = list(csv.reader(texts, delimiter=delimiter, strict=True))
        except csv.Error:
            return None
        if len(values) != len(texts):  # a quoted value ran on into another line
            return None
        if max(map(len, values)) > width or not all(map(any, values)):
            rows.update(zip(quoted, values, strict=True))
    counts = list(map(methodcaller("count", delimiter), lines))
    if max(counts, default=0) >= width:
        split_by_csv = set(quoted)
        for index, count in enumerate(counts):
            if count >= width and index not in split_by_csv:
                rows[index] = lines[index].rstrip("\r").split(delimiter)
    # A blank line holds nothing but delimiters (and a carriage return): at most one
    # character more than its delimiters, which few other lines are.
    others = list(map(operator.sub, map(len, lines), counts))
    if min(others, default=2) <= 1:
        for index, other in enumerate(others):
            if other <= 1 and not lines[index].strip(delimiter + "\r"):
                rows[index] = [""]
    blank = [0] * len(lines)
    for index, row in sorted(rows.items()):
        if len(row) > width and any(value.strip() for value in row[width:]):
            raise _beyond_header(first_row + index, width)
        if not any(row):
            blank[index] = 1
    return blank


def _split_csv_records(
    blocks: Iterator[str], delimiter: str, width: int, parts: _Parts
) -> Iterator[TablePart]:
    """The rest of a CSV file read by the csv module, a row's lines kept together."""
    taken: list[str] = []
    reader = csv.reader(_taken_lines(blocks, taken), delimiter=delimiter, strict=True)
    done = 0  # lines of ``taken`` before its first (the reader's count)
    position = parts.next_row - 1  # the row number of the row last read
    count = blank = 0
    try:
        for values in reader:
            position += 1
            count += 1
            if len(values) > width and any(value.strip() for value in values[width:]):
                raise _beyond_header(position, width)
            if not any(values):
                blank += 1
            if count == parts.room():
                end = reader.line_num - done
                part = parts.add(taken[:end], count, blank)
                del taken[:end]
                done = reader.line_num
                count = blank = 0
                if part is not None:
                    yield part
    except csv.Error as error:
        raise InvalidInput(f"the CSV is malformed: {error}", row=position + 1) from None
    parts.add(taken[: reader.line_num - done], count, blank)
    if parts.count:
        yield parts.flush()


def _split_xlsx(stream: IO[bytes], sheet: str | None, part_rows: int) -> Iterator[TablePart]:
    with _xlsx_sheet(stream, sheet) as (header, rows):
        lines = _XlsxLines(header)
        part: list[str] = []  # the part's CSV lines, a blank row between rows an empty line
        first_row = 0
        for number, cells in rows:
            line = lines.line(cells)
            if line is None:
                continue
            if part and number - first_row >= part_rows:
                yield lines.part(first_row, part)
                part = []
            if not part:
                first_row = number
            if number - first_row > len(part):
                part.extend([""] * (number - first_row - len(part)))
            part.append(line)
        if part:
            yield lines.part(first_row, part)


class _XlsxLines:
    """Sheet rows as CSV lines, the same lines ``csv.writer`` writes, at a fraction of its
    cost: most cells are text that needs no quoting, so a row is converted where a cell is
    not text (a number column's numbers first), joined, and handed to ``csv.writer`` only if
    the joined line shows a cell that needs quotes."""

    def __init__(self, header: list[str]) -> None:
        self.header = header
        self.width = len(header)
        self.numeric = [name in NUMERIC_COLUMNS for name in header]
        self.numeric_at = [index for index, numeric in enumerate(self.numeric) if numeric]
        self.blank = "," * (self.width - 1)

    def line(self, cells: list[Any]) -> str | None:
        """A row's line, or None for a blank row."""
        width = self.width
        if len(cells) != width:  # nothing beyond the header (_xlsx_sheet checked)
            cells = (cells + [""] * width)[:width]
        for index in self.numeric_at:
            if cells[index].__class__ is not str:
                cells[index] = _cell_text(_xlsx_value(cells[index], True))
        try:
            line = ",".join(cells)
        except TypeError:  # a number, date or boolean in a text column
            cells = [
                cell if cell.__class__ is str else _cell_text(_xlsx_value(cell, numeric))
                for cell, numeric in zip(cells, self.numeric, strict=True)
            ]
            line = ",".join(cells)
        if line == self.blank:  # only delimiters: every cell is empty
            return None
        if line.count(",") != width - 1 or '"' in line or "\n" in line or "\r" in line:
            return _csv_line(cells)
        return line

    def part(self, first_row: int, lines: list[str]) -> TablePart:
        text = _csv_line(self.header) + "\n" + "\n".join(lines) + "\n"
        return TablePart(text, first_row, sum(1 for line in lines if line))


def _csv_line(cells: Sequence[str]) -> str:
    """One row as ``csv.writer`` writes it, without its line end."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(cells)
    return buffer.getvalue()[:-1]


def _cell_text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return repr(value)  # a float of a numeric column: repr reads back as the same float


def read_table(part_text: str, first_row: int) -> Table:
    """A table part's text (``TablePart.text``) as a ``Table``: blank rows dropped, short
    rows filled with empty cells, empty cells beyond the header cut (the split has
    refused any that were not empty)."""
    delimiter = _delimiter(part_text.partition("\n")[0])
    rows = list(csv.reader(io.StringIO(part_text), delimiter=delimiter, strict=True))
    header = _header(rows[0], 1)
    del rows[0]
    width = len(header)
    if set(map(len, rows)) <= {width} and all(map(any, rows)):
        return Table(header, range(first_row, first_row + len(rows)), rows)
    numbers: list[int] = []
    kept: list[list[str]] = []
    for number, values in enumerate(rows, first_row):
        if any(values):
            numbers.append(number)
            kept.append((values + [""] * width)[:width])
    return Table(header, numbers, kept)


# ------------------------------------------------------------------------------------ XLSX


@contextmanager
def _xlsx_sheet(
    stream: IO[bytes], sheet: str | None
) -> Iterator[tuple[list[str], Iterator[tuple[int, list[Any]]]]]:
    """A worksheet's header, and its rows after the header as ``(row number, cells)``, each
    checked to hold nothing beyond the header's columns."""
    from python_calamine import CalamineError, CalamineWorkbook, WorksheetNotFound

    # calamine reads a zip, which needs seeking: a local copy keeps memory flat whatever
    # the stream is (an S3 body cannot seek).
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as copy:
        shutil.copyfileobj(stream, copy, _CHUNK)
        copy.flush()
        copy.seek(0)
        if copy.read(4) != _ZIP_MAGIC:
            raise InvalidInput("the file is not an XLSX workbook", row=1)
        try:
            workbook = CalamineWorkbook.from_path(copy.name)
            if sheet is None:
                worksheet = workbook.get_sheet_by_index(0)
            else:
                worksheet = workbook.get_sheet_by_name(sheet)
        except WorksheetNotFound:
            raise InvalidInput(
                "the workbook has no sheet of that name", field="sheet", sheets=workbook.sheet_names
            ) from None
        except CalamineError:
            raise InvalidInput("the file is not a readable XLSX workbook", row=1) from None
        # calamine yields rows from the sheet's first row (leading empty rows included), so
        # the index + 1 is the row number Excel shows.
        rows = enumerate(worksheet.iter_rows(), 1)
        header: list[str] | None = None
        for number, cells in rows:
            if any(cell != "" for cell in cells):
                header = _header([_header_text(cell) for cell in cells], number)
                break
        if header is None:
            raise InvalidInput("the sheet is empty: the first row must be the header", row=1)
        width = len(header)
        uncomputed = _uncomputed_formula(copy.name, sheet)
        if uncomputed is not None:
            row, column = uncomputed
            raise InvalidInput(
                "formula without a computed value: open and save the file in Excel (or"
                " LibreOffice), or paste values instead of formulas",
                row=row,
                column=header[column] if column < width else _column_letters(column),
            )

        def checked() -> Iterator[tuple[int, list[Any]]]:
            for number, cells in rows:
                if len(cells) > width and any(cell != "" for cell in cells[width:]):
                    raise _beyond_header(number, width)
                yield number, cells

        # Every row is as wide as the sheet: in a sheet no wider than its header (the usual
        # one), no row can hold a value beyond it, and no row needs looking at.
        yield header, rows if worksheet.width <= width else checked()


# The workbook's XML is scanned with patterns, never given to an XML parser: it is untrusted
# input, and only a few attributes of small elements are needed.
_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.DOTALL)
_VALUE = re.compile(rb"<(?:\w+:)?v>[^<]")
_ATTRIBUTE = re.compile(rb"""(?:^|\s)([\w:]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_SHEET = re.compile(rb"<(?:\w+:)?sheet\b([^>]*)>")
_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b([^>]*)>")
_CELL_REFERENCE = re.compile(r"([A-Z]+)(\d+)$")
_MAX_CELL_BYTES = 1 << 20


def _uncomputed_formula(path: str, sheet: str | None) -> tuple[int, int] | None:
    """``(row, column index)`` of the sheet's first formula cell that holds no computed value,
    or None. A workbook written by a script (openpyxl) and never opened in a spreadsheet
    keeps its formulas without results, which any reader sees as empty cells; a formula
    whose result is empty text is marked as text (``t="str"``) and is not one of them."""
    try:
        with zipfile.ZipFile(path) as archive:
            member = _sheet_member(archive, sheet)
            if member is None or not _has_formula(archive, member):
                return None
            with archive.open(member) as xml:
                pending = b""
                while chunk := xml.read(_CHUNK):
                    data = pending + chunk
                    done = 0
                    for cell in _CELL.finditer(data):
                        done = cell.end()
                        body = cell[2] or b""
                        if not _FORMULA_TAG.search(body) or _VALUE.search(body):
                            continue
                        attributes = _attributes(cell[1])
                        found = _CELL_REFERENCE.match(attributes.get("r", ""))
                        if attributes.get("t") != "str" and found:
                            return int(found[2]), _column_index(found[1])
                    pending = data[done:][-_MAX_CELL_BYTES:]
    except (zipfile.BadZipFile, KeyError, ValueError):
        return None  # calamine read the values; this check only adds a reason
    return None


def _attributes(text: bytes) -> dict[str, str]:
    """An element's attributes by local name (``r:id`` as ``id``), entities decoded."""
    return {
        name.decode().rpartition(":")[2]: html.unescape((double or single).decode())
        for name, double, single in _ATTRIBUTE.findall(text)
    }


def _sheet_member(archive: zipfile.ZipFile, sheet: str | None) -> str | None:
    """The zip member holding the worksheet calamine reads (the first, or the named one)."""
    sheets = [_attributes(found) for found in _SHEET.findall(archive.read("xl/workbook.xml"))]
    chosen = next((entry for entry in sheets if sheet is None or entry.get("name") == sheet), None)
    if chosen is None:
        return None
    relations = archive.read("xl/_rels/workbook.xml.rels")
    for relation in map(_attributes, _RELATIONSHIP.findall(relations)):
        if relation.get("Id") == chosen.get("id"):
            target = relation.get("Target", "")
            if target.startswith("/"):
                return target.lstrip("/")
            return posixpath.normpath(posixpath.join("xl", target))
    return None


def _has_formula(archive: zipfile.ZipFile, member: str) -> bool:
    """Whether the member's XML has a formula element at all (a scan, no parse)."""
    tail = b""
    with archive.open(member) as xml:
        while chunk := xml.read(_CHUNK):
            if _FORMULA_TAG.search(tail + chunk):
                return True
            tail = chunk[-16:]
    return False


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1


def _column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def _xlsx_rows(stream: IO[bytes], sheet: str | None) -> Iterator[tuple[int, Row]]:
    with _xlsx_sheet(stream, sheet) as (header, rows):
        kinds = [name in NUMERIC_COLUMNS for name in header]
        for number, cells in rows:
            row: Row = {}
            for name, numeric, cell in zip(header, kinds, cells, strict=False):
                if cell.__class__ is str:  # most cells: text, kept as it is (empty: absent)
                    if cell:
                        row[name] = cell
                    continue
                value = _xlsx_value(cell, numeric)
                if value is not None:
                    row[name] = value
            if row:
                yield number, row


def _header_text(cell: object) -> str:
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


def _xlsx_value(cell: object, numeric: bool) -> Cell:
    """One calamine cell as the engine reads it (see NUMERIC_COLUMNS)."""
    if isinstance(cell, str):
        return cell or None
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, int | float):
        if numeric:
            return float(cell)
        if isinstance(cell, int) or (cell.is_integer() and abs(cell) < 1e15):
            return str(int(cell))
        return repr(cell)
    if isinstance(cell, datetime):
        if cell.time() == datetime.min.time():
            return cell.date().isoformat()
        return cell.isoformat()
    if isinstance(cell, date):
        return cell.isoformat()
    return str(cell)


# ------------------------------------------------------------------------------------ JSON

_DECODER = json.JSONDecoder()
_WHITESPACE = " \t\n\r"


class _Text:
    """UTF-8 text read from a byte stream in chunks, kept only from the reading position on."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream
        self._decoder = codecs.getincrementaldecoder("utf-8")("strict")
        self.buffer = ""
        self.position = 0
        self.eof = False
        self.record = 1  # the record being read, for error messages

    def more(self) -> bool:
        """Read another chunk; False at the end of the stream."""
        if self.eof:
            return False
        chunk = self._stream.read(_CHUNK)
        try:
            text = self._decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError:
            raise InvalidInput(_NOT_UTF8, row=self.record) from None
        if not chunk:
            self.eof = True
        if self.position > _CHUNK:
            self.buffer = self.buffer[self.position :]
            self.position = 0
        self.buffer += text
        return True

    def next_char(self) -> str:
        """The next non-whitespace character, not consumed; "" at the end."""
        while True:
            buffer, position = self.buffer, self.position
            while position < len(buffer) and buffer[position] in _WHITESPACE:
                position += 1
            self.position = position
            if position < len(buffer):
                return buffer[position]
            if not self.more():
                return ""


def _json_rows(stream: IO[bytes]) -> Iterator[tuple[int, Row]]:
    text = _Text(stream)
    text.more()
    text.buffer = text.buffer.removeprefix("\ufeff")
    first = text.next_char()
    if first == "[":
        text.position += 1
        return _json_list(text)
    if first == "{":
        return _json_lines(text)
    raise InvalidInput("JSON uploads are a list of records or JSON Lines", row=1)


def _json_list(text: _Text) -> Iterator[tuple[int, Row]]:
    if text.next_char() == "]":
        text.position += 1
        _expect_end(text)
        return
    while True:
        if text.next_char() != "{":
            raise InvalidInput("each record must be a JSON object", row=text.record)
        record = _decode_object(text)
        yield text.record, _json_record(record, text.record)
        text.record += 1
        separator = text.next_char()
        text.position += 1
        if separator == "]":
            _expect_end(text)
            return
        if separator != ",":
            raise InvalidInput("the JSON list is malformed after this record", row=text.record - 1)


def _decode_object(text: _Text) -> object:
    while True:
        try:
            value, end = _DECODER.raw_decode(text.buffer, text.position)
        except json.JSONDecodeError as error:
            if len(text.buffer) - text.position > _MAX_JSON_RECORD_CHARS or not text.more():
                raise InvalidInput(f"the JSON is malformed: {error.msg}", row=text.record) from None
            continue
        text.position = end
        return value


def _expect_end(text: _Text) -> None:
    if text.next_char():
        raise InvalidInput("unexpected data after the JSON list", row=max(text.record - 1, 1))


def _json_lines(text: _Text) -> Iterator[tuple[int, Row]]:
    line = 1
    while True:
        buffer = text.buffer
        newline = buffer.find("\n", text.position)
        if newline < 0 and not text.eof:
            if len(buffer) - text.position > _MAX_JSON_RECORD_CHARS:
                raise InvalidInput("a JSON line is too long", row=line)
            text.more()
            continue
        end = len(buffer) if newline < 0 else newline
        content = buffer[text.position : end].strip()
        text.position = end + 1
        if content:
            text.record = line
            try:
                record = json.loads(content)
            except json.JSONDecodeError as error:
                raise InvalidInput(f"the JSON line is malformed: {error.msg}", row=line) from None
            if not isinstance(record, dict):
                raise InvalidInput("each line must be a JSON object", row=line)
            yield line, _json_record(record, line)
        if newline < 0:
            return
        line += 1


def _json_record(record: object, row: int) -> Row:
    if not isinstance(record, dict):
        raise InvalidInput("each record must be a JSON object", row=row)
    for column, value in record.items():
        if isinstance(value, dict | list):
            raise InvalidInput(
                "a value must be text, a number or null", row=row, column=str(column)
            )
    return record
