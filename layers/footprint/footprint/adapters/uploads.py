"""The upload records of one tenant: what was uploaded, where its calculation stands.

Items (all under the tenant's prefix, through ``TenantRepository``):

- ``UPLOADS`` / ``<upload id>``: the record. Upload ids begin with the creation time in
  milliseconds (hex), so the partition read backwards lists the newest first.
- ``UPLOAD#<upload id>`` / ``ERRORS``: the first 1,000 row errors or personal-data findings
  of a rejected upload, apart from the record so listings stay small.
- ``UPLOAD-CONTENT#<sha256>`` / ``OWNER``: which upload holds that content, so the same file
  uploaded twice is answered with the first upload (unless the user asks to replace it).
- ``UPLOAD-REQUEST#<sha256 of the Idempotency-Key>`` / ``UPLOAD``: a client's retried request
  finds the upload its first attempt made (kept a day).
- ``PUBLISHED`` / ``<month>#<upload id>``: the index of what every total is made of, one entry
  (upload id, calculation id) per month of each upload's published calculation, so a summary
  reads the entries of its months, not every upload the tenant ever made. An upload of more
  than 32 months has one entry per year instead (``<year>#<upload id>``), which sorts just
  before the year's months: a read of some months starts at their first year.

Status moves forward only. Each step of the workflow is a conditional update that names the
calculation it belongs to and the statuses it may follow, so a late or repeated step (a retry
after a timeout, an older calculation's straggler) cannot move an upload backwards: repeating
the step the upload is already at is a no-op, anything else raises ``StaleStep``. A part's
progress is counted once per part, however often the part is retried.

Lifecycle: ``pending`` (a presigned URL was issued) → ``received`` → ``validating`` →
``calculating`` → ``completed``; or ``rejected`` (row errors or personal data), ``failed``
(with a public reason; a re-run of the same calculation may resume it), ``duplicate`` (the
content of an earlier upload arrived by presigned URL). A recalculation takes a completed
upload back to ``received`` with a new calculation id; ``current_calculation`` keeps naming
the published result until the new one is published. An upload that ``replaces`` an earlier
one (same content, ``replace`` asked) takes the earlier one out of every total when it is
published.

A publish is one transaction: the record's switch to the new calculation, the index entries
of its months, the removal of the previous calculation's entries and, for a replacement, the
replaced upload's withdrawal with the removal of its entries. A reader sees all of it or none.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from boto3.dynamodb.conditions import Attr, ConditionBase

from footprint.adapters.repository import (
    ConditionFailed,
    Delete,
    Put,
    TenantRepository,
    Update,
    Write,
)
from footprint.domain import keys
from footprint.domain.errors import Conflict, InvalidInput, NotFound
from footprint.domain.tenancy import TenantContext

UPLOADS: tuple[str, ...] = ("UPLOADS",)
PUBLISHED: tuple[str, ...] = ("PUBLISHED",)
MAX_KEPT = 1000
REQUEST_MEMORY_SECONDS = 24 * 3600


class Status(StrEnum):
    PENDING = "pending"
    RECEIVED = "received"
    VALIDATING = "validating"
    CALCULATING = "calculating"
    COMPLETED = "completed"
    FAILED = "failed"
    REJECTED = "rejected"
    DUPLICATE = "duplicate"


# The statuses each status may follow (besides itself, which is a repeat and a no-op).
_AFTER: dict[Status, frozenset[Status]] = {
    Status.RECEIVED: frozenset({Status.PENDING}),
    Status.VALIDATING: frozenset({Status.RECEIVED, Status.FAILED}),
    Status.CALCULATING: frozenset({Status.VALIDATING, Status.FAILED}),
    Status.COMPLETED: frozenset({Status.CALCULATING}),
    Status.REJECTED: frozenset({Status.VALIDATING, Status.CALCULATING}),
    Status.FAILED: frozenset({Status.RECEIVED, Status.VALIDATING, Status.CALCULATING}),
    Status.DUPLICATE: frozenset({Status.PENDING}),
}
# Holders of a content hash that do not make a later upload of that content a duplicate.
_NOT_HOLDING = frozenset({Status.FAILED, Status.PENDING, Status.DUPLICATE})
# Index entries read per page: some 100 bytes each, well inside DynamoDB's 1 MB a page.
_PUBLISHED_PAGE = 2000
# An upload's index entries are its months up to this many, its years beyond. A publish puts
# the upload's entries and deletes its previous calculation's and a replaced upload's, with the
# two records, in one transaction of at most 100 actions: 3 x 32 + 2 fit.
_ENTRIES_MAX = 32
# A publish reads the records it changes, then writes them on condition that they have not
# changed; it reads again when one has (a replaced upload published meanwhile, say).
_PUBLISH_ATTEMPTS = 3
# What a recalculation may start from: a published result, or a failed attempt at one.
_RECALCULABLE = frozenset({Status.COMPLETED, Status.FAILED})


class StaleStep(Conflict):
    """A workflow step for a calculation the upload has moved past (or not reached)."""

    def __init__(self, upload_id: str, status: str) -> None:
        super().__init__(
            "The upload is not at a stage this step can follow.",
            upload_id=upload_id,
            status=status,
        )


@dataclass(frozen=True, slots=True)
class Superseded:
    """A published calculation that a newer one replaced: what the publish step clears."""

    calculation_id: str
    months: list[str]


@dataclass(frozen=True, slots=True)
class Upload:
    upload_id: str
    filename: str
    content_type: str
    format: str
    size: int
    status: Status
    created_at: str
    updated_at: str
    gwp_set: str
    sheet: str | None = None
    content_sha256: str | None = None
    source_version: str | None = None  # the S3 version hashed, and the one calculated
    created_by: str | None = None
    calculation_id: str | None = None
    current_calculation: str | None = None
    rows_total: int | None = None
    rows_done: int = 0
    parts_total: int | None = None
    error_count: int = 0
    reason: str | None = None
    totals: dict[str, Any] | None = None
    months: list[str] = field(default_factory=list)
    replace: bool = False
    replaces: str | None = None
    replaced_by: str | None = None
    duplicate_of: str | None = None
    superseded: Superseded | None = None

    @classmethod
    def from_item(cls, item: Mapping[str, Any]) -> Upload:
        superseded = item.get("superseded")
        return cls(
            upload_id=str(item["upload_id"]),
            filename=str(item["filename"]),
            content_type=str(item["content_type"]),
            format=str(item["format"]),
            size=int(item["size"]),
            status=Status(item["status"]),
            created_at=str(item["created_at"]),
            updated_at=str(item["updated_at"]),
            gwp_set=str(item["gwp_set"]),
            sheet=_text(item.get("sheet")),
            content_sha256=_text(item.get("content_sha256")),
            source_version=_text(item.get("source_version")),
            created_by=_text(item.get("created_by")),
            calculation_id=_text(item.get("calculation_id")),
            current_calculation=_text(item.get("current_calculation")),
            rows_total=_integer(item.get("rows_total")),
            rows_done=int(item.get("rows_done", 0)),
            parts_total=_integer(item.get("parts_total")),
            error_count=int(item.get("error_count", 0)),
            reason=_text(item.get("reason")),
            totals=json.loads(item["totals"]) if item.get("totals") else None,
            months=[str(month) for month in item.get("months", [])],
            replace=bool(item.get("replace", False)),
            replaces=_text(item.get("replaces")),
            replaced_by=_text(item.get("replaced_by")),
            duplicate_of=_text(item.get("duplicate_of")),
            superseded=Superseded(
                str(superseded["calculation_id"]), [str(m) for m in superseded["months"]]
            )
            if superseded
            else None,
        )


@dataclass(frozen=True, slots=True)
class Problems:
    """A rejected upload's kept errors (row, column, message) or findings (row, column, kind)."""

    reason: str
    items: list[dict[str, Any]]
    count: int


