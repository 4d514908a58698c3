"""Rejecting an upload whose calculation found personal data, and deleting every file of it.

A first calculation's rejection marks the upload rejected. A recalculation's (the screen may
find what it did not before) also takes the published upload out of every total, as a
replacement takes out the upload it replaces (``PublishedIndex.rejecting``): its index
entries go in the transaction that rejects it, with the audit event, so the event is logged
exactly when the withdrawal happens. Then every file of the upload is deleted, and the
aggregates of its months. A repeat of the step finds the upload rejected already
(``rejected_for_personal_data``) and finishes those deletions, which are idempotent.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from footprint.adapters.aggregates import AggregateStore
from footprint.adapters.published_index import PublishedIndex
from footprint.adapters.repository import ConditionFailed
from footprint.adapters.tenant_objects import TenantObjects
from footprint.adapters.upload_records import Upload, UploadStore
from footprint.domain import object_keys
from footprint.domain.errors import Conflict
from footprint.domain.tenancy import TenantContext
from footprint.domain.uploads.lifecycle import Status
from footprint.identity import audit

PERSONAL_DATA = "personal_data"
WITHDRAWN_ACTION = "upload.withdrawn"
# Who and where the audit log names for what the calculation workflow does by itself.
WORKFLOW_SOURCE = "calculation-workflow"
WORKFLOW_ACTOR = "workflow"
# The record is read, then written on condition it has not changed (a replacement published
# meanwhile, say); it is read again when it has.
_ATTEMPTS = 3


def reject_personal_data(
    context: TenantContext,
    upload_id: str,
    calculation_id: str,
    findings: Sequence[Mapping[str, Any]],
    finding_count: int,
) -> Upload:
    """Reject the upload for the personal-data ``findings`` (row, column, kind; the first
    1,000 of ``finding_count``) of ``calculation_id``, withdraw it if it was published, and
    delete every file and aggregate of it; answers the upload as rejected."""
    upload = _rejected(context, upload_id, calculation_id, findings, finding_count)
    delete_everything(context, upload)
    return upload


def rejected_for_personal_data(upload: Upload, calculation_id: str) -> bool:
    """Whether ``calculation_id`` of the upload found personal data and rejected it already
    (its files may be gone, the parts' summaries with them: a repeated step finds none)."""
    return (
        upload.status is Status.REJECTED
        and upload.calculation_id == calculation_id
        and upload.reason == PERSONAL_DATA
    )


def delete_everything(context: TenantContext, upload: Upload) -> None:
    """Delete every file of the rejected upload and the aggregates of its months (those of
    the calculation withdrawn; an upload never published has none)."""
    TenantObjects(context).delete_versions(object_keys.upload_prefix(context, upload.upload_id))
    AggregateStore(context).delete(upload.upload_id, upload.months)


def _rejected(
    context: TenantContext,
    upload_id: str,
    calculation_id: str,
    findings: Sequence[Mapping[str, Any]],
    finding_count: int,
) -> Upload:
    index = PublishedIndex(context)
    store = UploadStore(context)
    for _ in range(_ATTEMPTS):
        rejection = index.rejecting(
            upload_id,
            calculation_id,
            reason=PERSONAL_DATA,
            errors=findings,
            error_count=finding_count,
        )
        if rejection is None:
            return store.mark_rejected(
                upload_id,
                calculation_id,
                reason=PERSONAL_DATA,
                errors=findings,
                error_count=finding_count,
            )
        try:
            audit.record(
                context,
                action=WITHDRAWN_ACTION,
                outcome="success",
                source_ip=WORKFLOW_SOURCE,
                actor=WORKFLOW_ACTOR,
                target=upload_id,
                details={
                    "reason": PERSONAL_DATA,
                    "calculation_id": calculation_id,
                    "withdrawn_calculation": rejection.withdrawn,
                    "findings": str(finding_count),
                    "first_finding": _where(findings[0]),
                },
                alongside=rejection.writes,
            )
        except ConditionFailed:
            continue
        return store.require(upload_id)
    raise Conflict("The upload kept changing while it was being rejected.")


def _where(finding: Mapping[str, Any]) -> str:
    """A finding's row, column and kind, never the value (a finding holds none)."""
    return f"row {finding['row']}, {finding['column']}: {finding['kind']}"
