"""The index of published calculations against moto: a summary reads only its months'
entries, a publish and its entries are one transaction, a replacement switches every month
at once, loading and reindexing write the same entries a publish would, and reindexing moves
a tenant's month entries from the layout before into aggregate shard 0."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import pytest
from boto3.dynamodb.conditions import Key

from footprint.adapters.aggregates import month_entry_sort
from footprint.adapters.aws import tenant_table
from footprint.adapters.published_index import LONG, MONTH_ENTRIES, PUBLISHED, PublishedIndex
from footprint.adapters.repository import Page, TenantRepository, Update, Write
from footprint.adapters.upload_records import UPLOADS, UploadStore
from footprint.domain import keys
from footprint.domain.errors import Conflict, InvalidInput
from footprint.domain.ids import new_upload_id
from footprint.domain.tenancy import Proof, Role, TenantContext
from footprint.domain.uploads.lifecycle import Status
from tests.support.uploads import UploadsStack, received_upload

ACME = TenantContext("t-acme", Proof.TOKEN, "u-ann", Role.EDITOR)
GLOBEX = TenantContext("t-globex", Proof.TOKEN, "u-bob", Role.EDITOR)


def _published(store: UploadStore, months: Sequence[str], calculation_id: str = "c1") -> str:
    upload_id = received_upload(store, calculation_id)
    store.mark_validating(upload_id, calculation_id)
    store.mark_calculating(upload_id, calculation_id, rows_total=1, parts=1)
    PublishedIndex(store.context).publish(
        upload_id, calculation_id, totals={"co2e_kg": 1.0}, months=months
    )
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
    index = PublishedIndex(ACME)
    # Monthly bills of three facilities over three years, and one file of two months.
    monthly = {
        month: [_published(store, [month]) for _ in range(3)] for month in _span((2023, 1), 36)
    }
    pair = _published(store, ["2025-02", "2025-03"])
    _published(UploadStore(GLOBEX), ["2025-02"])  # another tenant's: never read
    items_read.clear()
    monkeypatch.setattr("footprint.adapters.published_index._PUBLISHED_PAGE", 4)
    found = index.published("2025-01", "2025-03")
    expected = {(u, "c1") for m in ("2025-01", "2025-02", "2025-03") for u in monthly[m]}
    assert found == expected | {(pair, "c1")}
    # The months' entries (9 bills and the pair's 2) and no other, a page of 4 at a time.
    assert items_read == [4, 4, 3]
    # A span from later in a year reads its own months only (no long upload: no year entry).
    items_read.clear()
    assert index.published("2025-04", "2025-04") == {(u, "c1") for u in monthly["2025-04"]}
    assert items_read == [3]


def test_an_upload_of_many_months_is_indexed_by_year(uploads: UploadsStack) -> None:
    store = UploadStore(ACME)
    index = PublishedIndex(ACME)
    long = _published(store, _span((2020, 11), 40))  # 2020-11 to 2024-02
    short = _published(store, ["2024-01"])
    assert index.published("2022-06", "2022-06") == {(long, "c1")}
    assert index.published("2024-01", "2024-12") == {(long, "c1"), (short, "c1")}
    assert index.published("2019-01", "2019-12") == set()
    assert index.published("2025-01", "2025-12") == set()
    entries = TenantRepository(ACME).query(("PUBLISHED",), sk_prefix=("2021",)).items
    assert [e["upload_id"] for e in entries] == [long]
    with pytest.raises(InvalidInput):
        _published(store, [f"{year}-01" for year in range(1990, 2023)])  # 33 years


def _replacing(store: UploadStore) -> tuple[str, str]:
    """A published upload and, calculated to the point of publishing, the one replacing it."""
    first = received_upload(store)
    store.mark_validating(first, "c1")
    store.mark_calculating(first, "c1", rows_total=1, parts=1)
    PublishedIndex(store.context).publish(first, "c1", totals={}, months=["2025-01"])
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
    index = PublishedIndex(ACME)
    first, second = _replacing(store)
    index.publish(second, "c2", totals={}, months=["2025-01"])
    assert index.published("2025-01", "2025-12") == {(second, "c2")}
    replaced = store.require(first)
    assert (replaced.replaced_by, replaced.current_calculation) == (second, None)
    assert index.withdrawn_by(second) == replaced


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
    index = PublishedIndex(ACME)
    upload_id = received_upload(store)
    store.mark_validating(upload_id, "c1")
    store.mark_calculating(upload_id, "c1", rows_total=1, parts=1)
    with monkeypatch.context() as patch:
        _refused(patch, month_entry_sort("2025-02", upload_id))  # the second month's entry
        with pytest.raises(Conflict):
            index.publish(upload_id, "c1", totals={}, months=["2025-01", "2025-02"])
    assert store.require(upload_id).status is Status.CALCULATING
    assert index.published("2025-01", "2025-12") == set()
    index.publish(upload_id, "c1", totals={}, months=["2025-01", "2025-02"])  # the retry
    assert index.published("2025-02", "2025-02") == {(upload_id, "c1")}


def test_a_replacement_switches_every_month_at_once(
    uploads: UploadsStack, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = UploadStore(ACME)
    index = PublishedIndex(ACME)
    first, second = _replacing(store)  # first: 2025-01
    with monkeypatch.context() as patch:
        _refused(patch, (first,))  # the replaced upload's withdrawal
        with pytest.raises(Conflict):
            index.publish(second, "c2", totals={}, months=["2025-01", "2025-02"])
    # Cut short: nothing of it is seen, and the replaced upload still counts.
    assert store.require(first).current_calculation == "c1"
    assert index.published("2025-01", "2025-12") == {(first, "c1")}
    index.publish(second, "c2", totals={}, months=["2025-01", "2025-02"])  # the step's retry
    assert store.require(first).current_calculation is None
    for month in ("2025-01", "2025-02"):
        assert index.published(month, month) == {(second, "c2")}


def test_a_recalculation_moves_the_index_to_its_own_months(uploads: UploadsStack) -> None:
    store = UploadStore(ACME)
    index = PublishedIndex(ACME)
    upload_id = _published(store, _span((2022, 1), 36))  # by year: 2022 to 2024
    store.start_calculation(upload_id, "c2", "AR5")
    store.mark_validating(upload_id, "c2")
    store.mark_calculating(upload_id, "c2", rows_total=1, parts=1)
    assert index.published("2023-01", "2023-01") == {(upload_id, "c1")}  # until it publishes
    index.publish(upload_id, "c2", totals={}, months=["2024-06", "2024-07"])
    assert index.published("2022-01", "2024-05") == set()  # no entry of c1 is left
    assert index.published("2024-07", "2024-07") == {(upload_id, "c2")}
    repository = TenantRepository(ACME)
    entries = repository.query(MONTH_ENTRIES).items
    assert sorted(e["calculation_id"] for e in entries) == ["c2", "c2"]
    # The years' entries are gone; the marker of a tenant with a long upload stays.
    assert repository.query(PUBLISHED).items == [{"long_uploads": True}]


def test_the_largest_publish_fits_one_transaction(
    uploads: UploadsStack, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = UploadStore(ACME)
    index = PublishedIndex(ACME)
    first, second = _replacing(store)
    sizes: list[int] = []
    transact = TenantRepository.transact

    def counted(self: TenantRepository, writes: Sequence[Write]) -> None:
        sizes.append(len(writes))
        transact(self, writes)

    monkeypatch.setattr(TenantRepository, "transact", counted)
    # The replacement's 32 months replace the first upload's; recalculated over 32 years
    # (two months each), its year entries and the marker replace its 32 month entries.
    index.publish(second, "c2", totals={}, months=_span((2023, 1), 32))
    store.start_calculation(second, "c3", "AR5")
    store.mark_validating(second, "c3")
    store.mark_calculating(second, "c3", rows_total=1, parts=1)
    index.publish(
        second, "c3", totals={}, months=[f"{y}-0{m}" for y in range(1994, 2026) for m in (1, 2)]
    )
    # Record, entries, the withdrawal and the replaced upload's entry; then record, 32
    # years, the marker, the 32 months removed and the withdrawal written again.
    assert sizes == [1 + 32 + 1 + 1, 1 + 32 + 1 + 32 + 1]
    assert max(sizes) <= 100
    assert index.published("1994-01", "1994-12") == {(second, "c3")}
    assert index.published("2023-01", "2025-08") == {(second, "c3")}
    assert index.published("2023-01", "2023-01") == {(second, "c3")}
    assert store.require(first).replaced_by == second


def test_uploads_loaded_whole_read_back_and_count(uploads: UploadsStack) -> None:
    store = UploadStore(ACME)
    index = PublishedIndex(ACME)
    published = _published(store, ["2025-03"])
    record = store.require(published)
    copies = [
        replace(record, upload_id=f"{index:024x}", totals={"co2e_kg": float(index)})
        for index in range(30)
    ]
    index.load(copies)
    assert [store.require(copy.upload_id) for copy in copies] == copies
    assert index.published("2025-03", "2025-03") == {(u.upload_id, "c1") for u in [record, *copies]}


def test_reindexing_writes_the_entries_of_uploads_published_before_the_index(
    uploads: UploadsStack,
) -> None:
    store = UploadStore(ACME)
    index = PublishedIndex(ACME)
    kept = _published(store, ["2025-01", "2025-02"])
    _, second = _replacing(store)
    index.publish(second, "c2", totals={}, months=["2025-03"])
    recalculating = _published(store, ["2025-04"])
    store.start_calculation(recalculating, "c9", "AR6")  # still counts with c1 meanwhile
    TenantRepository(ACME).delete_partition(MONTH_ENTRIES)  # as a stack that predates the index
    assert index.published("2025-01", "2025-12") == set()
    assert index.reindex() == 3  # the replaced upload is not counted
    expected = {(kept, "c1"), (second, "c2"), (recalculating, "c1")}
    assert index.published("2025-01", "2025-12") == expected
    assert index.reindex() == 3  # again: the same entries
    assert index.published("2025-01", "2025-12") == expected


def test_reindexing_leaves_an_upload_that_changed_meanwhile_to_its_publish(
    uploads: UploadsStack, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = UploadStore(ACME)
    index = PublishedIndex(ACME)
    upload_id = _published(store, ["2025-01"])
    read = index._repository.query_all

    def republished_meanwhile(*arguments: Any, **options: Any) -> Any:
        items = list(read(*arguments, **options))  # the record read names c1 ...
        TenantRepository(ACME).update(
            UPLOADS, (upload_id,), set_values={"current_calculation": "c2"}
        )
        return iter(items)  # ... but c2 is published before the entries are written

    monkeypatch.setattr(index._repository, "query_all", republished_meanwhile)
    assert index.reindex() == 0


def _partition(pk: tuple[str, ...]) -> list[dict[str, Any]]:
    """Every item of one of ACME's partitions, keys included, in sort order."""
    table = tenant_table(ACME.tenant_id)
    condition = Key("pk").eq(keys.tenant_key(ACME, *pk))
    return list(table.query(KeyConditionExpression=condition, ConsistentRead=True)["Items"])


