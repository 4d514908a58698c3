"""/v1/uploads: hand over activity data, and follow it through its calculation.

``POST /v1/uploads`` takes either
- a JSON request ``{"filename", "content_type", "size"}`` (optionally ``sheet``, ``gwp_set``,
  ``sha256``, ``replace``) and answers ``201`` with a presigned S3 PUT for files up to 1 GB
  (the file's arrival starts the calculation: ``fp_uploads.arrival``); or
- the file itself, up to 5 MB (``text/csv``, JSON records, or XLSX), answered ``202`` once it
  is stored and its calculation started.

The same content uploaded again by the tenant is answered ``200`` with the first upload
(``"duplicate": true``) unless ``replace`` is asked; a retried request with the same
``Idempotency-Key`` header gets the upload its first attempt made (a key is the user's own and
bound to its request: the same key with another request is refused, 422). Powertools
idempotency is not used: its persistence layer writes through its own client, outside the
tenant-scoped repository and credentials every tenant item goes through; the two records it
would keep are two conditional puts here (``UploadStore.claim_content`` and
``remember_request``).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from typing import Annotated, Any

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.openapi.params import Path, Query
from aws_lambda_powertools.event_handler.openapi.types import OpenAPIResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from footprint.adapters import upload_files
from footprint.adapters.uploads import Status, Upload, UploadStore, new_upload_id
from footprint.adapters.workflow import new_calculation_id, start_calculation
from footprint.api.access import current_context, roles
from footprint.api.cursors import decode_cursor, encode_cursor
from footprint.api.errors import may_answer
from footprint.api.http import lambda_handler_for, make_resolver
from footprint.api.vocabulary import UPLOAD_ID_PATTERN, GwpSet
from footprint.domain.errors import (
    InvalidInput,
    NotFound,
    TooLarge,
    Unprocessable,
    UnsupportedMediaType,
)
from footprint.domain.tenancy import Role, TenantContext
from footprint.domain.uploads.parsing import (
    UPLOAD_MEDIA_TYPES,
    XLSX_CONTENT_TYPE,
    FileFormat,
    detect_format,
)

app = make_resolver()

READERS = roles(Role.ADMIN, Role.EDITOR, Role.VIEWER, Role.AUDITOR)
WRITERS = roles(Role.ADMIN, Role.EDITOR)

MAX_PRESIGNED_BYTES = 1024**3
MAX_DIRECT_BYTES = 5 * 1024**2
CURSOR_PURPOSE = "uploads"
_DEFAULT_NAMES = {
    FileFormat.CSV: "upload.csv",
    FileFormat.XLSX: "upload.xlsx",
    FileFormat.JSON: "upload.json",
}
_UPLOAD_ID = Path(pattern=UPLOAD_ID_PATTERN, description="An upload id")


class PresignRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    filename: str = Field(min_length=1, max_length=255)
    content_type: str = Field(min_length=1, max_length=255)
    size: int = Field(ge=1, le=MAX_PRESIGNED_BYTES, description="Exact size in bytes")
    sheet: str | None = Field(default=None, min_length=1, max_length=31)
    gwp_set: GwpSet = "AR5"
    sha256: str | None = Field(
        default=None,
        pattern=r"^[0-9a-f]{64}$",
        description="The file's SHA-256 (hex): a known file is answered before any transfer",
    )
    replace: bool = False


class PresignedUpload(BaseModel):
    upload_id: str
    upload_url: str
    upload_headers: dict[str, str] = Field(description="Send these with the PUT, unchanged")
    expires_at: str
    status: str


class UploadAccepted(BaseModel):
    upload_id: str
    status: str
    duplicate: bool = False


class UploadView(BaseModel):
    upload_id: str
    filename: str
    content_type: str
    format: str
    sheet: str | None
    size: int
    content_sha256: str | None
    status: str
    reason: str | None
    rows_total: int | None
    rows_done: int
    error_count: int
    errors: list[dict[str, Any]] | None = Field(
        default=None, description="Row errors or personal-data findings (first 1,000)"
    )
    totals: dict[str, Any] | None
    gwp_set: str
    calculation_id: str | None
    current_calculation: str | None
    duplicate_of: str | None
    replaces: str | None
    replaced_by: str | None
    created_at: str
    updated_at: str

    @classmethod
    def of(cls, upload: Upload, errors: list[dict[str, Any]] | None = None) -> UploadView:
        return cls(
            upload_id=upload.upload_id,
            filename=upload.filename,
            content_type=upload.content_type,
            format=upload.format,
            sheet=upload.sheet,
            size=upload.size,
            content_sha256=upload.content_sha256,
            status=upload.status.value,
            reason=upload.reason,
            rows_total=upload.rows_total,
            rows_done=upload.rows_done,
            error_count=upload.error_count,
            errors=errors,
            totals=upload.totals,
            gwp_set=upload.gwp_set,
            calculation_id=upload.calculation_id,
            current_calculation=upload.current_calculation,
            duplicate_of=upload.duplicate_of,
            replaces=upload.replaces,
            replaced_by=upload.replaced_by,
            created_at=upload.created_at,
            updated_at=upload.updated_at,
        )


class UploadPage(BaseModel):
    uploads: list[UploadView]
    next_cursor: str | None = None


def _json(status: int, body: BaseModel) -> Response[Any]:
    return Response(status_code=status, content_type=content_types.APPLICATION_JSON, body=body)


def _header(name: str) -> str | None:
    headers = app.current_event.headers or {}
    for key, value in headers.items():
        if key.lower() == name:
            return str(value)
    return None


def _body() -> bytes:
    event = app.current_event
    if not event.body:
        return b""
    if event.is_base64_encoded:
        try:
            return base64.b64decode(event.body, validate=True)
        except binascii.Error:
            raise InvalidInput("The body is not valid base64.", field="body") from None
    return event.body.encode("utf-8")


def _idempotency_key() -> str | None:
    key = _header("idempotency-key")
    if key is not None and not 1 <= len(key) <= 255:
        raise InvalidInput("Idempotency-Key is 1 to 255 characters.", field="Idempotency-Key")
    return key


def _first_upload(
    store: UploadStore, context: TenantContext, key: str, request: object, upload_id: str
) -> str:
    """The upload of the first request this user sent with Idempotency-Key ``key``.

    Scoped to the user, so that another user's same key is another request, and bound to a
    digest of ``request`` (JSON), so that a new request under an old key is refused rather
    than answered with the old request's upload."""
    digest = hashlib.sha256(json.dumps(request, sort_keys=True).encode("utf-8")).hexdigest()
    first, first_digest = store.remember_request(
        f"{context.require_user()}\n{key}", digest, upload_id
    )
    if first_digest != digest:
        raise Unprocessable(
            "This Idempotency-Key came with another request; send a new key with a new request.",
            field="Idempotency-Key",
        )
    return first


