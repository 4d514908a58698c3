"""The index of what every total is made of, and the publish that keeps it.

Items (under the tenant's prefix, through ``TenantRepository``):

- ``AGG#0`` / ``<month>#!<upload id>``: one entry (upload id, calculation id) per month of each
  upload's published calculation, kept among aggregate shard 0's items
  (``aggregates.month_entry_sort``), so the query a summary makes of that shard answers its
  months' entries with their aggregates: no query of its own, and none that grows with every
  upload the tenant ever made.
- ``PUBLISHED`` / ``<year>#<upload id>``: an upload of more than 32 months has one entry per
  year instead, as a publish is one transaction of at most 100 actions.
- ``PUBLISHED`` / ``LONG``: put with the year entries of any upload, never removed. A summary
  reads it by key beside its shard queries, and queries the year entries only when it exists,
  so a tenant that never published a long upload pays no query for them.

A publish is one transaction: the record's switch to the new calculation (with the list of
the calculations it keeps, ``footprint.domain.uploads.calculations``), the index entries
of its months, the removal of the previous calculation's entries and, for a replacement, the
replaced upload's withdrawal with the removal of its entries. A reader sees all of it or none.
An upload that ``replaces`` an earlier one (same content, ``replace`` asked) takes the earlier
one out of every total when it is published. A recalculation that finds personal data in a
published upload withdraws the upload itself the same way (``rejecting``), in the transaction
that rejects it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from boto3.dynamodb.conditions import Attr, ConditionBase

from footprint.adapters.aggregates import (
    AGGREGATE_ATTRIBUTES,
    INDEX_SHARD,
    month_entry_sort,
    published_in,
    shard_partition,
)
from footprint.adapters.repository import (
    ConditionFailed,
    Delete,
    KeyParts,
    Put,
    TenantRepository,
    Update,
    Write,
)
from footprint.adapters.upload_records import (
    UPLOADS,
    StaleStep,
    Superseded,
    Upload,
    UploadStore,
    now,
    problems_put,
    stored_calculations,
    stored_item,
)
from footprint.domain import keys
from footprint.domain.errors import Conflict, InvalidInput
from footprint.domain.tenancy import TenantContext
from footprint.domain.uploads.calculations import KeptCalculation, after_publish
from footprint.domain.uploads.lifecycle import Status, may_follow

PUBLISHED: KeyParts = ("PUBLISHED",)
MONTH_ENTRIES: KeyParts = shard_partition(INDEX_SHARD)
# The marker of a tenant that has published a long upload (one indexed by year).
LONG: KeyParts = ("LONG",)
# Index items read per page: some 100 bytes each, well inside DynamoDB's 1 MB a page (a page
# of shard 0 stops at 1 MB of its aggregates first).
_PUBLISHED_PAGE = 2000
# An upload's index entries are its months up to this many, its years beyond. A publish puts
# the upload's entries (and the marker, for a long upload) and deletes its previous
# calculation's and a replaced upload's, with the two records, in one transaction of at most
# 100 actions: 3 x 32 + 2 + 1 fit.
_ENTRIES_MAX = 32
# A publish reads the records it changes, then writes them on condition that they have not
# changed; it reads again when one has (a replaced upload published meanwhile, say).
_PUBLISH_ATTEMPTS = 3


@dataclass(frozen=True, slots=True)
class Rejection:
    """The writes that reject a published upload and withdraw its calculation ``withdrawn``."""

    withdrawn: str
    writes: list[Write]


def _addresses(upload_id: str, months: Sequence[str]) -> list[tuple[KeyParts, KeyParts]]:
    """Where an upload's index entries go: its months, or its years if they are many."""
    if len(months) <= _ENTRIES_MAX:
        return [
            (MONTH_ENTRIES, month_entry_sort(month, upload_id)) for month in sorted(set(months))
        ]
    years = sorted({month[:4] for month in months})
    if len(years) > _ENTRIES_MAX:
        raise InvalidInput(f"an upload's activity may span at most {_ENTRIES_MAX} years")
    return [(PUBLISHED, (year, upload_id)) for year in years]


def _withdrawal(
    upload: Upload,
    values: Mapping[str, Any],
    *,
    remove: Sequence[str] = (),
    condition: ConditionBase | None = None,
) -> list[Write]:
    """The writes that take ``upload`` out of every total: its record updated with ``values``
    and without its published calculation or the calculations it keeps (their files are
    deleted next, so it lists none), on ``condition`` and on still naming the published
    calculation read; and the removal of that calculation's index entries."""
    current = upload.current_calculation
    named = (
        Attr("current_calculation").eq(current)
        if current
        else Attr("current_calculation").not_exists()
    )
    writes: list[Write] = [
        Update(
            UPLOADS,
            (upload.upload_id,),
            {**values, "updated_at": now()},
            remove=("current_calculation", "calculations", *remove),
            condition=named if condition is None else named & condition,
        )
    ]
    if current:
        writes += [Delete(pk, sk) for pk, sk in _addresses(upload.upload_id, upload.months)]
    return writes


