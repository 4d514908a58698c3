"""The audit chains' heads, read from the data table and kept in the backup vault.

Each backup writes ``audit-chains/<backup id>.json`` to the Object Lock bucket: the head
(sequence, hash, event id, time) of every tenant's chain and of each of the platform's
lanes, as the table held them. Nobody can change that object before its retention ends, so a
chain rewritten in the table afterwards no longer contains the head the vault recorded.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from boto3.dynamodb.types import TypeDeserializer
from botocore.exceptions import ClientError

from footprint.domain import keys
from footprint.domain.audit_chain import HEAD, PLATFORM_LANES, Head, VaultHeads, lane_head
from footprint.domain.tenancy import TenantContext

PREFIX = "audit-chains"


def object_key(backup_id: str) -> str:
    return f"{PREFIX}/{backup_id}.json"


class NoChainHeads(LookupError):
    """The backup has no heads object (it was made before the audit log was chained)."""


def read_from_table(
    client: Any, table_name: str, tenants: Iterable[str], backup_id: str, recorded_at: str
) -> VaultHeads:
    """The head item of each of ``tenants``' chains (those that have one) and of each of the
    platform's lanes, read by key, consistently."""
    head_partition, head_sort = HEAD
    found = {
        tenant: _get(
            client,
            table_name,
            keys.tenant_key(TenantContext.for_workflow(tenant), *head_partition),
            head_sort,
        )
        for tenant in tenants
    }
    lanes = {
        lane: _get(client, table_name, keys.platform_key(*partition), sort)
        for lane in PLATFORM_LANES
        for partition, sort in [lane_head(lane)]
    }
    return VaultHeads(
        backup_id,
        recorded_at,
        {tenant: Head.from_attributes(item) for tenant, item in found.items() if item},
        {lane: Head.from_attributes(item) for lane, item in lanes.items() if item},
    )


def _get(client: Any, table_name: str, pk: str, sort: tuple[str, ...]) -> dict[str, Any] | None:
    answer = client.get_item(
        TableName=table_name,
        Key={"pk": {"S": pk}, "sk": {"S": keys.escape_sort(sort)}},
        ConsistentRead=True,
    )
    raw = answer.get("Item")
    if raw is None:
        return None
    deserializer = TypeDeserializer()
    return {name: deserializer.deserialize(value) for name, value in raw.items()}


def store(s3: Any, bucket: str, heads: VaultHeads) -> None:
    # An Object Lock bucket takes a new object only with a checksum of its body.
    s3.put_object(
        Bucket=bucket,
        Key=object_key(heads.backup_id),
        Body=heads.to_json().encode("utf-8"),
        ContentType="application/json",
        ChecksumAlgorithm="SHA256",
    )


def load(s3: Any, bucket: str, backup_id: str) -> VaultHeads:
    try:
        body: bytes = s3.get_object(Bucket=bucket, Key=object_key(backup_id))["Body"].read()
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
            raise NoChainHeads(backup_id) from None
        raise
    return VaultHeads.from_json(body.decode("utf-8"))
