"""Rejecting an upload for personal data: a published upload's recalculation withdraws it
from every total with its audit event in one transaction (all or none, and once), a first
calculation's only rejects it, a replacement published meanwhile wins cleanly, and the
largest withdrawal fits its transaction."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from footprint.adapters.published_index import PublishedIndex, Rejection
from footprint.adapters.repository import TenantRepository, Update, Write
from footprint.adapters.tenant_objects import TenantObjects
from footprint.adapters.upload_records import Upload, UploadStore
from footprint.domain import object_keys
from footprint.domain.errors import Conflict
from footprint.domain.ids import new_upload_id
from footprint.domain.tenancy import TenantContext
from footprint.domain.uploads.lifecycle import Status
from footprint.identity import audit
from footprint.identity.audit import EventFilter
from footprint.uploads import rejection
from tests.support.identity import Tenant
from tests.support.uploads import UploadsStack, published_upload, received_upload

TEMPLATES = Path(__file__).parents[3] / "layers/footprint/footprint/data/templates"
SAMPLE = (TEMPLATES / "activity-template.csv").read_bytes()
FINDINGS = [{"row": 3, "column": "facility", "kind": "phone"}]


def _recalculating(context: TenantContext) -> tuple[str, str, str]:
    """A published upload whose recalculation has reached its aggregate step: answers the
    upload, its published calculation and the recalculation."""
    upload_id, published = published_upload(context, SAMPLE, part_rows=100)
    store = UploadStore(context)
    store.start_calculation(upload_id, "c-again", "AR5")
    store.mark_validating(upload_id, "c-again")
    store.mark_calculating(upload_id, "c-again", rows_total=1, parts=1)
    return upload_id, published, "c-again"


def _withdrawals(context: TenantContext) -> list[audit.AuditEvent]:
    events, _ = audit.list_events(context, where=EventFilter(action=rejection.WITHDRAWN_ACTION))
    return events


def _counted(context: TenantContext, upload: Upload) -> set[tuple[str, str]]:
    """(upload, calculation) of what the index counts in the upload's months."""
    return PublishedIndex(context).published(min(upload.months), max(upload.months))


def test_a_published_upload_leaves_every_total_once_and_the_log_says_why(
    tenant: Tenant, uploads: UploadsStack
) -> None:
    context = tenant.context
    upload_id, published, again = _recalculating(context)
    before = UploadStore(context).require(upload_id)
    assert _counted(context, before) == {(upload_id, published)}
    rejected = rejection.reject_personal_data(context, upload_id, again, FINDINGS, 1)
    assert (rejected.status, rejected.reason, rejected.withdrawn_calculation) == (
        Status.REJECTED,
        "personal_data",
        published,
    )
    assert (rejected.current_calculation, rejected.totals, rejected.calculations) == (
        None,
        None,
        [],
    )
    assert _counted(context, before) == set()
    assert TenantObjects(context).list_keys(object_keys.upload_prefix(context, upload_id)) == []
    problems = UploadStore(context).problems(upload_id)
    assert problems is not None
    assert (problems.reason, problems.items, problems.count) == ("personal_data", FINDINGS, 1)
    [event] = _withdrawals(context)
    assert (event.actor, event.target, event.details["first_finding"]) == (
        rejection.WORKFLOW_ACTOR,
        upload_id,
        "row 3, facility: phone",
    )
    # A repeat rejects nothing more and logs nothing more.
    assert rejection.reject_personal_data(context, upload_id, again, FINDINGS, 1) == rejected
    assert len(_withdrawals(context)) == 1


def test_a_first_calculation_is_rejected_without_a_withdrawal(
    tenant: Tenant, uploads: UploadsStack
) -> None:
    context = tenant.context
    store = UploadStore(context)
    upload_id = received_upload(store)
    store.mark_validating(upload_id, "c1")
    store.mark_calculating(upload_id, "c1", rows_total=1, parts=1)
    rejected = rejection.reject_personal_data(context, upload_id, "c1", FINDINGS, 1)
    assert (rejected.status, rejected.withdrawn_calculation) == (Status.REJECTED, None)
    assert _withdrawals(context) == []


