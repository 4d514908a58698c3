"""XLSX: a worksheet's header and rows (python-calamine), and the check for formulas saved
without a computed value."""

from __future__ import annotations

import html
import posixpath
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import IO, Any

from footprint.domain.errors import InvalidInput
from footprint.domain.uploads.parsing.rows import (
    NUMERIC_COLUMNS,
    READ_CHUNK,
    ZIP_MAGIC,
    Cell,
    Row,
    beyond_header,
    checked_header,
)


@contextmanager
def xlsx_sheet(
    stream: IO[bytes], sheet: str | None
) -> Iterator[tuple[list[str], Iterator[tuple[int, list[Any]]]]]:
    """A worksheet's header, and its rows after the header as ``(row number, cells)``, each
    checked to hold nothing beyond the header's columns."""
    from python_calamine import CalamineError, CalamineWorkbook, WorksheetNotFound

    # calamine reads a zip, which needs seeking: a local copy keeps memory flat whatever
    # the stream is (an S3 body cannot seek).
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as copy:
        shutil.copyfileobj(stream, copy, READ_CHUNK)
        copy.flush()
        copy.seek(0)
        if copy.read(4) != ZIP_MAGIC:
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
                header = checked_header([_header_text(cell) for cell in cells], number)
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
                    raise beyond_header(number, width)
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
                while chunk := xml.read(READ_CHUNK):
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
        while chunk := xml.read(READ_CHUNK):
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


def xlsx_rows(stream: IO[bytes], sheet: str | None) -> Iterator[tuple[int, Row]]:
    with xlsx_sheet(stream, sheet) as (header, rows):
        kinds = [name in NUMERIC_COLUMNS for name in header]
        for number, cells in rows:
            row: Row = {}
            for name, numeric, cell in zip(header, kinds, cells, strict=False):
                if cell.__class__ is str:  # most cells: text, kept as it is (empty: absent)
                    if cell:
                        row[name] = cell
                    continue
                value = xlsx_value(cell, numeric)
                if value is not None:
                    row[name] = value
            if row:
                yield number, row


def _header_text(cell: object) -> str:
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


def xlsx_value(cell: object, numeric: bool) -> Cell:
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
