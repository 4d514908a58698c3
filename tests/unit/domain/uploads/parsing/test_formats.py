"""Which format an upload is, from its name and content type."""

from __future__ import annotations

import pytest

from footprint.domain.errors import InvalidInput
from footprint.domain.uploads.parsing import FileFormat, detect_format


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
