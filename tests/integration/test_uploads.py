"""Uploads on the local platform, over HTTP with httpx: a presigned PUT to the emulator, a
direct post, duplicates, a file with bad rows and one with personal data."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from local.running import RunningPlatform
from tests.support.platform_accounts import Member, Tenant, join, onboard

TEMPLATES = Path(__file__).parents[2] / "layers/footprint/footprint/data/templates"
SAMPLE = (TEMPLATES / "activity-template.csv").read_bytes()
HEADER = SAMPLE.splitlines(keepends=True)[0]
FINISHED = {"completed", "rejected", "failed", "duplicate"}


@pytest.fixture(scope="module")
def initech(platform: RunningPlatform) -> Tenant:
    with platform.client() as client:
        return onboard(platform, client, "Initech", "admin@initech-uploads.example")


@pytest.fixture(scope="module")
def editor(platform: RunningPlatform, initech: Tenant) -> Member:
    with platform.client() as client:
        return join(client, initech.admin, "editor@initech-uploads.example", "editor")


def _wait(client: httpx.Client, member: Member, upload_id: str, until: set[str]) -> dict[str, Any]:
    deadline = time.monotonic() + 120
    while True:
        shown = client.get(f"/v1/uploads/{upload_id}", headers=member.headers)
        assert shown.status_code == 200, shown.text
        if shown.json()["status"] in until or time.monotonic() > deadline:
            return dict(shown.json())
        time.sleep(0.5)


def _post_csv(client: httpx.Client, member: Member, body: bytes, **query: str) -> httpx.Response:
    return client.post(
        "/v1/uploads",
        content=body,
        params={"filename": "activity.csv", **query},
        headers={**member.headers, "Content-Type": "text/csv"},
    )


def test_presigned_put_to_the_emulator_stores_the_file_encrypted(
    platform: RunningPlatform, client: httpx.Client, initech: Tenant, editor: Member
) -> None:
    body = SAMPLE.replace(b"Plant 1", b"Plant 7")
    asked = client.post(
        "/v1/uploads",
        json={"filename": "year.csv", "content_type": "text/csv", "size": len(body)},
        headers=editor.headers,
    )
    assert asked.status_code == 201, asked.text
    presigned = asked.json()
    # The URL names the app's own origin (the local front), which hands it to the emulator.
    assert presigned["upload_url"].startswith(platform.api_url)
    put = httpx.put(
        presigned["upload_url"], content=body, headers=presigned["upload_headers"], timeout=30
    )
    assert put.status_code == 200, put.text
    key = f"tenants/{initech.tenant_id}/uploads/{presigned['upload_id']}/source"
    s3 = platform.aws_client("s3")
    (bucket,) = [b["Name"] for b in s3.list_buckets()["Buckets"] if "uploadsbucket" in b["Name"]]
    head = s3.head_object(Bucket=bucket, Key=key)
    assert head["ServerSideEncryption"] == "aws:kms"
    assert head["ContentLength"] == len(body)
    # The arrival (S3 event -> queue -> arrival function) records it and starts the workflow.
    shown = _wait(client, editor, presigned["upload_id"], FINISHED)
    assert shown["content_sha256"] == hashlib.sha256(body).hexdigest()
    assert shown["status"] == "completed", shown


def test_direct_upload_runs_to_completed_and_a_second_copy_is_the_first(
    client: httpx.Client, editor: Member
) -> None:
    posted = _post_csv(client, editor, SAMPLE)
    assert posted.status_code == 202, posted.text
    upload_id = posted.json()["upload_id"]
    shown = _wait(client, editor, upload_id, FINISHED)
    assert shown["status"] == "completed", shown
    assert shown["rows_total"] == shown["rows_done"] == 7
    assert shown["totals"]["co2e_kg"] > 0
    again = _post_csv(client, editor, SAMPLE)
    assert again.status_code == 200
    assert again.json() == {"upload_id": upload_id, "status": "completed", "duplicate": True}
    listed = client.get("/v1/uploads", params={"limit": 1}, headers=editor.headers)
    assert listed.json()["uploads"][0]["upload_id"] == upload_id
    assert listed.json()["next_cursor"]


def test_a_file_with_bad_rows_is_rejected_with_each_error(
    client: httpx.Client, editor: Member
) -> None:
    good = SAMPLE.splitlines(keepends=True)[1]
    body = (
        HEADER
        + good
        + good.replace(b"1200", b"twelve")
        + good.replace(b"stationary_combustion", b"teleportation")
    )
    posted = _post_csv(client, editor, body)
    assert posted.status_code == 202, posted.text
    shown = _wait(client, editor, posted.json()["upload_id"], FINISHED)
    assert (shown["status"], shown["error_count"]) == ("rejected", 2), shown
    assert [(e["row"], e["column"]) for e in shown["errors"]] == [
        (3, "quantity"),
        (4, "category"),
    ]
    assert shown["totals"] is None


def test_a_file_with_personal_data_is_rejected_and_deleted(
    platform: RunningPlatform, client: httpx.Client, initech: Tenant, editor: Member
) -> None:
    good = SAMPLE.splitlines(keepends=True)[1]
    body = HEADER + good.replace(b"gas bill 2025-01", b"ask jane.doe@example.com")
    posted = _post_csv(client, editor, body)
    assert posted.status_code == 202, posted.text
    upload_id = posted.json()["upload_id"]
    shown = _wait(client, editor, upload_id, FINISHED)
    assert shown["status"] == "rejected", shown
    assert shown["errors"] == [{"row": 2, "column": "reference", "kind": "email"}]
    assert "jane" not in str(shown)
    s3 = platform.aws_client("s3")
    (bucket,) = [b["Name"] for b in s3.list_buckets()["Buckets"] if "uploadsbucket" in b["Name"]]
    prefix = f"tenants/{initech.tenant_id}/uploads/{upload_id}/"
    versions = s3.list_object_versions(Bucket=bucket, Prefix=prefix)
    assert "Versions" not in versions


def test_a_viewer_reads_but_does_not_upload(client: httpx.Client, initech: Tenant) -> None:
    viewer = join(client, initech.admin, "viewer@initech-uploads.example", "viewer")
    assert _post_csv(client, viewer, SAMPLE).status_code == 403
    assert client.get("/v1/uploads", headers=viewer.headers).status_code == 200
