"""The audit chains' heads, read from the data table and kept in the backup vault.

Each backup writes ``audit-chains/<backup id>.json`` to the Object Lock bucket: the head
(sequence, hash, event id, time) of every tenant's chain and of the platform's, as the table
held them. Nobody can change that object before its retention ends, so a chain rewritten in
the table afterwards no longer contains the head the vault recorded.
"""

from __future__ import annotations

from typing import Any

from boto3.dynamodb.types import TypeDeserializer
from botocore.exceptions import ClientError

from footprint.domain import keys
from footprint.domain.audit_chain import HEAD, Head, VaultHeads
from footprint.domain.tenancy import TenantContext

PREFIX = "audit-chains"


def object_key(backup_id: str) -> str:
    return f"{PREFIX}/{backup_id}.json"


class NoChainHeads(LookupError):
    """The backup has no heads object (it was made before the audit log was chained)."""


def read_from_table(client: Any, table_name: str, backup_id: str, recorded_at: str) -> VaultHeads:
    """Every chain's head item, read consistently. The heads are no partition of their own,
    so this scans the table (once a day, as the backup's own fingerprint does)."""
    head_partition, head_sort = HEAD
    platform_key = keys.platform_key(*head_partition)
    deserializer = TypeDeserializer()
    tenants: dict[str, Head] = {}
    platform: Head | None = None
    pages = client.get_paginator("scan").paginate(
        TableName=table_name,
        ConsistentRead=True,
        FilterExpression="sk = :head",
        ExpressionAttributeValues={":head": {"S": keys.escape_sort(head_sort)}},
    )
    for page in pages:
        for raw in page.get("Items", []):
            item = {name: deserializer.deserialize(value) for name, value in raw.items()}
            pk = str(item["pk"])
            tenant = keys.tenant_of(pk)
            if pk == platform_key:
                platform = Head.from_attributes(item)
            elif tenant and pk == keys.tenant_key(
                TenantContext.for_workflow(tenant), *head_partition
            ):
                tenants[tenant] = Head.from_attributes(item)
    return VaultHeads(backup_id, recorded_at, tenants, platform)


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
