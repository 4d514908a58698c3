"""The local platform's adjustments to moto change how much it works, never what it answers."""

from __future__ import annotations

import gc
import hashlib
from typing import Any

import boto3
import pytest
from moto import backends
from moto.s3.models import FakeKey

from local import emulator

BUCKET = "emulator-test-bucket"
BODIES = {"upload/source": [b"first version " * 1000, b"second version"], "upload/part": [b"p"]}


@pytest.fixture
def tuned(aws: None, monkeypatch: pytest.MonkeyPatch) -> Any:
    """A versioned bucket holding ``BODIES`` in a tuned moto; moto's classes are put back
    afterwards, as ``tune`` changes them for the whole process."""
    monkeypatch.setattr(FakeKey, "__deepcopy__", None, raising=False)
    monkeypatch.setattr(backends, "list_of_moto_modules", backends.list_of_moto_modules)
    s3 = boto3.client("s3")
    s3.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "us-east-2"})
    s3.put_bucket_versioning(Bucket=BUCKET, VersioningConfiguration={"Status": "Enabled"})
    for key, bodies in BODIES.items():
        for body in bodies:
            s3.put_object(Bucket=BUCKET, Key=key, Body=body)
    emulator.tune()
    emulator.tune()
    return s3


def test_versions_are_listed_whole_without_reading_a_body(
    tuned: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unread(key: FakeKey) -> bytes:
        raise AssertionError(f"the listing read the body of {key.name}")

    monkeypatch.setattr(FakeKey, "value", property(unread))
    listed = tuned.list_object_versions(Bucket=BUCKET, Prefix="upload/")["Versions"]
    assert [
        (version["Key"], version["IsLatest"], version["Size"], version["ETag"])
        for version in listed
    ] == [
        (key, place == len(bodies) - 1, len(body), f'"{hashlib.md5(body).hexdigest()}"')
        for key, bodies in sorted(BODIES.items())
        for place, body in reversed(list(enumerate(bodies)))
    ]


def test_every_version_keeps_its_body_after_the_listing_copies_are_gone(tuned: Any) -> None:
    listed = tuned.list_object_versions(Bucket=BUCKET)["Versions"]
    gc.collect()  # a copy of a key closes its body when collected: it must be its own
    bodies = [
        tuned.get_object(Bucket=BUCKET, Key=v["Key"], VersionId=v["VersionId"])["Body"].read()
        for v in listed
    ]
    assert sorted(bodies) == sorted(body for kept in BODIES.values() for body in kept)


def test_the_emulator_lists_its_service_modules_once(tuned: Any) -> None:
    assert backends.list_of_moto_modules() is backends.list_of_moto_modules()
    assert "s3" in backends.list_of_moto_modules()
