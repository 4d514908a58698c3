"""DynamoDB tables as backups and restores need them: scan, describe, create, fill, restore.

Every function takes the low-level DynamoDB client it works through, so the workflow's
handlers, the CLI (against any stack or the local platform) and the tests share one code path.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from footprint.domain.backup.checksum import Fingerprint, Item, fingerprint

_BATCH = 25  # BatchWriteItem's limit
_MAX_UNPROCESSED_ROUNDS = 8
_TTL = "TimeToLiveAttribute"  # our own key in a recorded schema, beside CreateTable's


@dataclass(frozen=True)
class TableInfo:
    name: str
    arn: str
    pitr_enabled: bool
    schema: dict[str, Any]  # keys, attribute definitions, GSIs, TTL: enough to recreate it


def scan_items(client: Any, table_name: str) -> Iterator[Item]:
    """Every item of the table, read consistently, a page at a time."""
    paginator = client.get_paginator("scan")
    for page in paginator.paginate(TableName=table_name, ConsistentRead=True):
        yield from page.get("Items", [])


def table_fingerprint(client: Any, table_name: str) -> Fingerprint:
    return fingerprint(scan_items(client, table_name))


def _schema(table: dict[str, Any]) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "KeySchema": table["KeySchema"],
        "AttributeDefinitions": table["AttributeDefinitions"],
    }
    indexes = [
        {
            "IndexName": index["IndexName"],
            "KeySchema": index["KeySchema"],
            "Projection": index["Projection"],
        }
        for index in table.get("GlobalSecondaryIndexes", [])
    ]
    if indexes:
        schema["GlobalSecondaryIndexes"] = indexes
    return schema


def describe(client: Any, table_name: str) -> TableInfo:
    table = client.describe_table(TableName=table_name)["Table"]
    backups = client.describe_continuous_backups(TableName=table_name)
    pitr = backups["ContinuousBackupsDescription"].get("PointInTimeRecoveryDescription", {})
    schema = _schema(table)
    ttl = client.describe_time_to_live(TableName=table_name)["TimeToLiveDescription"]
    if ttl.get("TimeToLiveStatus") in ("ENABLED", "ENABLING"):
        schema[_TTL] = ttl["AttributeName"]
    return TableInfo(
        name=table["TableName"],
        arn=table["TableArn"],
        pitr_enabled=pitr.get("PointInTimeRecoveryStatus") == "ENABLED",
        schema=schema,
    )


def table_exists(client: Any, table_name: str) -> bool:
    try:
        client.describe_table(TableName=table_name)
    except client.exceptions.ResourceNotFoundException:
        return False
    return True


def create_table(
    client: Any, table_name: str, schema: dict[str, Any], kms_key: str | None = None
) -> None:
    """A new on-demand table with ``schema`` (keys, indexes, TTL attribute), KMS-encrypted and
    with PITR, once it is ACTIVE."""
    definition = {key: value for key, value in schema.items() if key != _TTL}
    arguments: dict[str, Any] = {
        "TableName": table_name,
        "BillingMode": "PAY_PER_REQUEST",
        "SSESpecification": {"Enabled": True, "SSEType": "KMS"},
        **definition,
    }
    if kms_key:
        arguments["SSESpecification"]["KMSMasterKeyId"] = kms_key
    client.create_table(**arguments)
    client.get_waiter("table_exists").wait(
        TableName=table_name, WaiterConfig={"Delay": 2, "MaxAttempts": 300}
    )
    client.update_continuous_backups(
        TableName=table_name,
        PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True},
    )
    if _TTL in schema:
        client.update_time_to_live(
            TableName=table_name,
            TimeToLiveSpecification={"Enabled": True, "AttributeName": schema[_TTL]},
        )


def write_items(client: Any, table_name: str, items: Iterable[Item]) -> int:
    """Put every item (unprocessed ones retried with backoff); answers how many."""
    written = 0
    batch: list[Item] = []
    for item in items:
        batch.append(item)
        if len(batch) == _BATCH:
            written += _write_batch(client, table_name, batch)
            batch = []
    if batch:
        written += _write_batch(client, table_name, batch)
    return written


def _write_batch(client: Any, table_name: str, items: list[Item]) -> int:
    requests: list[dict[str, Any]] = [{"PutRequest": {"Item": item}} for item in items]
    for attempt in range(_MAX_UNPROCESSED_ROUNDS):
        response = client.batch_write_item(RequestItems={table_name: requests})
        requests = response.get("UnprocessedItems", {}).get(table_name, [])
        if not requests:
            return len(items)
        time.sleep(min(2.0, 0.05 * 2**attempt))
    raise RuntimeError(f"{len(requests)} items stayed unprocessed writing {table_name}")


def restore_to_point_in_time(
    client: Any, source_table: str, target_table: str, moment: datetime, kms_key: str | None = None
) -> str:
    """Start DynamoDB's own PITR restore of ``source_table`` as it was at ``moment``."""
    arguments: dict[str, Any] = {
        "SourceTableName": source_table,
        "TargetTableName": target_table,
        "RestoreDateTime": moment,
        "BillingModeOverride": "PAY_PER_REQUEST",
    }
    if kms_key:
        arguments["SSESpecificationOverride"] = {
            "Enabled": True,
            "SSEType": "KMS",
            "KMSMasterKeyId": kms_key,
        }
    response = client.restore_table_to_point_in_time(**arguments)
    arn: str = response["TableDescription"]["TableArn"]
    return arn
