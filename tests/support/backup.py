"""Backup test data: items of every DynamoDB type seeded into a table, and exports written by
hand in the layouts the restore code must read.

``aws_export`` lays objects out as DynamoDB's export to S3 does (AWS's documentation of the
export output: ``manifest-summary.json``, ``manifest-files.json`` with per-file item counts and
base64 MD5s, gzip'd ``data/*.json.gz``); ``moto_export`` as moto 5.2.5 does (one data file, no
manifests).
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
from typing import Any

import boto3

PREFIX = "dynamodb/footprint-DataTable/2026/11/26/030000-attempt1"
EXPORT_ID = "01764126000000-a1b2c3d4"
ROOT = f"{PREFIX}/AWSDynamoDB/{EXPORT_ID}"
TABLE_ARN = "arn:aws:dynamodb:us-east-2:123456789012:table/footprint-DataTable"
ITEMS = [
    {"pk": {"S": f"TENANT#t{n % 3}#X{n}"}, "sk": {"S": "A"}, "n": {"N": str(n)}} for n in range(7)
]


def gz(items: list[dict[str, Any]]) -> bytes:
    lines = "".join(json.dumps({"Item": item}) + "\n" for item in items)
    return gzip.compress(lines.encode("utf-8"))


def aws_export(items: list[dict[str, Any]] = ITEMS, prefix: str = PREFIX) -> dict[str, bytes]:
    """Objects as DynamoDB's export writes them: summary, file list, md5 files, data files."""
    root = f"{prefix}/AWSDynamoDB/{EXPORT_ID}"
    files = {
        f"{root}/data/abcdefghij.json.gz": items[:4],
        f"{root}/data/klmnopqrst.json.gz": items[4:],
    }
    objects: dict[str, bytes] = {f"{root}/_started": b""}
    manifest_lines = []
    for key, chunk in files.items():
        body = gz(chunk)
        objects[key] = body
        manifest_lines.append(
            json.dumps(
                {
                    "itemCount": len(chunk),
                    "md5Checksum": base64.b64encode(hashlib.md5(body).digest()).decode(),
                    "etag": hashlib.md5(body).hexdigest(),
                    "dataFileS3Key": key,
                }
            )
        )
    objects[f"{root}/manifest-files.json"] = ("\n".join(manifest_lines) + "\n").encode()
    objects[f"{root}/manifest-files.md5"] = b"ignored"
    objects[f"{root}/manifest-summary.json"] = json.dumps(
        {
            "version": "2020-06-30",
            "exportArn": f"{TABLE_ARN}/export/{EXPORT_ID}",
            "startTime": "2026-11-26T03:00:05.000Z",
            "endTime": "2026-11-26T03:06:12.000Z",
            "tableArn": TABLE_ARN,
            "tableId": "0a1b2c3d-0000-0000-0000-000000000000",
            "exportTime": "2026-11-26T03:00:00.000Z",
            "s3Bucket": "footprint-backups",
            "s3Prefix": prefix,
            "s3SseAlgorithm": "KMS",
            "s3SseKmsKeyId": "arn:aws:kms:us-east-2:123456789012:key/0000",
            "manifestFilesS3Key": f"{root}/manifest-files.json",
            "billedSizeBytes": 1234,
            "itemCount": len(items),
            "outputFormat": "DYNAMODB_JSON",
            "exportType": "FULL_EXPORT",
        }
    ).encode()
    objects[f"{root}/manifest-summary.md5"] = b"ignored"
    return objects


def moto_export(items: list[dict[str, Any]] = ITEMS) -> dict[str, bytes]:
    return {f"{PREFIX}/AWSDynamoDB/5f0c-uuid/data/77aa-uuid.gz": gz(items)}


def seed(table: str, count: int = 40) -> list[dict[str, Any]]:
    """``count`` items of four tenants put in ``table``, holding every attribute type; answers
    them."""
    dynamodb = boto3.client("dynamodb")
    items = []
    for n in range(count):
        item = {
            "pk": {"S": f"TENANT#t{n % 4}#UPLOAD#{n}"},
            "sk": {"S": "META"},
            "total": {"N": f"{n}.50"},
            "blob": {"B": bytes([n, 255 - n])},
            "tags": {"SS": [f"tag{n}", "all"]},
            "rows": {"L": [{"M": {"n": {"N": str(n)}, "ok": {"BOOL": n % 2 == 0}}}]},
        }
        dynamodb.put_item(TableName=table, Item=item)
        items.append(item)
    return items