def _month_entry_of_old_layout(sk: KeyParts) -> bool:
    """An entry ``PUBLISHED`` / ``<month>#<upload id>``, where month entries were kept before
    they joined shard 0 (the partition's year entries begin with a year, the marker is LONG)."""
    return len(sk) == 2 and sk[0][4:5] == "-"


class PublishedIndex:
    """One tenant's index of published calculations (see the module docstring)."""

    def __init__(self, context: TenantContext, repository: TenantRepository | None = None) -> None:
        self._repository = repository or TenantRepository(context)
        self._records = UploadStore(context, self._repository)

    def published(self, first: str, last: str) -> set[tuple[str, str]]:
        """(upload, calculation) of every published calculation with aggregates in the months
        ``first`` to ``last`` (``YYYY-MM``): the months' entries and ``by_year``'s. For checks
        and tools: the query also reads the months' aggregates of shard 0, which a summary
        needs anyway (``AggregateStore.read`` takes the entries from its own query)."""
        return self.by_year(first, last) | published_in(
            self._repository.query_all(
                MONTH_ENTRIES,
                sk_span=keys.sort_span(first, last),
                page_size=_PUBLISHED_PAGE,
                attributes=AGGREGATE_ATTRIBUTES,
            )
        )

    def by_year(self, first: str, last: str) -> set[tuple[str, str]]:
        """(upload, calculation) of the long uploads' published calculations indexed in the
        years of ``first`` to ``last``: one read by key, and a query only if the tenant has
        ever published a long upload (their aggregates outside the months asked are not read,
        so a caller finds nothing of theirs)."""
        if self._repository.get(PUBLISHED, LONG, consistent=False) is None:
            return set()
        return {
            (str(item["upload_id"]), str(item["calculation_id"]))
            for item in self._repository.query_all(
                PUBLISHED,
                sk_span=keys.sort_span(first[:4], last[:4]),
                page_size=_PUBLISHED_PAGE,
                attributes=("upload_id", "calculation_id"),
            )
        }

    def _entries(self, upload_id: str, calculation_id: str, months: Sequence[str]) -> list[Put]:
        entry = {"upload_id": upload_id, "calculation_id": calculation_id}
        addresses = _addresses(upload_id, months)
        entries = [Put(pk, sk, entry) for pk, sk in addresses]
        if any(pk == PUBLISHED for pk, _ in addresses):
            entries.append(Put(PUBLISHED, LONG, {"long_uploads": True}))
        return entries

    def load(self, uploads: Iterable[Upload]) -> None:
        """Write uploads as they are, with the index entries of their current calculations,
        in batches: a tenant's history written at once instead of through the workflow (the
        summary benchmark loads thousands so). Not a publish: nothing is checked or replaced."""
        self._repository.put_many(
            put
            for upload in uploads
            for put in (
                Put(UPLOADS, (upload.upload_id,), stored_item(upload)),
                *(
                    self._entries(upload.upload_id, upload.current_calculation, upload.months)
                    if upload.current_calculation
                    else ()
                ),
            )
        )

    def reindex(self) -> int:
        """Write the index entries of every upload's published calculation, then delete the
        month entries of the layout before (``PUBLISHED`` / ``<month>#<upload id>``); answers
        how many uploads were indexed. For a tenant whose uploads were published before the
        index or its present layout existed (``footprint tenant reindex``); running it again
        changes nothing.

        Each upload's entries go in one transaction with a check that its record still names
        that calculation and is not replaced, so a publish or a replacement that lands
        meanwhile (and writes its own entries) is never overwritten with stale ones."""
        indexed = 0
        for item in self._repository.query_all(UPLOADS):
            upload = Upload.from_item(item)
            calculation = upload.current_calculation
            if not calculation or upload.replaced_by:
                continue
            check = Update(
                UPLOADS,
                (upload.upload_id,),
                {"indexed_at": now()},
                condition=Attr("current_calculation").eq(calculation)
                & Attr("replaced_by").not_exists(),
            )
            try:
                self._repository.transact(
                    [check, *self._entries(upload.upload_id, calculation, upload.months)]
                )
            except ConditionFailed:
                continue  # it changed: whatever changed it wrote its own entries
            indexed += 1
        self._repository.delete_partition(PUBLISHED, where=_month_entry_of_old_layout)
        return indexed

    def publish(
        self,
        upload_id: str,
        calculation_id: str,
        *,
        totals: Mapping[str, Any],
        months: Sequence[str],
        editions: Sequence[str] = (),
    ) -> Superseded | None:
        """Make ``calculation_id`` the upload's result in one transaction (see the module
        docstring), listed first among the upload's calculations with ``editions`` (the
        factor editions it used); answers the calculation it replaced (again on a repeat, so
        its clearing can be retried)."""
        for _ in range(_PUBLISH_ATTEMPTS):
            before = self._records.require(upload_id)
            if before.status is Status.COMPLETED and before.current_calculation == calculation_id:
                return before.superseded
            if (
                not may_follow(before.status, Status.COMPLETED)
                or before.calculation_id != calculation_id
                # An upload replaced while it was calculating stays out of every total.
                or before.replaced_by
            ):
                raise StaleStep(upload_id, before.status.value)
            published = KeptCalculation(
                calculation_id, now(), list(editions), before.gwp_set, dict(totals)
            )
            kept = after_publish(before.calculations, before.current_calculation, published)
            superseded = (
                Superseded(before.current_calculation, before.months, kept.expired)
                if before.current_calculation
                else None
            )
            try:
                self._repository.transact(
                    self._publishing(
                        before, calculation_id, totals, months, superseded, kept.calculations
                    )
                )
            except ConditionFailed:
                continue
            return superseded
        raise Conflict("The upload kept changing while it was being published.")

    def _publishing(
        self,
        before: Upload,
        calculation_id: str,
        totals: Mapping[str, Any],
        months: Sequence[str],
        superseded: Superseded | None,
        calculations: Sequence[KeptCalculation],
    ) -> list[Write]:
        """The writes of a publish, each on condition that what it read still holds."""
        upload_id = before.upload_id
        values: dict[str, Any] = {
            "status": Status.COMPLETED.value,
            "updated_at": now(),
            "current_calculation": calculation_id,
            "totals": json.dumps(dict(totals), sort_keys=True),
            # Written with the switch, so the list never names another calculation as the
            # published one (the record's condition guards it as it guards the rest).
            "calculations": stored_calculations(calculations),
            "months": list(months),
            "rows_done": before.rows_total or before.rows_done,
        }
        if superseded:
            values["superseded"] = asdict(superseded)
        entries = self._entries(upload_id, calculation_id, months)
        kept = {(entry.pk, entry.sk) for entry in entries}
        writes: list[Write] = [
            Update(
                UPLOADS,
                (upload_id,),
                values,
                remove=("reason",) if superseded else ("reason", "superseded"),
                condition=Attr("status").eq(before.status.value)
                & Attr("calculation_id").eq(calculation_id)
                & Attr("replaced_by").not_exists(),
            ),
            *entries,
        ]
        if superseded:
            writes += [
                Delete(pk, sk)
                for pk, sk in _addresses(upload_id, superseded.months)
                if (pk, sk) not in kept
            ]
        replaced = self._records.get(before.replaces) if before.replaces else None
        if replaced is not None:  # else it no longer exists
            writes += _withdrawal(replaced, {"replaced_by": upload_id})
        return writes

    def rejecting(
        self,
        upload_id: str,
        calculation_id: str,
        *,
        reason: str,
        errors: Sequence[Mapping[str, Any]],
        error_count: int,
    ) -> Rejection | None:
        """The writes, for one transaction, that reject ``calculation_id`` of a published
        upload and withdraw the upload from every total as a replacement withdraws the one it
        replaces, with its problems kept beside its record (``problems_put``) and the
        calculation withdrawn named on it; each on condition that the record is as read.
        None if the upload has no published calculation or is not at a stage a rejection of
        ``calculation_id`` follows: ``UploadStore.mark_rejected`` rejects it, or answers
        the repeat of a rejection done. At most 2 + 32 writes, so an audit event's two
        more fit the transaction's 100."""
        upload = self._records.require(upload_id)
        withdrawn = upload.current_calculation
        if (
            not withdrawn
            or upload.calculation_id != calculation_id
            or not may_follow(upload.status, Status.REJECTED)
        ):
            return None
        rejected = {
            "status": Status.REJECTED.value,
            "reason": reason,
            "error_count": error_count,
            "withdrawn_calculation": withdrawn,
        }
        writes = [
            problems_put(upload_id, reason=reason, errors=errors, error_count=error_count),
            *_withdrawal(
                upload,
                rejected,
                # Nothing of it is counted: the totals and the clearing they led to go too.
                remove=("totals", "superseded"),
                condition=Attr("status").eq(upload.status.value)
                & Attr("calculation_id").eq(calculation_id),
            ),
        ]
        return Rejection(withdrawn, writes)

    def withdrawn_by(self, upload_id: str) -> Upload | None:
        """The upload that ``upload_id`` replaced, once it is out of every total."""
        upload = self._records.require(upload_id)
        replaced = self._records.get(upload.replaces) if upload.replaces else None
        if replaced is None or replaced.replaced_by != upload_id or replaced.current_calculation:
            return None
        return replaced
