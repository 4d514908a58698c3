"""The upload store and the upload files, against moto: forward-only status, once-only
progress, content claims, newest-first pages, and deletion of every stored version."""

from __future__ import annotations

import hashlib

import boto3
import pytest
import requests

from footprint.adapters import upload_files
from footprint.adapters.repository import TenantRepository
from footprint.adapters.uploads import (
    UPLOADS,
    Claim,
    Published,
    StaleStep,
    Status,
    Superseded,
    UploadStore,
    new_upload_id,
)
from footprint.domain import object_keys
from footprint.domain.errors import Conflict, NotFound
from footprint.domain.tenancy import Proof, Role, TenantContext
from tests.unit.uploads_fixtures import UploadsStack

ACME = TenantContext("t-acme", Proof.TOKEN, "u-ann", Role.EDITOR)
GLOBEX = TenantContext("t-globex", Proof.TOKEN, "u-bob", Role.EDITOR)


def _received(store: UploadStore, calculation_id: str = "c1") -> str:
    upload_id = new_upload_id()
    store.create(
        upload_id,
        filename="a.csv",
        content_type="text/csv",
        file_format="csv",
        size=10,
        gwp_set="AR5",
        status=Status.RECEIVED,
        content_sha256="0" * 64,
        calculation_id=calculation_id,
    )
    return upload_id


def test_an_upload_runs_forward_to_completed(uploads: UploadsStack) -> None:
    store = UploadStore(ACME)
    upload_id = _received(store)
    assert store.mark_validating(upload_id, "c1").status is Status.VALIDATING
    calculating = store.mark_calculating(upload_id, "c1", rows_total=300, parts=3)
    assert (calculating.rows_total, calculating.parts_total) == (300, 3)
    for part in (0, 1, 1, 2, 0):  # parts 0 and 1 retried: each counted once
        store.mark_part_done(upload_id, "c1", part, 100)
    assert store.require(upload_id).rows_done == 300
    assert store.publish(upload_id, "c1", totals={"co2e_kg": 1.5}, months=["2025-01"]) is None
    done = store.require(upload_id)
    assert done.status is Status.COMPLETED
    assert done.current_calculation == "c1"
    assert done.totals == {"co2e_kg": 1.5}
    assert done.created_by == "u-ann"
    assert [u.upload_id for u in store.published()] == [upload_id]


