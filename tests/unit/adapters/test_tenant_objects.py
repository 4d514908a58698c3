"""The tenant-scoped objects adapter: keys outside the tenant are refused before any AWS call,
and the calls it makes go out with the tenant's tagged session."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import boto3
import pytest

from footprint.adapters.tenant_objects import TenantObjects
from footprint.domain import object_keys
from footprint.domain.tenancy import Proof, Role, TenantContext
from tests.support.uploads import UploadsStack

ACME = TenantContext("t-acme", Proof.TOKEN, "u-ann", Role.EDITOR)
GLOBEX = TenantContext("t-globex", Proof.TOKEN, "u-bob", Role.EDITOR)

OUTSIDE = [
    "tenants/t-globex/uploads/u1/source",  # another tenant
    "tenants/t-acme-2/uploads/u1/source",  # a tenant whose id begins with ours
    "tenants/t-acme",  # the folder's name without its slash: a listing would reach t-acme-2
    "tenants/t-acme/../t-globex/uploads/u1/source",  # climbs out
    "tenants/t-acme/uploads/../../t-globex/x",
    "tenants/t-acme/./uploads/u1/source",
    "tenants/t-acme/uploads/u1/..",
    "tenants/t-acme//t-globex/x",
    "tenants/t-acme/..\\t-globex\\x",
    "tenants/t-acme/uploads/u1/source\n",
    "/tenants/t-acme/uploads/u1/source",  # absolute
    "backups/tenants/t-acme/x",  # another prefix
    "t-acme/uploads/u1/source",
    "",
]


class NoAws:
    """An S3 client that fails the test if anything at all is asked of it."""

    def __getattr__(self, name: str) -> Any:
        raise AssertionError(f"S3 was called ({name}) for a refused key")


OPERATIONS: dict[str, Callable[[TenantObjects, str], object]] = {
    "put": lambda objects, key: objects.put(key, b"x", "text/plain"),
    "get": lambda objects, key: objects.get(key),
    "get a version": lambda objects, key: objects.get(key, "v1"),
    "presign": lambda objects, key: objects.presign_put(
        key, content_type="text/csv", size=1, seconds=60
    ),
    "list": lambda objects, key: objects.list_keys(key),
    "delete": lambda objects, key: objects.delete_versions(key),
    "delete one": lambda objects, key: objects.delete_versions(key, exact=True),
}


@pytest.mark.parametrize("key", OUTSIDE)
@pytest.mark.parametrize("operation", OPERATIONS)
def test_a_key_outside_the_tenant_is_refused_before_any_aws_call(
    operation: str, key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_session(*_: object) -> Any:
        raise AssertionError("a tenant session was asked for a refused key")

    monkeypatch.setattr("footprint.adapters.tenant_objects.tenant_client", no_session)
    for objects in (TenantObjects(ACME, s3=NoAws()), TenantObjects(ACME)):
        with pytest.raises(PermissionError):
            OPERATIONS[operation](objects, key)


def test_it_needs_a_verified_tenant_context() -> None:
    with pytest.raises(TypeError):
        TenantObjects("t-acme")  # type: ignore[arg-type]


def test_its_calls_go_out_with_the_tenants_tagged_session(
    uploads: UploadsStack, assumed_roles: list[dict[str, Any]]
) -> None:
    source = object_keys.source_key(ACME, "u1")
    version = TenantObjects(ACME).put(source, b"hello", "text/plain")
    assert TenantObjects(ACME).get(source)["Body"].read() == b"hello"  # the session is kept
    assert TenantObjects(GLOBEX).list_keys(object_keys.tenant_prefix(GLOBEX)) == []
    assert [call["Tags"] for call in assumed_roles] == [
        [{"Key": "tenant_id", "Value": "t-acme"}],
        [{"Key": "tenant_id", "Value": "t-globex"}],
    ]
    head = boto3.client("s3").head_object(Bucket=uploads.bucket, Key=source)
    assert head["ServerSideEncryption"] == "aws:kms"
    assert head["VersionId"] == version


def test_a_listing_or_deletion_stays_inside_the_prefix_it_was_given(
    uploads: UploadsStack,
) -> None:
    objects = TenantObjects(ACME)
    for upload in ("u1", "u10"):
        objects.put(object_keys.source_key(ACME, upload), b"x", "text/csv")
        objects.put(object_keys.source_key(ACME, upload), b"y", "text/csv")
    TenantObjects(GLOBEX).put(object_keys.source_key(GLOBEX, "u1"), b"z", "text/csv")
    assert objects.list_keys(object_keys.tenant_prefix(ACME)) == [
        object_keys.source_key(ACME, "u1"),
        object_keys.source_key(ACME, "u10"),
    ]
    assert objects.delete_versions(object_keys.upload_prefix(ACME, "u1")) == 2
    assert objects.list_keys(object_keys.tenant_prefix(ACME)) == [
        object_keys.source_key(ACME, "u10")
    ]
    assert TenantObjects(GLOBEX).list_keys(object_keys.tenant_prefix(GLOBEX)) == [
        object_keys.source_key(GLOBEX, "u1")
    ]