def test_reindexing_moves_month_entries_of_the_layout_before_into_shard_0(
    uploads: UploadsStack,
) -> None:
    store = UploadStore(ACME)
    index = PublishedIndex(ACME)
    repository = TenantRepository(ACME)
    months = {_published(store, ["2025-01", "2025-02"]): ["2025-01", "2025-02"]}
    months[_published(store, ["2025-02"])] = ["2025-02"]
    long = _published(store, _span((2022, 1), 40))  # by year: 2022 to 2025
    # As the layout before left it: month entries in PUBLISHED, no marker.
    for upload_id, its_months in months.items():
        for month in its_months:
            repository.delete(MONTH_ENTRIES, month_entry_sort(month, upload_id))
            repository.put(
                PUBLISHED, (month, upload_id), {"upload_id": upload_id, "calculation_id": "c1"}
            )
    repository.delete(PUBLISHED, LONG)
    assert index.published("2025-01", "2025-12") == set()
    assert index.reindex() == 3
    expected = {(upload_id, "c1") for upload_id in [*months, long]}
    assert index.published("2025-01", "2025-12") == expected
    assert index.published("2022-01", "2022-01") == {(long, "c1")}
    # PUBLISHED keeps the long upload's years and the marker, no month entry.
    assert [item["sk"] for item in _partition(PUBLISHED)] == [
        *(f"{year}#{long}" for year in range(2022, 2026)),
        "LONG",
    ]
    moved = (_partition(MONTH_ENTRIES), _partition(PUBLISHED))
    assert len(moved[0]) == 3
    assert index.reindex() == 3  # again: nothing changes
    assert (_partition(MONTH_ENTRIES), _partition(PUBLISHED)) == moved


