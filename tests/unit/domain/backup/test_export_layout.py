"""Reading an export in AWS's layout (manifests, written here by hand as AWS writes them) and
in moto's (bare data files), and refusing damaged or ambiguous ones."""

from __future__ import annotations

import gzip
import json

import pytest

from footprint.domain.backup.checksum import fingerprint
from footprint.domain.backup.export_layout import (
    ExportUnreadable,
    client_item,
    locate,
    read_items,
)
from tests.support.backup import ITEMS, PREFIX, ROOT, aws_export, gz, moto_export


def _read(objects: dict[str, bytes]) -> list[dict]:
    export = locate(objects, PREFIX, lambda key: objects[key].decode())
    return list(read_items(export, objects.__getitem__))


def test_aws_layout_is_read_through_its_manifests() -> None:
    objects = aws_export()
    export = locate(objects, PREFIX, lambda key: objects[key].decode())
    assert export.layout == "aws"
    assert export.root == ROOT
    assert export.item_count == 7
    assert [f.item_count for f in export.data_files] == [4, 3]
    assert fingerprint(_read(objects)) == fingerprint(ITEMS)


def test_aws_manifest_keys_relative_to_the_prefix_are_accepted() -> None:
    objects = aws_export()
    text = objects[f"{ROOT}/manifest-files.json"].decode().replace(f"{PREFIX}/", "")
    objects[f"{ROOT}/manifest-files.json"] = text.encode()
    assert fingerprint(_read(objects)) == fingerprint(ITEMS)


def test_moto_layout_is_read_without_manifests() -> None:
    objects = moto_export()
    export = locate(objects, PREFIX, lambda key: objects[key].decode())
    assert (export.layout, export.item_count) == ("moto", None)
    assert fingerprint(_read(objects)) == fingerprint(ITEMS)


def test_a_data_file_changed_after_export_fails_its_md5() -> None:
    objects = aws_export()
    key = f"{ROOT}/data/abcdefghij.json.gz"
    objects[key] = gz([*ITEMS[:3], {"pk": {"S": "forged"}}])
    with pytest.raises(ExportUnreadable, match="MD5"):
        _read(objects)


def test_a_file_holding_other_than_its_manifest_count_is_refused() -> None:
    objects = aws_export()
    lines = objects[f"{ROOT}/manifest-files.json"].decode().splitlines()
    first = json.loads(lines[0])
    first["itemCount"], first["md5Checksum"] = 5, None
    second = json.loads(lines[1])
    second["itemCount"] = 2
    objects[f"{ROOT}/manifest-files.json"] = f"{json.dumps(first)}\n{json.dumps(second)}\n".encode()
    with pytest.raises(ExportUnreadable, match="4 items, the manifest says 5"):
        _read(objects)


def test_manifests_that_disagree_are_refused() -> None:
    objects = aws_export()
    summary = json.loads(objects[f"{ROOT}/manifest-summary.json"])
    summary["itemCount"] = 8
    objects[f"{ROOT}/manifest-summary.json"] = json.dumps(summary).encode()
    with pytest.raises(ExportUnreadable, match="list 7 items, the summary 8"):
        _read(objects)


@pytest.mark.parametrize(
    ("objects", "message"),
    [
        ({}, "no export"),
        ({**moto_export(), f"{PREFIX}/AWSDynamoDB/other/data/x.gz": b""}, "2 exports"),
        ({f"{PREFIX}/AWSDynamoDB/x/data/y.gz": b"not gzip"}, "not a gzip"),
        ({f"{PREFIX}/AWSDynamoDB/x/data/y.gz": gzip.compress(b'{"NotItem": 1}\n')}, "not an item"),
    ],
)
def test_missing_ambiguous_or_damaged_exports_are_refused(objects: dict, message: str) -> None:
    with pytest.raises(ExportUnreadable, match=message):
        _read(objects)


def test_exported_binary_is_decoded_for_the_client() -> None:
    exported = {
        "b": {"B": "AAE="},
        "m": {"M": {"s": {"BS": ["AQ=="]}, "l": {"L": [{"B": "Ag=="}]}}},
    }
    assert client_item(exported) == {
        "b": {"B": b"\x00\x01"},
        "m": {"M": {"s": {"BS": [b"\x01"]}, "l": {"L": [{"B": b"\x02"}]}}},
    }
    assert fingerprint([client_item(exported)]) == fingerprint([exported])
