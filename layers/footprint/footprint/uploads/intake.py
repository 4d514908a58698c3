"""Taking uploads in: a file posted whole, a presigned URL asked for, a presigned file arrived.

However a file comes in, its intake is one use case (``_take_in``): find the earlier upload
that holds the same content (then the file is that upload's duplicate), else record the
upload with a new calculation id and start its calculation.

A retried request with the same ``Idempotency-Key`` gets the upload its first attempt made
(a key is the user's own and bound to its request: the same key with another request is
refused). The arrival of a presigned file learns its tenant and upload from the object key,
which only an authenticated upload request can have chosen.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass

from footprint.adapters import upload_files
from footprint.adapters.upload_claims import UploadClaims
from footprint.adapters.upload_records import Upload, UploadStore
from footprint.domain import object_keys
from footprint.domain.errors import InvalidInput, TooLarge, Unprocessable
from footprint.domain.ids import new_upload_id
from footprint.domain.tenancy import TenantContext
from footprint.domain.uploads.lifecycle import Status
from footprint.domain.uploads.parsing import XLSX_CONTENT_TYPE, FileFormat, detect_format
from footprint.uploads.calculation import record_and_start, start, startable

MAX_PRESIGNED_BYTES = 1024**3
MAX_DIRECT_BYTES = 5 * 1024**2
# A presigned URL never used leaves no record behind: a pending record expires this long
# after its URL.
PENDING_KEPT_SECONDS = 24 * 3600
_DEFAULT_NAMES = {
    FileFormat.CSV: "upload.csv",
    FileFormat.XLSX: "upload.xlsx",
    FileFormat.JSON: "upload.json",
}


@dataclass(frozen=True, slots=True)
class Earlier:
    """An upload made before: the same content (``duplicate``), or the same request retried."""

    upload_id: str
    status: Status
    duplicate: bool


@dataclass(frozen=True, slots=True)
class Presigned:
    upload_id: str
    put: upload_files.PresignedPut


def _check_sheet(file_format: FileFormat, sheet: str | None) -> None:
    if sheet is not None and file_format is not FileFormat.XLSX:
        raise InvalidInput("only XLSX workbooks have sheets", field="sheet")


def _first_upload(
    claims: UploadClaims, context: TenantContext, key: str, request: object, upload_id: str
) -> str:
    """The upload of the first request this user sent with Idempotency-Key ``key``.

    Scoped to the user, so that another user's same key is another request, and bound to a
    digest of ``request`` (JSON), so that a new request under an old key is refused rather
    than answered with the old request's upload."""
    digest = hashlib.sha256(json.dumps(request, sort_keys=True).encode("utf-8")).hexdigest()
    first, first_digest = claims.remember_request(
        f"{context.require_user()}\n{key}", digest, upload_id
    )
    if first_digest != digest:
        raise Unprocessable(
            "This Idempotency-Key came with another request; send a new key with a new request.",
            field="Idempotency-Key",
        )
    return first


def _duplicate(store: UploadStore, upload_id: str) -> Earlier:
    return Earlier(upload_id, store.require(upload_id).status, duplicate=True)


def _take_in(
    context: TenantContext,
    upload_id: str,
    content_sha256: str,
    *,
    replace: bool,
    record: Callable[[str, str | None], Upload],
) -> Upload | str:
    """Find the upload that holds this content already and answer its id, or else record
    this one (``record`` is given the new calculation id and the upload it replaces, if
    ``replace`` asked to take the content over) and start its calculation."""
    claim = UploadClaims(context).claim_content(content_sha256, upload_id, replace=replace)
    if claim.duplicate_of is not None:
        return claim.duplicate_of
    return record_and_start(context, lambda calculation_id: record(calculation_id, claim.replaces))


def presign(
    context: TenantContext,
    *,
    filename: str,
    content_type: str,
    size: int,
    sheet: str | None,
    gwp_set: str,
    sha256: str | None,
    replace: bool,
    idempotency_key: str | None,
) -> Presigned | Earlier:
    """A presigned PUT for a file of up to 1 GB, and its ``pending`` record; the file's
    arrival (``arrived``) takes it in. Known content (``sha256``) is answered with its upload
    before a byte moves."""
    file_format = detect_format(filename, content_type)
    _check_sheet(file_format, sheet)
    store = UploadStore(context)
    upload_id = new_upload_id()
    if idempotency_key is not None:
        request = {
            "filename": filename,
            "content_type": content_type,
            "size": size,
            "sheet": sheet,
            "gwp_set": gwp_set,
            "sha256": sha256,
            "replace": replace,
        }
        upload_id = _first_upload(
            UploadClaims(context), context, idempotency_key, request, upload_id
        )
    existing = store.get(upload_id)
    if existing is not None and existing.status is not Status.PENDING:
        return Earlier(upload_id, existing.status, duplicate=False)
    if existing is None and sha256 is not None and not replace:
        # Known content is answered before a byte moves; the arrival checks the hash again.
        known = UploadClaims(context).claim_content(sha256, upload_id, replace=False)
        if known.duplicate_of is not None:
            return _duplicate(store, known.duplicate_of)
    put = upload_files.presign_put(context, upload_id, content_type=content_type, size=size)
    if existing is None:
        store.create(
            upload_id,
            filename=filename,
            content_type=content_type,
            file_format=file_format.value,
            size=size,
            gwp_set=gwp_set,
            sheet=sheet,
            replace=replace,
            expires_at=int(put.expires_at.timestamp()) + PENDING_KEPT_SECONDS,
        )
    return Presigned(upload_id, put)


