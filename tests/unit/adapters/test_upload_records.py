"""Upload records against moto: forward-only status, once-only progress, rejection kept
beside the record, newest-first pages, and the arrival's move out of ``pending``."""

from __future__ import annotations

import boto3
import pytest

from footprint.adapters.published_index import PublishedIndex
from footprint.adapters.upload_records import StaleStep, Superseded, UploadStore
from footprint.domain.errors import Conflict, NotFound
from footprint.domain.ids import new_upload_id
from footprint.domain.tenancy import Proof, Role, TenantContext
from footprint.domain.uploads.lifecycle import Status
from tests.support.uploads import UploadsStack, received_upload

ACME = TenantContext("t-acme", Proof.TOKEN, "u-ann", Role.EDITOR)
GLOBEX = TenantContext("t-globex", Proof.TOKEN, "u-bob", Role.EDITOR)


def test_an_upload_runs_forward_to_completed(uploads: UploadsStack) -> None:
    store = UploadStore(ACME)
    index = PublishedIndex(ACME)
    upload_id = received_upload(store)
    assert store.mark_validating(upload_id, "c1").status is Status.VALIDATING
    calculating = store.mark_calculating(upload_id, "c1", rows_total=300, parts=3)
    assert (calculating.rows_total, calculating.parts_total) == (300, 3)
    for part in (0, 1, 1, 2, 0):  # parts 0 and 1 retried: each counted once
        store.mark_part_done(upload_id, "c1", part, 100)
    assert store.require(upload_id).rows_done == 300
    assert index.publish(upload_id, "c1", totals={"co2e_kg": 1.5}, months=["2025-01"]) is None
    done = store.require(upload_id)
    assert done.status is Status.COMPLETED
    assert done.current_calculation == "c1"
    assert done.totals == {"co2e_kg": 1.5}
    assert done.created_by == "u-ann"
    assert index.published("2025-01", "2025-01") == {(upload_id, "c1")}


def test_repeated_steps_are_no_ops_and_late_ones_are_refused(uploads: UploadsStack) -> None:
    store = UploadStore(ACME)
    index = PublishedIndex(ACME)
    upload_id = received_upload(store)
    store.mark_validating(upload_id, "c1")
    assert store.mark_validating(upload_id, "c1").status is Status.VALIDATING
    store.mark_calculating(upload_id, "c1", rows_total=1, parts=1)
    with pytest.raises(StaleStep):
        store.mark_validating(upload_id, "c1")  # a late validate cannot move it back
    with pytest.raises(StaleStep):
        store.mark_calculating(upload_id, "another", rows_total=1, parts=1)
    index.publish(upload_id, "c1", totals={}, months=[])
    with pytest.raises(StaleStep):
        store.mark_failed(upload_id, "c1", reason="late")
    assert store.require(upload_id).status is Status.COMPLETED


def test_a_failed_calculation_resumes_and_a_recalculation_keeps_the_result(
    uploads: UploadsStack,
) -> None:
    store = UploadStore(ACME)
    index = PublishedIndex(ACME)
    upload_id = received_upload(store)
    store.mark_validating(upload_id, "c1")
    store.mark_failed(upload_id, "c1", reason="a service was unavailable")
    assert store.require(upload_id).reason == "a service was unavailable"
    store.mark_validating(upload_id, "c1")  # the same calculation, run again
    store.mark_calculating(upload_id, "c1", rows_total=1, parts=1)
    index.publish(upload_id, "c1", totals={"co2e_kg": 1.0}, months=["2025-01"])

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
    assert index.publish(upload_id, "c2", totals={}, months=["2025-02"]) == superseded
    # A publish retried after its answer was lost answers the same, so clearing can retry.
    assert index.publish(upload_id, "c2", totals={}, months=["2025-02"]) == superseded
    assert store.require(upload_id).current_calculation == "c2"


def test_rejection_keeps_the_first_thousand_problems(uploads: UploadsStack) -> None:
    store = UploadStore(ACME)
    upload_id = received_upload(store)
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


def test_pages_are_newest_first_and_per_tenant(uploads: UploadsStack) -> None:
    store = UploadStore(ACME)
    made = [received_upload(store) for _ in range(5)]
    received_upload(UploadStore(GLOBEX))
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