def _presign_request(media_type: str, body: bytes) -> PresignRequest | None:
    """The body as a presign request, or None when it is a file (JSON records are a list or
    JSON Lines; a request is one object naming ``filename``)."""
    if media_type != "application/json" or not body.lstrip().startswith(b"{"):
        return None
    try:
        document = json.loads(body)
    except ValueError:
        return None  # JSON Lines: the file itself
    if not isinstance(document, dict) or "filename" not in document:
        return None
    try:
        return PresignRequest.model_validate(document)
    except ValidationError as error:
        problems = [
            {"field": ".".join(str(p) for p in item["loc"]) or "body", "message": item["msg"]}
            for item in error.errors()
        ]
        raise InvalidInput("The request is not valid.", errors=problems) from None


def _check_sheet(file_format: FileFormat, sheet: str | None) -> None:
    if sheet is not None and file_format is not FileFormat.XLSX:
        raise InvalidInput("only XLSX workbooks have sheets", field="sheet")


def _duplicate(store: UploadStore, upload_id: str) -> Response[Any]:
    earlier = store.require(upload_id)
    return _json(
        200, UploadAccepted(upload_id=upload_id, status=earlier.status.value, duplicate=True)
    )


def _presign(context: TenantContext, request: PresignRequest) -> Response[Any]:
    file_format = detect_format(request.filename, request.content_type)
    _check_sheet(file_format, request.sheet)
    store = UploadStore(context)
    upload_id = new_upload_id()
    key = _idempotency_key()
    if key is not None:
        upload_id = _first_upload(store, context, key, request.model_dump(mode="json"), upload_id)
    existing = store.get(upload_id)
    if existing is not None and existing.status is not Status.PENDING:
        return _json(200, UploadAccepted(upload_id=upload_id, status=existing.status.value))
    if existing is None and request.sha256 is not None and not request.replace:
        # Known content is answered before a byte moves; the arrival checks the hash again.
        known = store.claim_content(request.sha256, upload_id, replace=False)
        if known.duplicate_of is not None:
            return _duplicate(store, known.duplicate_of)
    url = upload_files.presign_put(
        context, upload_id, content_type=request.content_type, size=request.size
    )
    if existing is None:
        store.create(
            upload_id,
            filename=request.filename,
            content_type=request.content_type,
            file_format=file_format.value,
            size=request.size,
            gwp_set=request.gwp_set,
            sheet=request.sheet,
            replace=request.replace,
            # A URL never used leaves no record behind.
            expires_at=int(url.expires_at.timestamp()) + 24 * 3600,
        )
    answer = PresignedUpload(
        upload_id=upload_id,
        upload_url=url.url,
        upload_headers=url.headers,
        expires_at=url.expires_at.isoformat(timespec="seconds").replace("+00:00", "Z"),
        status=Status.PENDING.value,
    )
    return _json(201, answer)


