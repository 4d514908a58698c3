"""A presigned upload's arrival: recorded once, calculated once, duplicates set apart."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import boto3
import pytest
import requests

from footprint.adapters import upload_files
from footprint.adapters.upload_records import UploadStore
from footprint.domain import object_keys
from footprint.domain.ids import new_upload_id
from footprint.domain.uploads.lifecycle import Status
from tests.support.identity import Tenant
from tests.support.uploads import UploadsStack, executions

TEMPLATES = Path(__file__).parents[4] / "layers/footprint/footprint/data/templates"
SAMPLE = (TEMPLATES / "activity-template.csv").read_bytes()


def _sqs_event(*keys: str) -> dict[str, Any]:
    """An SQS batch of S3 notifications, one message per key, as Lambda delivers it."""
    records = []
    for index, key in enumerate(keys):
        notification = {
            "Records": [
                {
                    "eventSource": "aws:s3",
                    "eventName": "ObjectCreated:Put",
                    "s3": {"bucket": {"name": "uploads"}, "object": {"key": key, "size": 1}},
                }
            ]
        }
        records.append(
            {
                "messageId": f"m{index}",
                "receiptHandle": f"r{index}",
                "body": json.dumps(notification),
                "attributes": {},
                "messageAttributes": {},
                "md5OfBody": "",
                "eventSource": "aws:sqs",
                "eventSourceARN": "arn:aws:sqs:us-east-2:123456789012:upload-events",
                "awsRegion": "us-east-2",
            }
        )
    return {"Records": records}


def _arrive(*keys: str) -> dict[str, Any]:
    from fp_uploads.arrival import lambda_handler
    from local.lambdas import LambdaContext

    return dict(lambda_handler(_sqs_event(*keys), LambdaContext("arrival", 1024, 300)))


def _pending_put(tenant: Tenant, body: bytes, *, replace: bool = False) -> str:
    """A pending upload whose file is then PUT to its presigned URL."""
    store = UploadStore(tenant.context)
    upload_id = new_upload_id()
    store.create(
        upload_id,
        filename="big.csv",
        content_type="text/csv",
        file_format="csv",
        size=len(body),
        gwp_set="AR5",
        replace=replace,
        expires_at=2_000_000_000,
    )
    _put(tenant, upload_id, body)
    return upload_id


def _put(tenant: Tenant, upload_id: str, body: bytes) -> None:
    """PUT ``body`` to a presigned URL for the upload's source (again, if it has one)."""
    url = upload_files.presign_put(
        tenant.context, upload_id, content_type="text/csv", size=len(body)
    )
    assert requests.put(url.url, data=body, headers=url.headers, timeout=10).status_code == 200


def test_arrival_records_the_file_and_starts_its_calculation_once(
    tenant: Tenant, uploads: UploadsStack
) -> None:
    upload_id = _pending_put(tenant, SAMPLE)
    key = object_keys.source_key(tenant.context, upload_id)
    assert _arrive(key) == {"batchItemFailures": []}
    assert _arrive(key, key) == {"batchItemFailures": []}  # redelivered, twice
    upload = UploadStore(tenant.context).require(upload_id)
    assert upload.status is Status.RECEIVED
    assert upload.content_sha256 == hashlib.sha256(SAMPLE).hexdigest()
    (started,) = executions(uploads)
    assert started["name"] == upload.calculation_id
    assert started["upload_id"] == upload_id
    assert upload.source_version is not None


def test_a_second_put_to_the_same_url_is_discarded_and_the_hashed_version_calculated(
    tenant: Tenant, uploads: UploadsStack
) -> None:
    upload_id = _pending_put(tenant, SAMPLE)
    key = object_keys.source_key(tenant.context, upload_id)
    _arrive(key)
    hashed = UploadStore(tenant.context).require(upload_id).source_version
    _put(tenant, upload_id, SAMPLE.replace(b"Plant", b"Plang"))  # the same size, as signed
    _arrive(key)
    versions = boto3.client("s3").list_object_versions(Bucket=uploads.bucket, Prefix=key)
    assert [v["VersionId"] for v in versions["Versions"]] == [hashed]
    assert "DeleteMarkers" not in versions  # deleted for good, not hidden
    with upload_files.open_source(tenant.context, upload_id, hashed) as source:
        assert source.read() == SAMPLE
    assert len(executions(uploads)) == 1


