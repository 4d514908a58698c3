"""DynamoDB point-in-time exports to the backup bucket, and reading them back."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from footprint.domain.backup.checksum import Item
from footprint.domain.backup.export_layout import ExportFiles, locate, read_items


@dataclass(frozen=True)
class ExportState:
    status: str  # IN_PROGRESS, COMPLETED or FAILED
    failure: str | None = None


def request_export(
    client: Any,
    *,
    table_arn: str,
    bucket: str,
    prefix: str,
    export_time: datetime,
    kms_key: str,
) -> str:
    """Ask DynamoDB for a full export of the table as it was at ``export_time``."""
    response = client.export_table_to_point_in_time(
        TableArn=table_arn,
        ExportTime=export_time,
        S3Bucket=bucket,
        S3Prefix=prefix,
        S3SseAlgorithm="KMS",
        S3SseKmsKeyId=kms_key,
        ExportFormat="DYNAMODB_JSON",
        ExportType="FULL_EXPORT",
    )
    arn: str = response["ExportDescription"]["ExportArn"]
    return arn


def export_state(client: Any, export_arn: str) -> ExportState:
    description = client.describe_export(ExportArn=export_arn)["ExportDescription"]
    failure = description.get("FailureCode")
    if failure:
        failure = f"{failure}: {description.get('FailureMessage') or ''}".strip(": ")
    return ExportState(description["ExportStatus"], failure or None)


def list_keys(s3: Any, bucket: str, prefix: str) -> list[str]:
    keys: list[str] = []
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix + "/"):
        keys.extend(entry["Key"] for entry in page.get("Contents", []))
    return keys


def _read(s3: Any, bucket: str, key: str) -> bytes:
    body: bytes = s3.get_object(Bucket=bucket, Key=key)["Body"].read()
    return body


def locate_export(s3: Any, bucket: str, prefix: str) -> ExportFiles:
    return locate(
        list_keys(s3, bucket, prefix), prefix, lambda key: _read(s3, bucket, key).decode("utf-8")
    )


def export_items(s3: Any, bucket: str, export: ExportFiles) -> Iterator[Item]:
    return read_items(export, lambda key: _read(s3, bucket, key))


def export_present(s3: Any, bucket: str, prefix: str) -> bool:
    """Whether any current object remains under ``prefix`` (expiry leaves delete markers only)."""
    response = s3.list_objects_v2(Bucket=bucket, Prefix=prefix + "/", MaxKeys=1)
    return bool(response.get("KeyCount", 0))
