"""A tenant's emission aggregates in DynamoDB: what every summary and export sums.

Aggregate items are put (not incremented) under keys that name their calculation, so a step
retried after a timeout rewrites the same items and nothing counts twice. They become visible
only through the upload's ``current_calculation`` and the index of published calculations
(``footprint.adapters.published_index``), which the publish step sets once every part is in.

The index's month entries live among shard 0's aggregates (``month_entry_sort``), so the one
range query a summary makes of that shard answers both its months' aggregates and which
calculations of those months are published. Their form is kept here, beside the aggregates'
own, because the two must never meet: an aggregate's sort key has four parts, an entry's two.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import orjson
from boto3.dynamodb.conditions import Key

from footprint.adapters.aws import projection, tenant_table
from footprint.domain import keys
from footprint.domain.inventory import KEY_DIMENSIONS, AggregateKey, SummedAggregates
from footprint.domain.tenancy import TenantContext

# A tenant's aggregates are spread over shards by facility, so one busy tenant writes to
# several partitions instead of one (each takes ~1,000 writes/s); within a shard the sort key
# begins with the month, so a summary over any span of months is one range query a shard.
AGGREGATE_SHARDS = 4
# The shard whose partition also holds the month entries of the index.
INDEX_SHARD = 0
# What a read of aggregates needs of each item (the keys only say where it is kept). An index
# entry has the first two and no ``aggregates``.
AGGREGATE_ATTRIBUTES = ("upload_id", "calculation_id", "aggregates")
# Begins an index entry's second sort-key part: sorts before every character an upload id
# (``[0-9a-f]``) begins with, so a month's entries come first in its range.
_ENTRY_MARK = "!"
# Aggregates of one shard and month are packed into items of at most this many bytes of
# JSON: well inside DynamoDB's 400 KB item limit, and few items for a summary to read.
_PACKED_BYTES = 256 * 1024


def _shard(facility: str) -> int:
    return int(hashlib.sha256(facility.encode("utf-8")).hexdigest()[:8], 16) % AGGREGATE_SHARDS


def shard_partition(shard: int) -> tuple[str, ...]:
    """The key parts of a shard's partition (``TENANT#t#AGG#<shard>``)."""
    return ("AGG", str(shard))


def month_entry_sort(month: str, upload_id: str) -> tuple[str, ...]:
    """The sort key parts of an index entry in ``INDEX_SHARD``'s partition:
    ``<month>#!<upload id>``, inside the month's range of aggregates (``<month>#<upload
    id>#<calculation>#<pack>``) and never equal to one of them (two parts, not four)."""
    return (month, _ENTRY_MARK + upload_id)


