"""The upload formats: which one a file is, and reading any of them row by row."""

from __future__ import annotations

from collections.abc import Iterator
from enum import StrEnum
from pathlib import PurePosixPath
from typing import IO

from footprint.domain.errors import InvalidInput
from footprint.domain.uploads.parsing.csv_text import csv_rows
from footprint.domain.uploads.parsing.json_records import json_rows
from footprint.domain.uploads.parsing.rows import Row
from footprint.domain.uploads.parsing.workbook import xlsx_rows


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
        return csv_rows(stream)
    if fmt is FileFormat.XLSX:
        return xlsx_rows(stream, sheet)
    return json_rows(stream)
