"""The upload store and the upload files, against moto: forward-only status, once-only
progress, the index of published calculations and its one-transaction publish, content
claims, newest-first pages, and deletion of every stored version."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import boto3
import pytest
import requests

from footprint.adapters import upload_files
from footprint.adapters.repository import Page, TenantRepository, Update, Write
from footprint.adapters.uploads import (
    PUBLISHED,
    UPLOADS,
    Claim,
    StaleStep,
    Status,
    Superseded,
    UploadStore,
    new_upload_id,
)
from footprint.domain import object_keys
from footprint.domain.errors import Conflict, InvalidInput, NotFound
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
    assert store.published("2025-01", "2025-01") == {(upload_id, "c1")}


def _published(store: UploadStore, months: Sequence[str], calculation_id: str = "c1") -> str:
    upload_id = _received(store, calculation_id)
    store.mark_validating(upload_id, calculation_id)
    store.mark_calculating(upload_id, calculation_id, rows_total=1, parts=1)
    store.publish(upload_id, calculation_id, totals={"co2e_kg": 1.0}, months=months)
    return upload_id


def _span(first: tuple[int, int], count: int) -> list[str]:
    """``count`` months from (year, month) on, as ``YYYY-MM``."""
    start = first[0] * 12 + first[1] - 1
    return [f"{m // 12}-{m % 12 + 1:02d}" for m in range(start, start + count)]


@pytest.fixture
def items_read(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many items each query of the repository answered, in order."""
    counts: list[int] = []
    query = TenantRepository.query

    def counted(self: TenantRepository, *args: Any, **kwargs: Any) -> Page:
        page = query(self, *args, **kwargs)
        counts.append(len(page.items))
        return page

    monkeypatch.setattr(TenantRepository, "query", counted)
    return counts


def test_a_summary_reads_only_the_index_entries_of_its_months(
    uploads: UploadsStack, monkeypatch: pytest.MonkeyPatch, items_read: list[int]
) -> None:
    store = UploadStore(ACME)
    # Monthly bills of three facilities over three years, and one file of two months.
    monthly = {
        month: [_published(store, [month]) for _ in range(3)] for month in _span((2023, 1), 36)
    }
    pair = _published(store, ["2025-02", "2025-03"])
    _published(UploadStore(GLOBEX), ["2025-02"])  # another tenant's: never read
    items_read.clear()
    monkeypatch.setattr("footprint.adapters.uploads._PUBLISHED_PAGE", 4)
    found = store.published("2025-01", "2025-03")
    expected = {(u, "c1") for m in ("2025-01", "2025-02", "2025-03") for u in monthly[m]}
    assert found == expected | {(pair, "c1")}
    # The months' entries (9 bills and the pair's 2) and no other, a page of 4 at a time.
    assert items_read == [4, 4, 3]
    # A span from later in a year reads the year's earlier months too (where the entries by
    # year of long uploads sort): 2025-01 to 2025-04 here, 12 bills and the pair's 2.
    items_read.clear()
    assert store.published("2025-04", "2025-04") >= {(u, "c1") for u in monthly["2025-04"]}
    assert sum(items_read) == 14


def test_an_upload_of_many_months_is_indexed_by_year(uploads: UploadsStack) -> None:
    store = UploadStore(ACME)
    long = _published(store, _span((2020, 11), 40))  # 2020-11 to 2024-02
    short = _published(store, ["2024-01"])
    assert store.published("2022-06", "2022-06") == {(long, "c1")}
    assert store.published("2024-01", "2024-12") == {(long, "c1"), (short, "c1")}
    assert store.published("2019-01", "2019-12") == set()
    assert store.published("2025-01", "2025-12") == set()
    entries = TenantRepository(ACME).query(("PUBLISHED",), sk_prefix=("2021",)).items
    assert [e["upload_id"] for e in entries] == [long]
    with pytest.raises(InvalidInput):
        _published(store, [f"{year}-01" for year in range(1990, 2023)])  # 33 years


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
    assert store.published("2025-01", "2025-12") == {(second, "c2")}
    replaced = store.require(first)
    assert (replaced.replaced_by, replaced.current_calculation) == (second, None)
    assert store.withdrawn_by(second) == replaced


def _refused(monkeypatch: pytest.MonkeyPatch, sk: tuple[str, ...]) -> None:
    """A transaction with a write to an item of sort key ``sk`` also holds a write whose
    condition fails (as when another writer got there first), so DynamoDB cancels it."""
    transact = TenantRepository.transact

    def failing(self: TenantRepository, writes: Sequence[Write]) -> None:
        if any(write.sk == sk for write in writes):
            writes = [*writes, Update(("NOWHERE",), ("NOTHING",), {"seen": True})]
        transact(self, writes)

    monkeypatch.setattr(TenantRepository, "transact", failing)


