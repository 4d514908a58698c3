"""Where a DynamoDB export's items are, in the layout AWS writes and in the one moto writes.

AWS writes, under ``<prefix>/AWSDynamoDB/<export id>/``:

- ``manifest-summary.json``: one JSON object; ``itemCount`` is the number of items exported
  and ``manifestFilesS3Key`` names the file list;
- ``manifest-files.json``: one JSON object per line, one per data file, with ``itemCount``,
  ``md5Checksum`` (base64 MD5 of the object) and ``dataFileS3Key``;
- ``data/<name>.json.gz``: gzip'd lines ``{"Item": {<typed attributes>}}``.

moto writes only ``<prefix>/AWSDynamoDB/<id>/data/<name>.gz`` (the same line format) and no
manifests. Both are read here, so restores work from real backups and are testable locally;
with manifests, every data file is checked against its MD5 and item count.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from footprint.domain.backup.checksum import Item

SUMMARY_NAME = "manifest-summary.json"
_DATA_KEY = re.compile(r"^(?P<root>.*/?AWSDynamoDB/[^/]+)/data/[^/]+\.gz$")

Layout = Literal["aws", "moto"]


class ExportUnreadable(ValueError):
    """The objects under a backup's prefix are not a complete, intact export."""


@dataclass(frozen=True)
class DataFile:
    key: str
    item_count: int | None = None  # from manifest-files.json; None in moto's layout
    md5: str | None = None  # base64 MD5 of the object, from manifest-files.json


@dataclass(frozen=True)
class ExportFiles:
    """One export: its layout, its root folder, the items it claims and its data files."""

    layout: Layout
    root: str
    item_count: int | None
    data_files: tuple[DataFile, ...]


def _join(prefix: str, key: str) -> str:
    """Manifests name data files from the bucket root; tolerate ones relative to the prefix."""
    if not prefix or key.startswith(prefix.rstrip("/") + "/"):
        return key
    return f"{prefix.rstrip('/')}/{key}"


def parse_summary(text: str) -> dict[str, Any]:
    try:
        summary = json.loads(text)
    except json.JSONDecodeError as error:
        raise ExportUnreadable(f"{SUMMARY_NAME} is not JSON: {error.msg}") from None
    if not isinstance(summary, dict) or "itemCount" not in summary:
        raise ExportUnreadable(f"{SUMMARY_NAME} has no itemCount")
    return summary


def parse_manifest_files(text: str, prefix: str) -> tuple[DataFile, ...]:
    files = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
            files.append(
                DataFile(
                    key=_join(prefix, str(entry["dataFileS3Key"])),
                    item_count=int(entry["itemCount"]),
                    md5=entry.get("md5Checksum"),
                )
            )
        except (json.JSONDecodeError, KeyError, TypeError, ValueError):
            raise ExportUnreadable(f"manifest-files.json line {number} is malformed") from None
    return tuple(files)


def locate(keys: Iterable[str], prefix: str, read_text: Callable[[str], str]) -> ExportFiles:
    """The one export under ``prefix``, given every object key there.

    A prefix holds exactly one export (the workflow gives each attempt its own prefix):
    more than one is refused rather than guessed between.
    """
    listed = sorted(keys)
    summaries = [key for key in listed if key.endswith("/" + SUMMARY_NAME)]
    if len(summaries) > 1:
        raise ExportUnreadable(f"{len(summaries)} exports under {prefix!r}; expected one")
    if summaries:
        root = summaries[0].rsplit("/", 1)[0]
        summary = parse_summary(read_text(summaries[0]))
        files_key = summary.get("manifestFilesS3Key") or f"{root}/manifest-files.json"
        data_files = parse_manifest_files(read_text(_join(prefix, files_key)), prefix)
        item_count = int(summary["itemCount"])
        claimed = sum(entry.item_count or 0 for entry in data_files)
        if claimed != item_count:
            raise ExportUnreadable(f"manifest files list {claimed} items, the summary {item_count}")
        return ExportFiles("aws", root, item_count, data_files)
    roots = {match["root"] for key in listed if (match := _DATA_KEY.match(key))}
    if len(roots) > 1:
        raise ExportUnreadable(f"{len(roots)} exports under {prefix!r}; expected one")
    if not roots:
        raise ExportUnreadable(f"no export under {prefix!r}")
    root = roots.pop()
    data = tuple(DataFile(key) for key in listed if key.startswith(root + "/data/"))
    return ExportFiles("moto", root, None, data)


def items_in(data_file: DataFile, body: bytes) -> list[Item]:
    """The items of one data file, after checking its MD5 and item count where known."""
    if data_file.md5 is not None:
        digest = hashlib.md5(body, usedforsecurity=False).digest()
        if data_file.md5 not in (base64.b64encode(digest).decode("ascii"), digest.hex()):
            raise ExportUnreadable(f"{data_file.key}: MD5 does not match the manifest")
    try:
        text = gzip.decompress(body).decode("utf-8")
    except (OSError, EOFError, UnicodeDecodeError):
        raise ExportUnreadable(f"{data_file.key}: not a gzip'd UTF-8 file") from None
    items: list[Item] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)["Item"]
        except (json.JSONDecodeError, KeyError, TypeError):
            raise ExportUnreadable(f"{data_file.key} line {number} is not an item") from None
        if not isinstance(item, dict):
            raise ExportUnreadable(f"{data_file.key} line {number} is not an item")
        items.append(item)
    if data_file.item_count is not None and data_file.item_count != len(items):
        raise ExportUnreadable(
            f"{data_file.key}: {len(items)} items, the manifest says {data_file.item_count}"
        )
    return items


def read_items(export: ExportFiles, read_bytes: Callable[[str], bytes]) -> Iterator[Item]:
    """Every item of ``export``, file by file (one file in memory at a time)."""
    for data_file in export.data_files:
        yield from items_in(data_file, read_bytes(data_file.key))


def _client_value(value: Mapping[str, Any]) -> dict[str, Any]:
    ((kind, raw),) = value.items()
    match kind:
        case "B":
            return {"B": base64.b64decode(raw)}
        case "BS":
            return {"BS": [base64.b64decode(item) for item in raw]}
        case "L":
            return {"L": [_client_value(item) for item in raw]}
        case "M":
            return {"M": client_item(raw)}
    return {kind: raw}


def client_item(item: Item) -> dict[str, Any]:
    """An exported item as the low-level client writes it: export files spell binary values
    as base64 text, which the client would otherwise encode a second time."""
    return {name: _client_value(value) for name, value in item.items()}