def test_a_publish_lists_its_calculation_with_the_switch_and_a_withdrawal_clears_the_list(
    uploads: UploadsStack,
) -> None:
    store = UploadStore(ACME)
    index = PublishedIndex(ACME)
    first, second = _replacing(store)
    listed = store.require(first).calculations
    assert [(kept.calculation_id, kept.gwp_set) for kept in listed] == [("c1", "AR5")]
    store.start_calculation(first, "c1b", "AR6")
    store.mark_validating(first, "c1b")
    store.mark_calculating(first, "c1b", rows_total=1, parts=1)
    totals = {"gwp_set": "AR6", "co2e_kg": 0.1}
    previous = index.publish(
        first, "c1b", totals=totals, months=["2025-01"], editions=["desnz-2025"]
    )
    assert previous is not None
    assert (previous.calculation_id, previous.expired) == ("c1", [])
    upload = store.require(first)
    assert [kept.calculation_id for kept in upload.calculations] == ["c1b", "c1"]
    assert (upload.calculations[0].totals, upload.calculations[0].editions) == (
        totals,
        ["desnz-2025"],
    )
    # A repeat answers the same calculation to clear, and lists nothing twice.
    assert index.publish(first, "c1b", totals=totals, months=["2025-01"]) == previous
    assert len(store.require(first).calculations) == 2
    index.publish(second, "c2", totals={}, months=["2025-01"])
    assert store.require(first).calculations == []
    # Loaded as it is, an upload keeps its list.
    index.load([upload])
    assert store.require(first).calculations == upload.calculations