@dataclass(frozen=True, slots=True)
class Claim:
    """The outcome of claiming a content hash for an upload."""

    duplicate_of: str | None = None  # an earlier upload holds this content: answer with it
    replaces: str | None = None  # the earlier upload this one replaces, on request


def new_upload_id() -> str:
    """24 lowercase hex characters: creation time in ms (12), then randomness (12)."""
    return f"{int(time.time() * 1000):012x}{secrets.token_hex(6)}"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _integer(value: Any) -> int | None:
    return None if value is None else int(value)


def _item(upload: Upload) -> dict[str, Any]:
    """The stored form of ``upload`` (``Upload.from_item`` reads it back)."""
    item = {name: value for name, value in asdict(upload).items() if value is not None}
    if upload.totals is not None:
        item["totals"] = json.dumps(upload.totals, sort_keys=True)
    return item


def _places(months: Sequence[str]) -> list[str]:
    """Where an upload's index entries go: its months, or its years if they are many."""
    if len(months) <= _ENTRIES_MAX:
        return sorted(set(months))
    years = sorted({month[:4] for month in months})
    if len(years) > _ENTRIES_MAX:
        raise InvalidInput(f"an upload's activity may span at most {_ENTRIES_MAX} years")
    return years


class UploadStore:
    """One tenant's upload records (see the module docstring for the items)."""

    def __init__(self, context: TenantContext, repository: TenantRepository | None = None) -> None:
        self.context = context
        self._repository = repository or TenantRepository(context)

    # ----------------------------------------------------------------------------- reading

    def get(self, upload_id: str) -> Upload | None:
        item = self._repository.get(UPLOADS, (upload_id,))
        return Upload.from_item(item) if item else None

    def require(self, upload_id: str) -> Upload:
        upload = self.get(upload_id)
        if upload is None:
            raise NotFound("No upload with that id.", field="upload_id")
        return upload

    def problems(self, upload_id: str) -> Problems | None:
        item = self._repository.get(("UPLOAD", upload_id), ("ERRORS",))
        if item is None:
            return None
        return Problems(str(item["reason"]), json.loads(item["items"]), int(item["count"]))

    def page(
        self, limit: int, position: Mapping[str, Any] | None = None
    ) -> tuple[list[Upload], dict[str, Any] | None]:
        """One page of uploads, newest first, and the position of the next page (or None)."""
        found = self._repository.query(UPLOADS, limit=limit, cursor=position, newest_first=True)
        return [Upload.from_item(item) for item in found.items], found.cursor

    def published(self, first: str, last: str) -> set[tuple[str, str]]:
        """(upload, calculation) of every published calculation with aggregates in the months
        ``first`` to ``last`` (``YYYY-MM``), read from the index: the entries of those months
        and, from the first month's year on, the entries by year (the year's earlier months
        come with them; a caller reading the span's aggregates finds nothing of theirs)."""
        return {
            (str(item["upload_id"]), str(item["calculation_id"]))
            for item in self._repository.query_all(
                PUBLISHED,
                sk_span=keys.sort_span(first[:4], last),
                page_size=_PUBLISHED_PAGE,
                attributes=("upload_id", "calculation_id"),
            )
        }

    def _entries(self, upload_id: str, calculation_id: str, months: Sequence[str]) -> list[Put]:
        entry = {"upload_id": upload_id, "calculation_id": calculation_id}
        return [Put(PUBLISHED, (place, upload_id), entry) for place in _places(months)]

    # ---------------------------------------------------------------------------- creating

    def create(
        self,
        upload_id: str,
        *,
        filename: str,
        content_type: str,
        file_format: str,
        size: int,
        gwp_set: str,
        sheet: str | None = None,
        status: Status = Status.PENDING,
        content_sha256: str | None = None,
        source_version: str | None = None,
        calculation_id: str | None = None,
        replace: bool = False,
        replaces: str | None = None,
        expires_at: int | None = None,
    ) -> Upload:
        """A new record: ``pending`` for a presigned upload (``expires_at`` lets DynamoDB drop
        it if the file never comes), ``received`` for a file already stored."""
        now = _now()
        item: dict[str, Any] = {
            "upload_id": upload_id,
            "filename": filename,
            "content_type": content_type,
            "format": file_format,
            "size": size,
            "status": status.value,
            "gwp_set": gwp_set,
            "created_at": now,
            "updated_at": now,
            "created_by": self.context.user_id,
            "sheet": sheet,
            "content_sha256": content_sha256,
            "source_version": source_version,
            "calculation_id": calculation_id,
            "replace": replace,
            "replaces": replaces,
        }
        self._repository.put(
            UPLOADS,
            (upload_id,),
            {key: value for key, value in item.items() if value is not None},
            expires_at=expires_at,
            if_absent=True,
        )
        return self.require(upload_id)

    def claim_content(self, content_sha256: str, upload_id: str, *, replace: bool) -> Claim:
        """Make ``upload_id`` the holder of this content, unless an earlier upload holds it
        (then answer that one) or ``replace`` asks to take it over. An earlier holder that is
        gone, failed or still waiting for its file does not count: its content is in no
        total, and a URL that is never used must not block the file's next upload."""
        address = (("UPLOAD-CONTENT", content_sha256), ("OWNER",))
        try:
            self._repository.put(*address, {"upload_id": upload_id}, if_absent=True)
        except ConditionFailed:
            pass
        else:
            return Claim()
        held = self._repository.get(*address)
        holder = str(held["upload_id"]) if held else None
        if holder == upload_id:
            return Claim()
        earlier = self.get(holder) if holder else None
        live = earlier is not None and earlier.status not in _NOT_HOLDING
        if live and not replace:
            return Claim(duplicate_of=holder)
        condition = Attr("upload_id").eq(holder) if holder else Attr("pk").not_exists()
        self._repository.put(*address, {"upload_id": upload_id}, condition=condition)
        return Claim(replaces=holder if live else None)

    def remember_request(
        self, idempotency_key: str, request_digest: str, upload_id: str
    ) -> tuple[str, str]:
        """The upload and request digest of the first request carrying ``idempotency_key``
        (``upload_id`` and ``request_digest`` if this is that first request). Keys are kept a
        day, hashed (they are client text)."""
        digest = hashlib.sha256(idempotency_key.encode("utf-8")).hexdigest()
        address = (("UPLOAD-REQUEST", digest), ("UPLOAD",))
        try:
            self._repository.put(
                *address,
                {"upload_id": upload_id, "request": request_digest},
                expires_at=int(time.time()) + REQUEST_MEMORY_SECONDS,
                if_absent=True,
            )
        except ConditionFailed:
            remembered = self._repository.get(*address)
            if remembered is not None:
                return str(remembered["upload_id"]), str(remembered.get("request", ""))
            raise
        return upload_id, request_digest

    def load(self, uploads: Iterable[Upload]) -> None:
        """Write uploads as they are, with the index entries of their current calculations,
        in batches: a tenant's history written at once instead of through the workflow (the
        summary benchmark loads thousands so). Not a publish: nothing is checked or replaced."""
        self._repository.put_many(
            put
            for upload in uploads
            for put in (
                Put(UPLOADS, (upload.upload_id,), _item(upload)),
                *(
                    self._entries(upload.upload_id, upload.current_calculation, upload.months)
                    if upload.current_calculation
                    else ()
                ),
            )
        )

    def reindex(self) -> int:
        """Write the index entries of every upload's published calculation; answers how many
        uploads were indexed. For a tenant whose uploads were published before the index
        existed (``footprint uploads reindex``); running it again changes nothing.

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
                {"indexed_at": _now()},
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
        return indexed

    # ------------------------------------------------------------------------- transitions

    def _move(
        self,
        upload_id: str,
        target: Status,
        calculation_id: str | None,
        values: Mapping[str, Any] | None = None,
        *,
        remove: Sequence[str] = (),
        add: Mapping[str, int] | None = None,
    ) -> Upload:
        condition: ConditionBase = Attr("status").is_in([s.value for s in _AFTER[target]])
        if calculation_id is not None:
            condition = condition & Attr("calculation_id").eq(calculation_id)
        try:
            item = self._repository.update(
                UPLOADS,
                (upload_id,),
                set_values={"status": target.value, "updated_at": _now(), **(values or {})},
                remove=remove,
                add=add,
                condition=condition,
            )
        except ConditionFailed:
            return self._repeat(upload_id, target, calculation_id)
        return Upload.from_item(item)

    def _repeat(self, upload_id: str, target: Status, calculation_id: str | None) -> Upload:
        """The upload as it is, if it is already where the step would take it."""
        upload = self.require(upload_id)
        if upload.status is target and (
            calculation_id is None or upload.calculation_id == calculation_id
        ):
            return upload
        raise StaleStep(upload_id, upload.status.value)

    def mark_received(
        self,
        upload_id: str,
        *,
        content_sha256: str,
        source_version: str | None,
        calculation_id: str,
        replaces: str | None = None,
    ) -> Upload:
        """A presigned upload's file arrived (its record stops expiring). If another arrival
        got there first, its calculation id and source version stand."""
        values = {"content_sha256": content_sha256, "calculation_id": calculation_id}
        if source_version is not None:
            values["source_version"] = source_version
        if replaces is not None:
            values["replaces"] = replaces
        return self._move(upload_id, Status.RECEIVED, None, values, remove=("expires_at",))

    def mark_duplicate(self, upload_id: str, *, duplicate_of: str, content_sha256: str) -> Upload:
        return self._move(
            upload_id,
            Status.DUPLICATE,
            None,
            {"duplicate_of": duplicate_of, "content_sha256": content_sha256},
            remove=("expires_at",),
        )

    def start_calculation(self, upload_id: str, calculation_id: str, gwp_set: str) -> Upload:
        """A recalculation: a new calculation id in progress; the published one stays."""
        try:
            item = self._repository.update(
                UPLOADS,
                (upload_id,),
                set_values={
                    "status": Status.RECEIVED.value,
                    "updated_at": _now(),
                    "calculation_id": calculation_id,
                    "gwp_set": gwp_set,
                    "rows_done": 0,
                },
                remove=("parts_done", "reason"),
                condition=Attr("status").is_in([s.value for s in _RECALCULABLE]),
            )
        except ConditionFailed:
            upload = self.require(upload_id)
            if upload.calculation_id == calculation_id:
                return upload
            raise Conflict(
                "The upload is being calculated; wait for it to finish.", status=upload.status
            ) from None
        return Upload.from_item(item)

    def mark_validating(self, upload_id: str, calculation_id: str) -> Upload:
        return self._move(upload_id, Status.VALIDATING, calculation_id)

    def mark_calculating(
        self, upload_id: str, calculation_id: str, *, rows_total: int, parts: int
    ) -> Upload:
        return self._move(
            upload_id,
            Status.CALCULATING,
            calculation_id,
            {"rows_total": rows_total, "parts_total": parts, "rows_done": 0},
            remove=("parts_done",),
        )

    def mark_part_done(self, upload_id: str, calculation_id: str, part: int, rows: int) -> Upload:
        """Count one part's rows as done, once, however often the part is retried."""
        tag = str(part)
        try:
            item = self._repository.update(
                UPLOADS,
                (upload_id,),
                set_values={"updated_at": _now()},
                # DynamoDB's ADD also adds to a string set; the repository types counters only.
                add={"rows_done": rows, "parts_done": {tag}},  # type: ignore[dict-item]
                condition=Attr("status").eq(Status.CALCULATING.value)
                & Attr("calculation_id").eq(calculation_id)
                & ~Attr("parts_done").contains(tag),
            )
        except ConditionFailed:
            upload = self.require(upload_id)
            if upload.calculation_id == calculation_id:
                return upload  # counted already, or the calculation has moved on
            raise StaleStep(upload_id, upload.status.value) from None
        return Upload.from_item(item)

    def mark_rejected(
        self,
        upload_id: str,
        calculation_id: str,
        *,
        reason: str,
        errors: Sequence[Mapping[str, Any]],
        error_count: int,
    ) -> Upload:
        """Rejected as a whole: ``errors`` (the first 1,000 row errors, or personal-data
        findings when ``reason`` is ``personal_data``) kept beside the record."""
        self._repository.put(
            ("UPLOAD", upload_id),
            ("ERRORS",),
            {
                "reason": reason,
                "items": json.dumps([dict(error) for error in errors[:MAX_KEPT]], default=str),
                "count": error_count,
            },
        )
        return self._move(
            upload_id,
            Status.REJECTED,
            calculation_id,
            {"reason": reason, "error_count": error_count},
        )

    def mark_failed(self, upload_id: str, calculation_id: str, *, reason: str) -> Upload:
        return self._move(upload_id, Status.FAILED, calculation_id, {"reason": reason})

    def publish(
        self,
        upload_id: str,
        calculation_id: str,
        *,
        totals: Mapping[str, Any],
        months: Sequence[str],
    ) -> Superseded | None:
        """Make ``calculation_id`` the upload's result in one transaction (see the module
        docstring); answers the calculation it replaced (again on a repeat, so its clearing
        can be retried)."""
        for _ in range(_PUBLISH_ATTEMPTS):
            before = self.require(upload_id)
            if before.status is Status.COMPLETED and before.current_calculation == calculation_id:
                return before.superseded
            if (
                before.status not in _AFTER[Status.COMPLETED]
                or before.calculation_id != calculation_id
                # An upload replaced while it was calculating stays out of every total.
                or before.replaced_by
            ):
                raise StaleStep(upload_id, before.status.value)
            superseded = (
                Superseded(before.current_calculation, before.months)
                if before.current_calculation
                else None
            )
            try:
                self._repository.transact(
                    self._publishing(before, calculation_id, totals, months, superseded)
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
    ) -> list[Write]:
        """The writes of a publish, each on condition that what it read still holds."""
        upload_id = before.upload_id
        values: dict[str, Any] = {
            "status": Status.COMPLETED.value,
            "updated_at": _now(),
            "current_calculation": calculation_id,
            "totals": json.dumps(dict(totals), sort_keys=True),
            "months": list(months),
            "rows_done": before.rows_total or before.rows_done,
        }
        if superseded:
            values["superseded"] = asdict(superseded)
        entries = self._entries(upload_id, calculation_id, months)
        kept = {entry.sk for entry in entries}
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
                Delete(PUBLISHED, (place, upload_id))
                for place in _places(superseded.months)
                if (place, upload_id) not in kept
            ]
        replaced = self.get(before.replaces) if before.replaces else None
        if replaced is not None:  # else it no longer exists
            current = replaced.current_calculation
            writes.append(
                Update(
                    UPLOADS,
                    (replaced.upload_id,),
                    {"replaced_by": upload_id, "updated_at": _now()},
                    remove=("current_calculation",),
                    condition=Attr("current_calculation").eq(current)
                    if current
                    else Attr("current_calculation").not_exists(),
                )
            )
            if current:
                writes += [
                    Delete(PUBLISHED, (place, replaced.upload_id))
                    for place in _places(replaced.months)
                ]
        return writes

    def withdrawn_by(self, upload_id: str) -> Upload | None:
        """The upload that ``upload_id`` replaced, once it is out of every total."""
        upload = self.require(upload_id)
        replaced = self.get(upload.replaces) if upload.replaces else None
        if replaced is None or replaced.replaced_by != upload_id or replaced.current_calculation:
            return None
        return replaced
