"""CSV and XLSX files split into parts of CSV text, checked as a whole file, and a part read
back as a table."""

from __future__ import annotations

import csv
import io
import itertools
import operator
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from operator import methodcaller
from typing import IO, Any

from footprint.domain.errors import InvalidInput
from footprint.domain.uploads.parsing.csv_text import (
    csv_blocks,
    csv_header,
    delimiter_of,
    taken_lines,
)
from footprint.domain.uploads.parsing.formats import FileFormat
from footprint.domain.uploads.parsing.rows import (
    NUMERIC_COLUMNS,
    Cell,
    Row,
    beyond_header,
    checked_header,
)
from footprint.domain.uploads.parsing.workbook import xlsx_sheet, xlsx_value


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
    blocks, delimiter = csv_blocks(stream)
    first_lines = io.StringIO(next(blocks)).readlines()
    reader = csv.reader(iter(first_lines), delimiter=delimiter, strict=True)
    header = csv_header(reader)
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
            raise beyond_header(first_row + index, width)
        if not any(row):
            blank[index] = 1
    return blank


def _split_csv_records(
    blocks: Iterator[str], delimiter: str, width: int, parts: _Parts
) -> Iterator[TablePart]:
    """The rest of a CSV file read by the csv module, a row's lines kept together."""
    taken: list[str] = []
    reader = csv.reader(taken_lines(blocks, taken), delimiter=delimiter, strict=True)
    done = 0  # lines of ``taken`` before its first (the reader's count)
    position = parts.next_row - 1  # the row number of the row last read
    count = blank = 0
    try:
        for values in reader:
            position += 1
            count += 1
            if len(values) > width and any(value.strip() for value in values[width:]):
                raise beyond_header(position, width)
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
    with xlsx_sheet(stream, sheet) as (header, rows):
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
        if len(cells) != width:  # nothing beyond the header (xlsx_sheet checked)
            cells = (cells + [""] * width)[:width]
        for index in self.numeric_at:
            if cells[index].__class__ is not str:
                cells[index] = _cell_text(xlsx_value(cells[index], True))
        try:
            line = ",".join(cells)
        except TypeError:  # a number, date or boolean in a text column
            cells = [
                cell if cell.__class__ is str else _cell_text(xlsx_value(cell, numeric))
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
    delimiter = delimiter_of(part_text.partition("\n")[0])
    rows = list(csv.reader(io.StringIO(part_text), delimiter=delimiter, strict=True))
    header = checked_header(rows[0], 1)
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