class AggregateStore:
    """A tenant's aggregates: items ``TENANT#t#AGG#<shard>`` sorted by
    ``<month>#<upload>#<calculation>#<pack>``, each a pack of the month's aggregates of the
    facilities in that shard (shard 0's partition also holds the index's month entries).

    An aggregate is read whole and never queried inside, so a pack is one compact JSON
    table (``SummedAggregates.table``, the form parts hand the aggregate step too) rather than
    nested DynamoDB maps: a fifth of the bytes, floats kept exactly (no
    detour through Decimal). An upload of a year over hundreds of facilities is then a few
    dozen items to write and to read, not thousands.
    """

    def __init__(self, context: TenantContext) -> None:
        self.context = context
        self.table = tenant_table(context.tenant_id, context.grant)

    def _pk(self, shard: int) -> str:
        return keys.tenant_key(self.context, *shard_partition(shard))

    def write(self, upload_id: str, calculation_id: str, aggregates: SummedAggregates) -> int:
        """Write the calculation's aggregates; answers how many items hold them."""
        by_place: dict[tuple[int, str], list[AggregateKey]] = {}
        for key in sorted(aggregates.sums):
            by_place.setdefault((_shard(key.facility), key.month), []).append(key)
        items = 0
        with self.table.batch_writer(overwrite_by_pkeys=["pk", "sk"]) as batch:
            for (shard, month), place in by_place.items():
                for pack, body in enumerate(_packs(aggregates, place)):
                    sort = (month, upload_id, calculation_id, f"{pack:05d}")
                    batch.put_item(
                        Item={
                            "pk": self._pk(shard),
                            "sk": keys.escape_sort(sort),
                            "upload_id": upload_id,
                            "calculation_id": calculation_id,
                            "aggregates": body,
                        }
                    )
                    items += 1
        return items

    def _query(self, shard: int, condition: Any, *attributes: str) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        arguments: dict[str, Any] = {
            "KeyConditionExpression": Key("pk").eq(self._pk(shard)) & condition,
            **projection(*attributes),
        }
        while True:
            page = self.table.query(**arguments)
            items.extend(page["Items"])
            if "LastEvaluatedKey" not in page:
                return items
            arguments["ExclusiveStartKey"] = page["LastEvaluatedKey"]

    def _published_items(
        self, first: str, last: str, published_by_year: Callable[[], set[tuple[str, str]]]
    ) -> list[dict[str, Any]]:
        """The items of the months ``first`` to ``last`` (``YYYY-MM``, both included) that
        hold aggregates of a published (upload, calculation): those the index's month entries
        name (read with shard 0's aggregates) and those ``published_by_year`` answers (long
        uploads, indexed by year; it runs beside the shards' queries)."""
        # "~" sorts after every character an escaped sort-key part begins with.
        span = Key("sk").between(f"{first}#", f"{last}#~")
        with ThreadPoolExecutor(max_workers=AGGREGATE_SHARDS + 1) as pool:
            by_year = pool.submit(published_by_year)
            pages = list(
                pool.map(
                    lambda shard: self._query(shard, span, *AGGREGATE_ATTRIBUTES),
                    range(AGGREGATE_SHARDS),
                )
            )
            current = by_year.result() | published_in(pages[INDEX_SHARD])
        return [
            item
            for items in pages
            for item in items
            if "aggregates" in item and (item["upload_id"], item["calculation_id"]) in current
        ]

    def read(
        self,
        first: str,
        last: str,
        published_by_year: Callable[[], set[tuple[str, str]]],
        dimensions: Sequence[str] = KEY_DIMENSIONS,
    ) -> SummedAggregates:
        """The published aggregates of the months ``first`` to ``last`` (``_published_items``)
        summed by ``dimensions``."""
        return SummedAggregates.of_tables(
            (
                orjson.loads(item["aggregates"])
                for item in self._published_items(first, last, published_by_year)
            ),
            dimensions,
        )

    def read_by_calculation(
        self,
        first: str,
        last: str,
        published_by_year: Callable[[], set[tuple[str, str]]],
        dimensions: Sequence[str] = KEY_DIMENSIONS,
    ) -> dict[tuple[str, str], SummedAggregates]:
        """The same aggregates as ``read``, summed by ``dimensions`` for each published
        (upload, calculation) apart: what a base year's figures are traced to."""
        tables: dict[tuple[str, str], list[Any]] = {}
        for item in self._published_items(first, last, published_by_year):
            place = (str(item["upload_id"]), str(item["calculation_id"]))
            tables.setdefault(place, []).append(orjson.loads(item["aggregates"]))
        return {
            place: SummedAggregates.of_tables(found, dimensions) for place, found in tables.items()
        }

    def delete(
        self, upload_id: str, months: Iterable[str], calculation_id: str | None = None
    ) -> None:
        """Delete the upload's aggregates of ``months``: of one calculation, or of every one."""
        parts = (upload_id,) if calculation_id is None else (upload_id, calculation_id)
        with self.table.batch_writer() as batch:
            for month in months:
                prefix = keys.escape_sort((month, *parts)) + keys.SEPARATOR
                for shard in range(AGGREGATE_SHARDS):
                    for item in self._query(shard, Key("sk").begins_with(prefix), "pk", "sk"):
                        batch.delete_item(Key={"pk": item["pk"], "sk": item["sk"]})


def published_in(items: Iterable[Mapping[str, Any]]) -> set[tuple[str, str]]:
    """(upload, calculation) of the index entries among items of ``INDEX_SHARD``'s partition
    (read with ``AGGREGATE_ATTRIBUTES``)."""
    return {
        (str(item["upload_id"]), str(item["calculation_id"]))
        for item in items
        if "aggregates" not in item
    }


def _packs(aggregates: SummedAggregates, keys: list[AggregateKey]) -> Iterator[str]:
    """The aggregates of ``keys`` as JSON tables (``SummedAggregates.table``) of at most
    ``_PACKED_BYTES`` each, halved until they fit (one aggregate goes whole, whatever its
    size)."""
    body = orjson.dumps(aggregates.table(keys))
    if len(body) <= _PACKED_BYTES or len(keys) == 1:
        yield body.decode("utf-8")
        return
    for half in (keys[: len(keys) // 2], keys[len(keys) // 2 :]):
        yield from _packs(aggregates, half)
