"""Upload files against moto: a presigned PUT stores the file encrypted, a source version
is read and kept by its id, and deletion removes every version."""

from __future__ import annotations

import hashlib

import boto3
import requests

from footprint.adapters import upload_files
from footprint.domain import object_keys
from footprint.domain.tenancy import Proof, Role, TenantContext
from tests.support.uploads import UploadsStack

ACME = TenantContext("t-acme", Proof.TOKEN, "u-ann", Role.EDITOR)


def test_presigned_put_stores_the_file_encrypted(uploads: UploadsStack) -> None:
    body = b"facility,quantity\nx,1\n"
    url = upload_files.presign_put(ACME, "u1", content_type="text/csv", size=len(body))
    assert url.headers["x-amz-server-side-encryption"] == "aws:kms"
    assert "content-length" in url.url.lower()  # the size is part of the signature
    # moto answers presigned URLs in-process, through the HTTP stack it mocks.
    response = requests.put(url.url, data=body, headers=url.headers, timeout=10)
    assert response.status_code == 200, response.text
    head = boto3.client("s3").head_object(
        Bucket=uploads.bucket, Key=object_keys.source_key(ACME, "u1")
    )
    assert head["ServerSideEncryption"] == "aws:kms"
    stored = upload_files.source_digest(ACME, "u1")
    assert (stored.sha256, stored.size) == (hashlib.sha256(body).hexdigest(), len(body))
    assert stored.version_id == head["VersionId"]


def test_a_source_version_is_read_and_kept_by_its_id(uploads: UploadsStack) -> None:
    first = upload_files.put_source(ACME, "u1", b"first", "text/csv")
    second = upload_files.put_source(ACME, "u1", b"second", "text/csv")
    assert upload_files.source_digest(ACME, "u1").version_id == second != first
    with upload_files.open_source(ACME, "u1", first) as source:
        assert source.read() == b"first"
    assert upload_files.discard_other_versions(ACME, "u1", keep=first) == 1
    assert upload_files.source_digest(ACME, "u1").version_id == first
    assert upload_files.discard_other_versions(ACME, "u1", keep=None) == 0


def test_delete_source_removes_every_version(uploads: UploadsStack) -> None:
    for body in (b"one", b"two"):
        upload_files.put_source(ACME, "u1", body, "text/csv")
    upload_files.put_source(ACME, "u10", b"neighbour", "text/csv")
    assert upload_files.delete_source(ACME, "u1") == 2
    s3 = boto3.client("s3")
    versions = s3.list_object_versions(Bucket=uploads.bucket, Prefix="tenants/t-acme/")
    keys = {v["Key"] for v in versions.get("Versions", []) + versions.get("DeleteMarkers", [])}
    assert keys == {object_keys.source_key(ACME, "u10")}