def receive(
    context: TenantContext,
    body: bytes,
    media_type: str,
    *,
    filename: str | None,
    sheet: str | None,
    gwp_set: str,
    replace: bool,
    idempotency_key: str | None,
) -> Upload | Earlier:
    """A file posted whole (up to 5 MB): stored, recorded ``received`` and its calculation
    started; or the earlier upload of the same content or the same request."""
    if len(body) > MAX_DIRECT_BYTES:
        raise TooLarge(
            "Direct uploads are up to 5 MB; ask for a presigned URL for larger files.",
            max_bytes=MAX_DIRECT_BYTES,
        )
    if not body:
        raise InvalidInput("The body is empty: send the file, or a presign request.")
    file_format = detect_format(filename or "", media_type)
    _check_sheet(file_format, sheet)
    store = UploadStore(context)
    upload_id = new_upload_id()
    digest = hashlib.sha256(body).hexdigest()
    if idempotency_key is not None:
        request = [digest, media_type, filename, sheet, gwp_set, replace]
        first = _first_upload(UploadClaims(context), context, idempotency_key, request, upload_id)
        if first != upload_id and store.get(first) is not None:
            return _duplicate(store, first)
    content_type = XLSX_CONTENT_TYPE if file_format is FileFormat.XLSX else media_type

    def record(calculation_id: str, replaces: str | None) -> Upload:
        source_version = upload_files.put_source(context, upload_id, body, content_type)
        return store.create(
            upload_id,
            filename=filename or _DEFAULT_NAMES[file_format],
            content_type=content_type,
            file_format=file_format.value,
            size=len(body),
            gwp_set=gwp_set,
            sheet=sheet,
            status=Status.RECEIVED,
            content_sha256=digest,
            source_version=source_version,
            calculation_id=calculation_id,
            replace=replace,
            replaces=replaces,
        )

    taken = _take_in(context, upload_id, digest, replace=replace, record=record)
    return _duplicate(store, taken) if isinstance(taken, str) else taken


def arrived(key: str) -> str:
    """A presigned upload's file arrived at ``key``: take it in. Answers what was done (for
    the log and the tests).

    Per upload:
    - ``pending``: hash the stored file, keeping its S3 version id (that version is the one
      calculated), and take it in: the same content already held by another upload makes
      this one a ``duplicate`` of it (its file is deleted) unless the user asked to replace.
    - ``received``: start the workflow (a no-op if it runs). This also covers direct
      uploads, whose request started it already, and a request that stored its file but
      failed before starting.
    - anything later, or no record: nothing to start (a redelivered event, or a direct
      upload whose record is not written yet: its own request starts it).

    Whatever the state, a version of the source other than the one hashed (a second PUT to
    a URL that has not expired yet) is deleted; so is any file sent to a duplicate's URL.
    """
    found = object_keys.source_of(key)
    if found is None:
        return "ignored"
    tenant_id, upload_id = found
    context = TenantContext.for_workflow(tenant_id)
    store = UploadStore(context)
    upload = store.get(upload_id)
    if upload is None:
        return "unknown"
    started = False
    if upload.status is Status.PENDING:
        source = upload_files.source_digest(context, upload_id)

        def record(calculation_id: str, replaces: str | None) -> Upload:
            # If another arrival got there first, its calculation id and version stand.
            return store.mark_received(
                upload_id,
                content_sha256=source.sha256,
                source_version=source.version_id,
                calculation_id=calculation_id,
                replaces=replaces,
            )

        taken = _take_in(context, upload_id, source.sha256, replace=upload.replace, record=record)
        if isinstance(taken, str):
            store.mark_duplicate(upload_id, duplicate_of=taken, content_sha256=source.sha256)
            upload_files.delete_source(context, upload_id)
            return "duplicate"
        upload, started = taken, startable(taken)
    else:
        started = start(context, upload)
    # The version hashed is the one calculated; any other is a later PUT to the same URL,
    # and is dropped unread. A duplicate holds no file at all.
    if upload.status is Status.DUPLICATE:
        discarded = upload_files.delete_source(context, upload_id)
    else:
        discarded = upload_files.discard_other_versions(context, upload_id, upload.source_version)
    if started:
        return "started"
    return "discarded" if discarded else "skipped"