def test_published_lists_every_current_calculation_across_pages(
    uploads: UploadsStack, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = UploadStore(ACME)
    published = []
    for months in (["2025-01"], ["2025-02", "2025-03"], None, ["2025-04"]):
        upload_id = _received(store)
        if months is not None:
            store.mark_validating(upload_id, "c1")
            store.mark_calculating(upload_id, "c1", rows_total=1, parts=1)
            store.publish(upload_id, "c1", totals={"co2e_kg": 1.0}, months=months)
            published.append(Published(upload_id, "c1", months))
    monkeypatch.setattr("footprint.adapters.uploads._PUBLISHED_PAGE", 1)
    assert sorted(store.published(), key=lambda p: p.upload_id) == published
    # Only the attributes asked for are read (the records' totals stay in the table).
    page = TenantRepository(ACME).query(UPLOADS, attributes=("upload_id", "months"))
    assert {frozenset(item) for item in page.items} == {
        frozenset({"upload_id"}),
        frozenset({"upload_id", "months"}),
    }


def test_repeated_steps_are_no_ops_and_late_ones_are_refused(uploads: UploadsStack) -> None:
    store = UploadStore(ACME)
    upload_id = _received(store)
    store.mark_validating(upload_id, "c1")
    assert store.mark_validating(upload_id, "c1").status is Status.VALIDATING
    store.mark_calculating(upload_id, "c1", rows_total=1, parts=1)
    with pytest.raises(StaleStep):
        store.mark_validating(upload_id, "c1")  # a late validate cannot move it back
    with pytest.raises(StaleStep):
        store.mark_calculating(upload_id, "another", rows_total=1, parts=1)
    store.publish(upload_id, "c1", totals={}, months=[])
    with pytest.raises(StaleStep):
        store.mark_failed(upload_id, "c1", reason="late")
    assert store.require(upload_id).status is Status.COMPLETED


def test_a_failed_calculation_resumes_and_a_recalculation_keeps_the_result(
    uploads: UploadsStack,
) -> None:
    store = UploadStore(ACME)
    upload_id = _received(store)
    store.mark_validating(upload_id, "c1")
    store.mark_failed(upload_id, "c1", reason="a service was unavailable")
    assert store.require(upload_id).reason == "a service was unavailable"
    store.mark_validating(upload_id, "c1")  # the same calculation, run again
    store.mark_calculating(upload_id, "c1", rows_total=1, parts=1)
    store.publish(upload_id, "c1", totals={"co2e_kg": 1.0}, months=["2025-01"])

    again = store.start_calculation(upload_id, "c2", "AR6")
    assert (again.status, again.calculation_id, again.current_calculation) == (
        Status.RECEIVED,
        "c2",
        "c1",
    )
    with pytest.raises(Conflict):
        store.start_calculation(upload_id, "c3", "AR6")  # one calculation at a time
    store.mark_validating(upload_id, "c2")
    store.mark_calculating(upload_id, "c2", rows_total=1, parts=1)
    superseded = Superseded("c1", ["2025-01"])
    assert store.publish(upload_id, "c2", totals={}, months=["2025-02"]) == superseded
    # A publish retried after its answer was lost answers the same, so clearing can retry.
    assert store.publish(upload_id, "c2", totals={}, months=["2025-02"]) == superseded
    assert store.require(upload_id).current_calculation == "c2"


def _replacing(store: UploadStore) -> tuple[str, str]:
    """A published upload and, calculated to the point of publishing, the one replacing it."""
    first = _received(store)
    store.mark_validating(first, "c1")
    store.mark_calculating(first, "c1", rows_total=1, parts=1)
    store.publish(first, "c1", totals={}, months=["2025-01"])
    second = new_upload_id()
    store.create(
        second,
        filename="a.csv",
        content_type="text/csv",
        file_format="csv",
        size=10,
        gwp_set="AR5",
        status=Status.RECEIVED,
        calculation_id="c2",
        replaces=first,
    )
    store.mark_validating(second, "c2")
    store.mark_calculating(second, "c2", rows_total=1, parts=1)
    return first, second


def test_publishing_a_replacement_takes_the_replaced_upload_out_of_the_totals(
    uploads: UploadsStack,
) -> None:
    store = UploadStore(ACME)
    first, second = _replacing(store)
    store.publish(second, "c2", totals={}, months=["2025-01"])
    assert [p.upload_id for p in store.published()] == [second]
    replaced = store.require(first)
    assert (replaced.replaced_by, replaced.current_calculation) == (second, None)


def test_a_replacement_published_is_counted_alone_before_the_replaced_upload_is_withdrawn(
    uploads: UploadsStack, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = UploadStore(ACME)
    first, second = _replacing(store)

    def cut_short(self: UploadStore, upload_id: str, *, replaced_by: str) -> None:
        raise TimeoutError("the step ended between its two writes")

    with monkeypatch.context() as patch:
        patch.setattr(UploadStore, "_withdraw", cut_short)
        with pytest.raises(TimeoutError):
            store.publish(second, "c2", totals={}, months=["2025-01"])
    assert store.require(first).current_calculation == "c1"  # not withdrawn yet
    assert [p.upload_id for p in store.published()] == [second]
    store.publish(second, "c2", totals={}, months=["2025-01"])  # the step's retry
    assert store.require(first).current_calculation is None
    assert [p.upload_id for p in store.published()] == [second]


def test_rejection_keeps_the_first_thousand_problems(uploads: UploadsStack) -> None:
    store = UploadStore(ACME)
    upload_id = _received(store)
    store.mark_validating(upload_id, "c1")
    errors = [{"row": row, "column": "quantity", "message": "bad"} for row in range(2, 1502)]
    rejected = store.mark_rejected(
        upload_id, "c1", reason="invalid_rows", errors=errors, error_count=1500
    )
    assert (rejected.status, rejected.error_count, rejected.reason) == (
        Status.REJECTED,
        1500,
        "invalid_rows",
    )
    problems = store.problems(upload_id)
    assert problems is not None
    assert len(problems.items) == 1000
    assert problems.items[0] == {"row": 2, "column": "quantity", "message": "bad"}


def test_content_claims(uploads: UploadsStack) -> None:
    store = UploadStore(ACME)
    first = _received(store)
    assert store.claim_content("a" * 64, first, replace=False) == Claim()
    assert store.claim_content("a" * 64, first, replace=False) == Claim()  # its own: no-op
    second = new_upload_id()
    assert store.claim_content("a" * 64, second, replace=False) == Claim(duplicate_of=first)
    assert store.claim_content("a" * 64, second, replace=True) == Claim(replaces=first)
    # Another tenant's identical file is not a duplicate of anything of ours.
    assert UploadStore(GLOBEX).claim_content("a" * 64, new_upload_id(), replace=False) == Claim()


def test_a_failed_holder_does_not_make_a_duplicate(uploads: UploadsStack) -> None:
    store = UploadStore(ACME)
    first = _received(store)
    store.claim_content("b" * 64, first, replace=False)
    store.mark_failed(first, "c1", reason="x")
    assert store.claim_content("b" * 64, new_upload_id(), replace=False) == Claim()


def test_a_retried_request_finds_its_first_upload(uploads: UploadsStack) -> None:
    store = UploadStore(ACME)
    assert store.remember_request("key-1", "u1") == "u1"
    assert store.remember_request("key-1", "u2") == "u1"
    assert UploadStore(GLOBEX).remember_request("key-1", "u3") == "u3"


def test_pages_are_newest_first_and_per_tenant(uploads: UploadsStack) -> None:
    store = UploadStore(ACME)
    made = [_received(store) for _ in range(5)]
    _received(UploadStore(GLOBEX))
    first, position = store.page(3)
    assert position is not None
    rest, end = store.page(3, position)
    assert end is None
    assert [u.upload_id for u in first + rest] == list(reversed(made))
    with pytest.raises(PermissionError):
        UploadStore(GLOBEX).page(3, position)  # another tenant's position is refused


def test_missing_upload(uploads: UploadsStack) -> None:
    store = UploadStore(ACME)
    assert store.get("0" * 24) is None
    with pytest.raises(NotFound):
        store.mark_validating("0" * 24, "c1")


def test_arrival_moves_pending_once_and_duplicates_stay_apart(uploads: UploadsStack) -> None:
    store = UploadStore(ACME)
    upload_id = new_upload_id()
    store.create(
        upload_id,
        filename="a.csv",
        content_type="text/csv",
        file_format="csv",
        size=3,
        gwp_set="AR5",
        expires_at=2_000_000_000,
    )
    first = store.mark_received(
        upload_id, content_sha256="c" * 64, source_version="v1", calculation_id="c1"
    )
    again = store.mark_received(
        upload_id, content_sha256="c" * 64, source_version="v9", calculation_id="c9"
    )
    assert (again.calculation_id, again.source_version) == ("c1", "v1")
    assert first == again
    item = (
        boto3.resource("dynamodb")
        .Table(uploads.identity.table)
        .get_item(Key={"pk": "TENANT#t-acme#UPLOADS", "sk": upload_id})["Item"]
    )
    assert "expires_at" not in item  # a received upload no longer expires
    with pytest.raises(StaleStep):
        store.mark_duplicate(upload_id, duplicate_of="x", content_sha256="c" * 64)


# ------------------------------------------------------------------------------------ files


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
