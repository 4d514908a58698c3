"""JSON uploads, a list or JSON lines: read like the CSV, in pieces, with the record named in a
refusal."""

from __future__ import annotations

import codecs
import json

import pytest

from footprint.domain.uploads.parsing import FileFormat
from tests.support.parsing import refusal_of, rows_of, template_records


def test_json_list_and_json_lines_read_like_the_csv() -> None:
    records = template_records()
    listed = rows_of(json.dumps(records, indent=2).encode(), FileFormat.JSON)
    assert [number for number, _ in listed] == list(range(1, 8))
    assert [row for _, row in listed] == records
    lines = "\n".join(json.dumps(record) for record in records).encode()
    assert rows_of(lines, FileFormat.JSON) == listed


def test_json_list_is_read_in_pieces() -> None:
    records = [{"facility": f"site {index}", "quantity": index} for index in range(20_000)]
    rows = rows_of(codecs.BOM_UTF8 + json.dumps(records).encode(), FileFormat.JSON)
    assert len(rows) == 20_000
    assert rows[-1] == (20_000, {"facility": "site 19999", "quantity": 19999})


def test_json_lines_skip_blank_lines_and_number_by_line() -> None:
    data = b'{"facility": "a"}\n\n{"facility": "b"}\n'
    assert rows_of(data, FileFormat.JSON) == [(1, {"facility": "a"}), (3, {"facility": "b"})]


def test_empty_json_list_has_no_rows() -> None:
    assert rows_of(b" [ ] ", FileFormat.JSON) == []


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
    assert refusal_of(data, FileFormat.JSON).details["row"] == row


def test_nested_json_value_names_its_column() -> None:
    error = refusal_of(b'[{"reference": [1, 2]}]', FileFormat.JSON)
    assert error.details == {"row": 1, "column": "reference"}
