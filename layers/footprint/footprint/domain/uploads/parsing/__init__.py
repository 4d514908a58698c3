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

from footprint.domain.uploads.parsing.formats import (
    UPLOAD_MEDIA_TYPES,
    XLSX_CONTENT_TYPE,
    FileFormat,
    detect_format,
    iter_rows,
)
from footprint.domain.uploads.parsing.parts import Table, TablePart, read_table, split_table
from footprint.domain.uploads.parsing.rows import NUMERIC_COLUMNS, Cell, Row

__all__ = [
    "NUMERIC_COLUMNS",
    "UPLOAD_MEDIA_TYPES",
    "XLSX_CONTENT_TYPE",
    "Cell",
    "FileFormat",
    "Row",
    "Table",
    "TablePart",
    "detect_format",
    "iter_rows",
    "read_table",
    "split_table",
]
