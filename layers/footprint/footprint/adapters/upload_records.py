"""The upload records of one tenant: what was uploaded, where its calculation stands.

Items (all under the tenant's prefix, through ``TenantRepository``):

- ``UPLOADS`` / ``<upload id>``: the record. Upload ids begin with the creation time in
  milliseconds (hex), so the partition read backwards lists the newest first.
- ``UPLOAD#<upload id>`` / ``ERRORS``: the first 1,000 row errors or personal-data findings
  of a rejected upload, apart from the record so listings stay small.

Each step of the workflow is a conditional update that names the calculation it belongs to
and the statuses it may follow (``footprint.domain.uploads.lifecycle``), so a late or
repeated step (a retry after a timeout, an older calculation's straggler) cannot move an
upload backwards: repeating the step the upload is already at is a no-op, anything else
raises ``StaleStep``. A part's progress is counted once per part, however often the part is
retried. A recalculation takes the upload back to ``received`` with a new calculation id;
``current_calculation`` keeps naming the published result until the new one is published
(``footprint.adapters.published_index``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from boto3.dynamodb.conditions import Attr, ConditionBase

from footprint.adapters.repository import ConditionFailed, Put, TenantRepository
from footprint.domain.errors import Conflict, NotFound
from footprint.domain.tenancy import TenantContext
from footprint.domain.uploads.calculations import KeptCalculation
from footprint.domain.uploads.lifecycle import PREDECESSORS, RECALCULABLE, Status

UPLOADS: tuple[str, ...] = ("UPLOADS",)
MAX_KEPT = 1000


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
    """A published calculation that a newer one replaced: what the publish step clears (its
    aggregates and all but its results), and the kept calculations that fell off the
    upload's list with that publish (``expired``: every file of theirs is deleted)."""

    calculation_id: str
    months: list[str]
    expired: list[str] = field(default_factory=list)


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
    # SHA-256 of the uncertainty statement the current calculation pinned.
    uncertainty_digest: str | None = None
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
    # The published calculation a recalculation that found personal data took out of every
    # total (``PublishedIndex.reject_published``).
    withdrawn_calculation: str | None = None
    superseded: Superseded | None = None
    # Its published calculation and the ones kept that it superseded, newest first
    # (``footprint.domain.uploads.calculations``).
    calculations: list[KeptCalculation] = field(default_factory=list)

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
            uncertainty_digest=_text(item.get("uncertainty_digest")),
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
            withdrawn_calculation=_text(item.get("withdrawn_calculation")),
            superseded=Superseded(
                str(superseded["calculation_id"]),
                [str(m) for m in superseded["months"]],
                [str(c) for c in superseded.get("expired", [])],
            )
            if superseded
            else None,
            calculations=[
                KeptCalculation.from_dict(kept) for kept in json.loads(item["calculations"])
            ]
            if item.get("calculations")
            else [],
        )


@dataclass(frozen=True, slots=True)
class Problems:
    """A rejected upload's kept errors (row, column, message) or findings (row, column, kind)."""

    reason: str
    items: list[dict[str, Any]]
    count: int


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _integer(value: Any) -> int | None:
    return None if value is None else int(value)


def stored_item(upload: Upload) -> dict[str, Any]:
    """The stored form of ``upload`` (``Upload.from_item`` reads it back)."""
    item = {name: value for name, value in asdict(upload).items() if value is not None}
    if upload.totals is not None:
        item["totals"] = json.dumps(upload.totals, sort_keys=True)
    if upload.calculations:
        item["calculations"] = stored_calculations(upload.calculations)
    else:
        item.pop("calculations", None)
    return item


def stored_calculations(calculations: Sequence[KeptCalculation]) -> str:
    """The stored form of an upload's kept calculations: JSON text, as ``totals`` is, so
    their floats stay floats (DynamoDB would want them as Decimals)."""
    return json.dumps([asdict(kept) for kept in calculations], sort_keys=True)


def problems_put(
    upload_id: str, *, reason: str, errors: Sequence[Mapping[str, Any]], error_count: int
) -> Put:
    """The item that keeps a rejected upload's first 1,000 ``errors`` beside its record."""
    return Put(
        ("UPLOAD", upload_id),
        ("ERRORS",),
        {
            "reason": reason,
            "items": json.dumps([dict(error) for error in errors[:MAX_KEPT]], default=str),
            "count": error_count,
        },
    )


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
        created = now()
        item: dict[str, Any] = {
            "upload_id": upload_id,
            "filename": filename,
            "content_type": content_type,
            "format": file_format,
            "size": size,
            "status": status.value,
            "gwp_set": gwp_set,
            "created_at": created,
            "updated_at": created,
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

    # ------------------------------------------------------------------------- transitions

    def _advance(
        self,
        upload_id: str,
        target: Status,
        calculation_id: str | None,
        values: Mapping[str, Any] | None = None,
        *,
        remove: Sequence[str] = (),
        add: Mapping[str, int] | None = None,
    ) -> Upload:
        condition: ConditionBase = Attr("status").is_in([s.value for s in PREDECESSORS[target]])
        if calculation_id is not None:
            condition = condition & Attr("calculation_id").eq(calculation_id)
        try:
            item = self._repository.update(
                UPLOADS,
                (upload_id,),
                set_values={"status": target.value, "updated_at": now(), **(values or {})},
                remove=remove,
                add=add,
                condition=condition,
            )
        except ConditionFailed:
            return self._already_at(upload_id, target, calculation_id)
        return Upload.from_item(item)

    def _already_at(self, upload_id: str, target: Status, calculation_id: str | None) -> Upload:
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
        return self._advance(upload_id, Status.RECEIVED, None, values, remove=("expires_at",))

    def mark_duplicate(self, upload_id: str, *, duplicate_of: str, content_sha256: str) -> Upload:
        return self._advance(
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
                    "updated_at": now(),
                    "calculation_id": calculation_id,
                    "gwp_set": gwp_set,
                    "rows_done": 0,
                },
                remove=("parts_done", "reason"),
                condition=Attr("status").is_in([s.value for s in RECALCULABLE]),
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
        return self._advance(upload_id, Status.VALIDATING, calculation_id)

    def mark_calculating(
        self,
        upload_id: str,
        calculation_id: str,
        *,
        rows_total: int,
        parts: int,
        uncertainty_digest: str | None = None,
    ) -> Upload:
        """``uncertainty_digest`` names the uncertainty statement the calculation pinned."""
        pinned = {} if uncertainty_digest is None else {"uncertainty_digest": uncertainty_digest}
        return self._advance(
            upload_id,
            Status.CALCULATING,
            calculation_id,
            {"rows_total": rows_total, "parts_total": parts, "rows_done": 0, **pinned},
            remove=("parts_done",),
        )

    def mark_part_done(self, upload_id: str, calculation_id: str, part: int, rows: int) -> Upload:
        """Count one part's rows as done, once, however often the part is retried."""
        tag = str(part)
        try:
            item = self._repository.update(
                UPLOADS,
                (upload_id,),
                set_values={"updated_at": now()},
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
        problems = problems_put(upload_id, reason=reason, errors=errors, error_count=error_count)
        self._repository.put(problems.pk, problems.sk, problems.attributes)
        return self._advance(
            upload_id,
            Status.REJECTED,
            calculation_id,
            {"reason": reason, "error_count": error_count},
        )

    def mark_failed(self, upload_id: str, calculation_id: str, *, reason: str) -> Upload:
        return self._advance(upload_id, Status.FAILED, calculation_id, {"reason": reason})