def test_the_withdrawal_and_its_audit_event_are_written_together(
    tenant: Tenant, uploads: UploadsStack, monkeypatch: pytest.MonkeyPatch
) -> None:
    context = tenant.context
    upload_id, published, again = _recalculating(context)
    before = UploadStore(context).require(upload_id)
    transact = TenantRepository.transact

    def refused(self: TenantRepository, writes: Sequence[Write]) -> None:
        # A write whose condition fails, as when another writer got there first.
        transact(self, [*writes, Update(("NOWHERE",), ("NOTHING",), {"seen": True})])

    with monkeypatch.context() as patch:
        patch.setattr(TenantRepository, "transact", refused)
        patch.setattr(audit, "_BACKOFF_SECONDS", 0.0)
        with pytest.raises(Conflict):
            rejection.reject_personal_data(context, upload_id, again, FINDINGS, 1)
    # Cut short: the upload still counts, still calculating, and nothing is logged.
    assert UploadStore(context).require(upload_id).status is Status.CALCULATING
    assert _counted(context, before) == {(upload_id, published)}
    assert _withdrawals(context) == []
    rejection.reject_personal_data(context, upload_id, again, FINDINGS, 1)  # the step's retry
    assert _counted(context, before) == set()
    assert len(_withdrawals(context)) == 1


def test_a_replacement_published_meanwhile_takes_the_upload_out_first(
    tenant: Tenant, uploads: UploadsStack, monkeypatch: pytest.MonkeyPatch
) -> None:
    context = tenant.context
    store = UploadStore(context)
    upload_id, published, again = _recalculating(context)
    before = store.require(upload_id)
    replacement = new_upload_id()
    store.create(
        replacement,
        filename="a.csv",
        content_type="text/csv",
        file_format="csv",
        size=10,
        gwp_set="AR5",
        status=Status.RECEIVED,
        calculation_id="c-new",
        replaces=upload_id,
    )
    store.mark_validating(replacement, "c-new")
    store.mark_calculating(replacement, "c-new", rows_total=1, parts=1)
    rejecting = PublishedIndex.rejecting

    def raced(
        self: PublishedIndex, upload_id: str, calculation_id: str, **problems: Any
    ) -> Rejection | None:
        found = rejecting(self, upload_id, calculation_id, **problems)
        if found is not None:  # the replacement lands between the read and the write
            PublishedIndex(context).publish(replacement, "c-new", totals={}, months=["2025-01"])
        return found

    assert _counted(context, before) == {(upload_id, published)}
    monkeypatch.setattr(PublishedIndex, "rejecting", raced)
    rejected = rejection.reject_personal_data(context, upload_id, again, FINDINGS, 1)
    assert (rejected.status, rejected.replaced_by, rejected.withdrawn_calculation) == (
        Status.REJECTED,
        replacement,
        None,
    )
    assert _counted(context, before) == {(replacement, "c-new")}
    assert _withdrawals(context) == []


def test_the_largest_withdrawal_fits_one_transaction(
    tenant: Tenant, uploads: UploadsStack, monkeypatch: pytest.MonkeyPatch
) -> None:
    context = tenant.context
    store = UploadStore(context)
    upload_id = received_upload(store)
    store.mark_validating(upload_id, "c1")
    store.mark_calculating(upload_id, "c1", rows_total=1, parts=1)
    months = [f"{year}-{month:02d}" for year in (2023, 2024, 2025) for month in range(1, 13)]
    # 32 months, the most an upload is indexed by month (beyond, by year: fewer entries).
    PublishedIndex(context).publish(upload_id, "c1", totals={}, months=months[:32])
    store.start_calculation(upload_id, "c2", "AR5")
    store.mark_validating(upload_id, "c2")
    store.mark_calculating(upload_id, "c2", rows_total=1, parts=1)
    sizes: list[int] = []
    transact = TenantRepository.transact

    def counted(self: TenantRepository, writes: Sequence[Write]) -> None:
        sizes.append(len(writes))
        transact(self, writes)

    monkeypatch.setattr(TenantRepository, "transact", counted)
    rejection.reject_personal_data(context, upload_id, "c2", FINDINGS, 1)
    # The problems, the record, 32 entries removed, the audit event and its chain's head.
    assert sizes == [1 + 1 + 32 + 2]
    assert PublishedIndex(context).published("2023-01", "2025-12") == set()
