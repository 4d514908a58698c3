"""A calculation's files in S3 (through ``TenantObjects``): the parts the validate step
splits a file into, each part's results and aggregates.

Every write here is idempotent: a part's records, results and aggregates are objects with
fixed keys (``footprint.domain.object_keys``) and deterministic content, so a step retried
after a timeout rewrites the same bytes and nothing counts twice.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterable, Iterator
from typing import Any

import orjson

from footprint.adapters.tenant_objects import TenantObjects
from footprint.domain import object_keys
from footprint.domain.uploads.parsing import TablePart, read_table


def _gzip(data: bytes) -> bytes:
    # mtime=0 keeps the gzip header free of the time, so a rewrite is byte-identical.
    # Level 3 is zlib's last fast-deflate level: three times level 5's speed on results for
    # files half as large again; a part's compression time matters more than its bytes.
    return gzip.compress(data, compresslevel=3, mtime=0)


def write_jsonl_gz(objects: TenantObjects, key: str, records: Iterable[Any]) -> int:
    """Write ``records`` as gzip'd JSON lines; deterministic bytes for the same records.
    orjson encodes four times faster than the standard library, with the same shortest
    round-trip floats."""
    lines = [orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE) for record in records]
    objects.put(key, _gzip(b"".join(lines)), "application/x-ndjson", ContentEncoding="gzip")
    return len(lines)


def read_jsonl_gz(objects: TenantObjects, key: str) -> Iterator[Any]:
    for line in gzip.decompress(objects.get(key)["Body"].read()).splitlines():
        if line:
            yield orjson.loads(line)


def write_json_gz(objects: TenantObjects, key: str, document: Any) -> None:
    objects.put(key, _gzip(orjson.dumps(document)), "application/json", ContentEncoding="gzip")


def read_json_gz(objects: TenantObjects, key: str) -> Any:
    return orjson.loads(gzip.decompress(objects.get(key)["Body"].read()))


def write_table_part(objects: TenantObjects, key: str, part: TablePart) -> None:
    """A table part as CSV text, its first row number kept in the object's metadata."""
    objects.put(
        key,
        part.text.encode("utf-8"),
        "text/csv; charset=utf-8",
        Metadata={"first-row": str(part.first_row), "rows": str(part.rows)},
    )


def read_table_part(objects: TenantObjects, key: str) -> TablePart:
    answer = objects.get(key)
    metadata = answer.get("Metadata", {})
    return TablePart(
        answer["Body"].read().decode("utf-8"), int(metadata["first-row"]), int(metadata["rows"])
    )


def read_part_records(objects: TenantObjects, key: str) -> list[tuple[int, Any]]:
    """A part's records as (row number in the file, record): a table part's rows, or a JSON
    part's records, as the calculate step reads them."""
    if key.endswith(object_keys.TABLE_PART):
        part = read_table_part(objects, key)
        return list(read_table(part.text, part.first_row).records())
    return [(int(row), record) for row, record in read_jsonl_gz(objects, key)]


def parts_keys(objects: TenantObjects, upload_id: str, calculation_id: str) -> list[str]:
    return objects.list_keys(object_keys.parts_prefix(objects.context, upload_id, calculation_id))


def write_json(objects: TenantObjects, key: str, document: Any) -> None:
    objects.put(key, orjson.dumps(document, option=orjson.OPT_SORT_KEYS), "application/json")


def read_json(objects: TenantObjects, key: str) -> Any:
    return orjson.loads(objects.get(key)["Body"].read())


def results_keys(objects: TenantObjects, upload_id: str, calculation_id: str) -> list[str]:
    return objects.list_keys(object_keys.results_prefix(objects.context, upload_id, calculation_id))


def keep_results_only(objects: TenantObjects, upload_id: str, calculation_id: str) -> int:
    """Delete every version of a superseded calculation's parts and aggregates, keeping its
    per-line results (what a comparison of calculations reads); answers how many."""
    return sum(
        objects.delete_versions(prefix(objects.context, upload_id, calculation_id))
        for prefix in (object_keys.parts_prefix, object_keys.aggregates_prefix)
    )
