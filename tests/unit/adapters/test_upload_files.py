"""Upload files against moto: a presigned PUT stores the file encrypted, a source version
is read and kept by its id, and deletion removes every version."""

from __future__ import annotations

import hashlib
import hmac
from urllib.parse import parse_qsl, quote, urlsplit

import boto3
import pytest
import requests

from footprint.adapters import upload_files
from footprint.domain import object_keys
from footprint.domain.tenancy import Proof, Role, TenantContext
from local.template import REGION
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


def _signature(url: str, host: str, headers: dict[str, str]) -> str:
    """The SigV4 query signature of the PUT ``url`` sent to ``host`` (AWS's algorithm), with
    the secret key of the environment's credentials."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    query.pop("X-Amz-Signature")
    values = {"host": host, **{name.lower(): value for name, value in headers.items()}}
    signed = query["X-Amz-SignedHeaders"].split(";")
    canonical = "\n".join(
        [
            "PUT",
            parts.path,
            "&".join(
                f"{quote(k, safe='-_.~')}={quote(v, safe='-_.~')}" for k, v in sorted(query.items())
            ),
            "".join(f"{name}:{values[name]}\n" for name in signed),
            ";".join(signed),
            "UNSIGNED-PAYLOAD",
        ]
    )
    scope = query["X-Amz-Credential"].split("/", 1)[1]
    to_sign = "\n".join(
        [
            "AWS4-HMAC-SHA256",
            query["X-Amz-Date"],
            scope,
            hashlib.sha256(canonical.encode()).hexdigest(),
        ]
    )
    key = b"AWS4" + boto3.Session().get_credentials().get_frozen_credentials().secret_key.encode()
    for part in scope.split("/"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()


def test_the_presigned_url_names_the_app_and_is_signed_for_the_buckets_regional_host(
    uploads: UploadsStack, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FOOTPRINT_WEB_BASE_URL", "https://app.example/")
    # Signed with the function's own credentials, whose secret the test knows (a tenant
    # session's is moto's).
    monkeypatch.delenv("FOOTPRINT_TENANT_DATA_ROLE_ARN")
    body = b"facility,quantity\nx,1\n"
    put = upload_files.presign_put(ACME, "u1", content_type="text/csv", size=len(body))
    parts = urlsplit(put.url)
    assert (parts.scheme, parts.netloc) == ("https", "app.example")
    # Virtual-hosted: the path is the key, which CloudFront's /tenants/* behaviour takes.
    assert parts.path == "/" + object_keys.source_key(ACME, "u1")
    signature = dict(parse_qsl(parts.query))["X-Amz-Signature"]
    headers = {**put.headers, "Content-Length": str(len(body))}
    regional = f"{uploads.bucket}.s3.{REGION}.amazonaws.com"
    assert _signature(put.url, regional, headers) == signature
    assert _signature(put.url, "app.example", headers) != signature
    assert _signature(put.url, f"{uploads.bucket}.s3.amazonaws.com", headers) != signature
    # What CloudFront sends on: the same path and query, to the origin's host.
    response = requests.put(
        f"https://{regional}{parts.path}?{parts.query}", data=body, headers=put.headers, timeout=10
    )
    assert response.status_code == 200, response.text
    assert upload_files.source_digest(ACME, "u1").size == len(body)


def test_without_a_web_origin_the_presigned_url_names_the_bucket(
    uploads: UploadsStack, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FOOTPRINT_WEB_BASE_URL", raising=False)
    put = upload_files.presign_put(ACME, "u1", content_type="text/csv", size=3)
    assert urlsplit(put.url).netloc == f"{uploads.bucket}.s3.{REGION}.amazonaws.com"


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