def test_a_publish_and_its_index_entries_are_written_together(
    uploads: UploadsStack, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = UploadStore(ACME)
    upload_id = _received(store)
    store.mark_validating(upload_id, "c1")
    store.mark_calculating(upload_id, "c1", rows_total=1, parts=1)
    with monkeypatch.context() as patch:
        _refused(patch, ("2025-02", upload_id))  # the second month's entry
        with pytest.raises(Conflict):
            store.publish(upload_id, "c1", totals={}, months=["2025-01", "2025-02"])
    assert store.require(upload_id).status is Status.CALCULATING
    assert store.published("2025-01", "2025-12") == set()
    store.publish(upload_id, "c1", totals={}, months=["2025-01", "2025-02"])  # the retry
    assert store.published("2025-02", "2025-02") == {(upload_id, "c1")}


def test_a_replacement_switches_every_month_at_once(
    uploads: UploadsStack, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = UploadStore(ACME)
    first, second = _replacing(store)  # first: 2025-01
    with monkeypatch.context() as patch:
        _refused(patch, (first,))  # the replaced upload's withdrawal
        with pytest.raises(Conflict):
            store.publish(second, "c2", totals={}, months=["2025-01", "2025-02"])
    # Cut short: nothing of it is seen, and the replaced upload still counts.
    assert store.require(first).current_calculation == "c1"
    assert store.published("2025-01", "2025-12") == {(first, "c1")}
    store.publish(second, "c2", totals={}, months=["2025-01", "2025-02"])  # the step's retry
    assert store.require(first).current_calculation is None
    for month in ("2025-01", "2025-02"):
        assert store.published(month, month) == {(second, "c2")}


def test_a_recalculation_moves_the_index_to_its_own_months(uploads: UploadsStack) -> None:
    store = UploadStore(ACME)
    upload_id = _published(store, _span((2022, 1), 36))  # by year: 2022 to 2024
    store.start_calculation(upload_id, "c2", "AR5")
    store.mark_validating(upload_id, "c2")
    store.mark_calculating(upload_id, "c2", rows_total=1, parts=1)
    assert store.published("2023-01", "2023-01") == {(upload_id, "c1")}  # until it publishes
    store.publish(upload_id, "c2", totals={}, months=["2024-06", "2024-07"])
    assert store.published("2022-01", "2024-05") == set()  # no entry of c1 is left
    assert store.published("2024-07", "2024-07") == {(upload_id, "c2")}
    entries = TenantRepository(ACME).query(("PUBLISHED",)).items
    assert sorted(e["calculation_id"] for e in entries) == ["c2", "c2"]


def test_uploads_loaded_whole_read_back_and_count(uploads: UploadsStack) -> None:
    store = UploadStore(ACME)
    published = _published(store, ["2025-03"])
    record = store.require(published)
    copies = [
        replace(record, upload_id=f"{index:024x}", totals={"co2e_kg": float(index)})
        for index in range(30)
    ]
    store.load(copies)
    assert [store.require(copy.upload_id) for copy in copies] == copies
    assert store.published("2025-03", "2025-03") == {(u.upload_id, "c1") for u in [record, *copies]}


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
    assert store.remember_request("key-1", "r1", "u1") == ("u1", "r1")
    assert store.remember_request("key-1", "r2", "u2") == ("u1", "r1")
    assert UploadStore(GLOBEX).remember_request("key-1", "r3", "u3") == ("u3", "r3")


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


def test_reindexing_writes_the_entries_of_uploads_published_before_the_index(
    uploads: UploadsStack,
) -> None:
    store = UploadStore(ACME)
    kept = _published(store, ["2025-01", "2025-02"])
    _, second = _replacing(store)
    store.publish(second, "c2", totals={}, months=["2025-03"])
    recalculating = _published(store, ["2025-04"])
    store.start_calculation(recalculating, "c9", "AR6")  # still counts with c1 meanwhile
    TenantRepository(ACME).delete_partition(PUBLISHED)  # as a stack that predates the index
    assert store.published("2025-01", "2025-12") == set()
    assert store.reindex() == 3  # the replaced upload is not counted
    expected = {(kept, "c1"), (second, "c2"), (recalculating, "c1")}
    assert store.published("2025-01", "2025-12") == expected
    assert store.reindex() == 3  # again: the same entries
    assert store.published("2025-01", "2025-12") == expected


def test_reindexing_leaves_an_upload_that_changed_meanwhile_to_its_publish(
    uploads: UploadsStack, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = UploadStore(ACME)
    upload_id = _published(store, ["2025-01"])
    read = store._repository.query_all

    def republished_meanwhile(*arguments: Any, **options: Any) -> Any:
        items = list(read(*arguments, **options))  # the record read names c1 ...
        TenantRepository(ACME).update(
            UPLOADS, (upload_id,), set_values={"current_calculation": "c2"}
        )
        return iter(items)  # ... but c2 is published before the entries are written

    monkeypatch.setattr(store._repository, "query_all", republished_meanwhile)
    assert store.reindex() == 0
