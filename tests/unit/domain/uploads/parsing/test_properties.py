"""Whatever bytes a tenant uploads, the parsers answer rows or ``InvalidInput``: never another
exception, which the workflow would report as a failure of ours rather than a row to fix."""

from __future__ import annotations

import contextlib
import io
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from footprint.domain.errors import InvalidInput
from footprint.domain.uploads.parsing import FileFormat, iter_rows, read_table, split_table

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _made_of(*fragments: bytes) -> st.SearchStrategy[bytes]:
    return st.lists(st.sampled_from(fragments), max_size=60).map(b"".join)


# Bytes near the formats' own shapes reach further into the parsers than noise does.
_CSV_LIKE = _made_of(
    b"facility", b"quantity", b",", b";", b"\t", b'"', b"\n", b"\r\n", b"12.5",
    b"\xef\xbb\xbf", b"\xff", b"=SUM(A1)", b"2024-01", b"", b"\x00",
)  # fmt: skip
_JSON_LIKE = _made_of(
    b"[", b"]", b"{", b"}", b'"facility"', b":", b",", b"1e999", b"NaN", b"\n", b"null",
    b'"\\ud800"', b"true", b"\xff", b" ",
)  # fmt: skip
ANY_BYTES = st.one_of(st.binary(max_size=2048), _CSV_LIKE, _JSON_LIKE)


def _zip_with(member: str, content: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(member, content)
    return buffer.getvalue()


# A ZIP container with arbitrary parts: what gets past the first check of an XLSX reader.
_XLSX_LIKE = st.builds(
    _zip_with,
    st.sampled_from(["[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml"]),
    st.binary(max_size=512),
)


def _consume(rows: object) -> None:
    for _ in rows:  # type: ignore[attr-defined]
        pass


@FUZZ
@given(ANY_BYTES, st.sampled_from(list(FileFormat)))
def test_reading_any_bytes_answers_rows_or_invalid_input(data: bytes, fmt: FileFormat) -> None:
    with contextlib.suppress(InvalidInput):
        _consume(iter_rows(io.BytesIO(data), fmt))


@FUZZ
@given(st.one_of(ANY_BYTES, _XLSX_LIKE), st.sampled_from([FileFormat.CSV, FileFormat.XLSX]))
def test_splitting_any_bytes_answers_parts_or_invalid_input(data: bytes, fmt: FileFormat) -> None:
    try:
        for part in split_table(io.BytesIO(data), fmt, part_rows=3):
            _consume(read_table(part.text, part.first_row).records())
    except InvalidInput:
        pass


@FUZZ
@given(_XLSX_LIKE)
def test_reading_any_zip_as_a_workbook_answers_rows_or_invalid_input(data: bytes) -> None:
    with contextlib.suppress(InvalidInput):
        _consume(iter_rows(io.BytesIO(data), FileFormat.XLSX))