def _direct(
    context: TenantContext,
    body: bytes,
    media_type: str,
    *,
    filename: str | None,
    sheet: str | None,
    gwp_set: str,
    replace: bool,
) -> Response[Any]:
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
    key = _idempotency_key()
    if key is not None:
        request = [digest, media_type, filename, sheet, gwp_set, replace]
        first = _first_upload(store, context, key, request, upload_id)
        if first != upload_id and store.get(first) is not None:
            return _duplicate(store, first)
    claim = store.claim_content(digest, upload_id, replace=replace)
    if claim.duplicate_of is not None:
        return _duplicate(store, claim.duplicate_of)
    content_type = XLSX_CONTENT_TYPE if file_format is FileFormat.XLSX else media_type
    source_version = upload_files.put_source(context, upload_id, body, content_type)
    calculation_id = new_calculation_id()
    store.create(
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
        replaces=claim.replaces,
    )
    start_calculation(context, upload_id, calculation_id, gwp_set)
    return _json(202, UploadAccepted(upload_id=upload_id, status=Status.RECEIVED.value))


def _upload_body() -> dict[str, Any]:
    """The request body ``create_upload`` reads itself (no Powertools body parameter)."""
    text = {"schema": {"type": "string"}}
    records = {"type": "array", "items": {"type": "object"}}
    return {
        "required": True,
        "content": {
            "application/json": {
                "schema": {"anyOf": [PresignRequest.model_json_schema(), records]}
            },
            "text/csv": text,
            "application/x-ndjson": text,
            XLSX_CONTENT_TYPE: {"schema": {"type": "string", "format": "binary"}},
        },
    }


def _answer(description: str, model: type[BaseModel]) -> OpenAPIResponse:
    return {"description": description, "content": {"application/json": {"model": model}}}


@app.post(
    "/v1/uploads",
    summary="Upload activity data (small files directly, large ones by presigned URL)",
    tags=["uploads"],
    responses={
        200: _answer("Known content, or a retried request: the earlier upload", UploadAccepted),
        201: _answer("A presigned PUT for the file", PresignedUpload),
        202: _answer("The file is stored and its calculation started", UploadAccepted),
    },
    openapi_extensions={**WRITERS, **may_answer(409, 422), "requestBody": _upload_body()},
)
def create_upload(
    filename: Annotated[str | None, Query(min_length=1, max_length=255)] = None,
    sheet: Annotated[str | None, Query(min_length=1, max_length=31)] = None,
    gwp_set: GwpSet = "AR5",
    replace: bool = False,
) -> Response[Any]:
    context = current_context(app)
    media_type = (_header("content-type") or "").split(";")[0].strip().lower()
    if media_type and media_type not in UPLOAD_MEDIA_TYPES:
        raise UnsupportedMediaType(
            f"Upload CSV, XLSX or JSON; the request sent Content-Type {media_type!r}.",
            field="Content-Type",
            allowed=sorted(UPLOAD_MEDIA_TYPES),
        )
    body = _body()
    request = _presign_request(media_type, body)
    if request is not None:
        return _presign(context, request)
    return _direct(
        context,
        body,
        media_type,
        filename=filename,
        sheet=sheet,
        gwp_set=gwp_set,
        replace=replace,
    )


@app.get(
    "/v1/uploads",
    summary="The tenant's uploads, newest first",
    tags=["uploads"],
    openapi_extensions=READERS,
)
def list_uploads(
    limit: Annotated[int, Query(ge=1, le=100)] = 25,
    cursor: Annotated[str | None, Query(max_length=2048)] = None,
) -> UploadPage:
    context = current_context(app)
    position = decode_cursor(context, cursor, purpose=CURSOR_PURPOSE) if cursor else None
    uploads, following = UploadStore(context).page(limit, position)
    return UploadPage(
        uploads=[UploadView.of(upload) for upload in uploads],
        next_cursor=encode_cursor(context, following, purpose=CURSOR_PURPOSE)
        if following
        else None,
    )


@app.get(
    "/v1/uploads/<upload_id>",
    summary="One upload: status, progress, row errors, totals",
    tags=["uploads"],
    openapi_extensions=READERS,
)
def get_upload(upload_id: Annotated[str, _UPLOAD_ID]) -> UploadView:
    store = UploadStore(current_context(app))
    upload = store.get(upload_id)
    if upload is None:
        raise NotFound("No upload with that id.", field="upload_id")
    problems = store.problems(upload_id) if upload.status is Status.REJECTED else None
    return UploadView.of(upload, problems.items if problems else None)


lambda_handler = lambda_handler_for(app)
