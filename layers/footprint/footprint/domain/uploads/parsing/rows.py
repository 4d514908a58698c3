"""What every format reads into (rows of cells), the rules every header follows, and what
the format readers share."""

from __future__ import annotations

from footprint.domain.activity import check_columns
from footprint.domain.errors import InvalidInput

# A cell's value: text (CSV always, XLSX/JSON text), a number (XLSX/JSON numeric cells; JSON
# integers and booleans pass as they are, for the engine to judge), or None (empty / null).
Cell = str | float | None
Row = dict[str, Cell]

# Columns the engine reads as numbers: an XLSX number there stays a float. Everywhere else a
# number is text to the engine (NAICS 331110, model year 2019), so it is written as text.
NUMERIC_COLUMNS = frozenset({"quantity", "distance", "supplier_factor"})

# Bytes read from an upload's stream at a time.
READ_CHUNK = 1 << 16
# How a zip file (an XLSX workbook) begins.
ZIP_MAGIC = b"PK\x03\x04"
SAVE_AS_UTF8 = "save it as 'CSV UTF-8' (or JSON) and upload again"
NOT_UTF8 = f"the file is not UTF-8 text: {SAVE_AS_UTF8}"


def checked_header(names: list[str], row: int) -> list[str]:
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


def beyond_header(row: int, width: int) -> InvalidInput:
    return InvalidInput(
        f"row {row} has a value beyond the header's {width} columns",
        row=row,
        column_number=width + 1,
    )