def _duplicate_pair(tenant: Tenant) -> tuple[str, str]:
    """Two presigned uploads of the same file, arrived in turn: the second, a duplicate."""
    first = _pending_put(tenant, SAMPLE)
    second = _pending_put(tenant, SAMPLE)
    _arrive(object_keys.source_key(tenant.context, first))
    _arrive(object_keys.source_key(tenant.context, second))
    return first, second


def test_the_same_content_arriving_again_is_a_duplicate_and_its_copy_deleted(
    tenant: Tenant, uploads: UploadsStack
) -> None:
    first, second = _duplicate_pair(tenant)
    duplicate = UploadStore(tenant.context).require(second)
    assert (duplicate.status, duplicate.duplicate_of) == (Status.DUPLICATE, first)
    listed = boto3.client("s3").list_object_versions(
        Bucket=uploads.bucket, Prefix=object_keys.source_key(tenant.context, second)
    )
    assert "Versions" not in listed
    assert len(executions(uploads)) == 1


def test_a_file_sent_again_to_a_duplicates_url_is_deleted(
    tenant: Tenant, uploads: UploadsStack
) -> None:
    _, second = _duplicate_pair(tenant)
    key = object_keys.source_key(tenant.context, second)
    _put(tenant, second, SAMPLE.replace(b"Plant", b"Plang"))
    _arrive(key)
    listed = boto3.client("s3").list_object_versions(Bucket=uploads.bucket, Prefix=key)
    assert "Versions" not in listed
    assert UploadStore(tenant.context).require(second).status is Status.DUPLICATE
    assert len(executions(uploads)) == 1


def test_replace_takes_the_content_over(tenant: Tenant, uploads: UploadsStack) -> None:
    first = _pending_put(tenant, SAMPLE)
    _arrive(object_keys.source_key(tenant.context, first))
    second = _pending_put(tenant, SAMPLE, replace=True)
    _arrive(object_keys.source_key(tenant.context, second))
    replacing = UploadStore(tenant.context).require(second)
    assert (replacing.status, replacing.replaces) == (Status.RECEIVED, first)
    assert len(executions(uploads)) == 2


def test_other_keys_and_unknown_uploads_are_ignored(tenant: Tenant, uploads: UploadsStack) -> None:
    unknown = object_keys.source_key(tenant.context, new_upload_id())
    results = object_keys.results_key(tenant.context, new_upload_id(), "c1", 0)
    assert _arrive(unknown, results, "elsewhere/file") == {"batchItemFailures": []}
    assert executions(uploads) == []


def test_a_failing_message_is_reported_for_redelivery(
    tenant: Tenant, uploads: UploadsStack
) -> None:
    upload_id = new_upload_id()
    UploadStore(tenant.context).create(
        upload_id,
        filename="a.csv",
        content_type="text/csv",
        file_format="csv",
        size=1,
        gwp_set="AR5",
    )
    # Pending, but its file is not there: reading it fails, that message alone is retried.
    key = object_keys.source_key(tenant.context, upload_id)
    assert _arrive("elsewhere/file", key) == {"batchItemFailures": [{"itemIdentifier": "m1"}]}


def test_an_arrival_that_fails_after_starting_the_calculation_starts_it_once(
    tenant: Tenant, uploads: UploadsStack, monkeypatch: pytest.MonkeyPatch
) -> None:
    from footprint.uploads import calculation

    started = calculation.start_calculation

    def start_then_fail(*arguments: Any) -> str:
        started(*arguments)
        raise RuntimeError("the function died after starting the workflow")

    upload_id = _pending_put(tenant, SAMPLE)
    key = object_keys.source_key(tenant.context, upload_id)
    monkeypatch.setattr(calculation, "start_calculation", start_then_fail)
    failed = {"batchItemFailures": [{"itemIdentifier": "m1"}]}
    assert _arrive("elsewhere/file", key) == failed
    monkeypatch.setattr(calculation, "start_calculation", started)
    assert _arrive(key) == {"batchItemFailures": []}  # the redelivery
    upload = UploadStore(tenant.context).require(upload_id)
    (execution,) = executions(uploads)
    assert execution["name"] == upload.calculation_id
