"""POST /v1/uploads: hand over activity data.

The body is either
- a JSON request ``{"filename", "content_type", "size"}`` (optionally ``sheet``, ``gwp_set``,
  ``sha256``, ``replace``), answered ``201`` with a presigned S3 PUT for files up to 1 GB
  (the file's arrival starts the calculation: ``fp_uploads.arrival``); or
- the file itself, up to 5 MB (``text/csv``, JSON records, or XLSX), answered ``202`` once it
  is stored and its calculation started.

The same content uploaded again by the tenant is answered ``200`` with the first upload
(``"duplicate": true``) unless ``replace`` is asked; a retried request with the same
``Idempotency-Key`` header gets the upload its first attempt made (``footprint.uploads.intake``).
Powertools idempotency is not used: its persistence layer writes through its own client,
outside the tenant-scoped repository and credentials every tenant item goes through.
"""

from __future__ import annotations

from typing import Annotated, Any

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.openapi.params import Query
from aws_lambda_powertools.event_handler.openapi.types import OpenAPIResponse
from aws_lambda_powertools.event_handler.router import APIGatewayRouter
from pydantic import BaseModel, Field

from footprint.api.access import WRITERS, current_context
from footprint.api.errors import may_answer
from footprint.api.vocabulary import GwpSet
from footprint.domain.uploads.lifecycle import Status
from footprint.uploads import intake
from fp_uploads import request

router = APIGatewayRouter()  # type: ignore[no-untyped-call]


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


def _json(status: int, body: BaseModel) -> Response[Any]:
    return Response(status_code=status, content_type=content_types.APPLICATION_JSON, body=body)


def _earlier(earlier: intake.Earlier) -> Response[Any]:
    accepted = UploadAccepted(
        upload_id=earlier.upload_id, status=earlier.status.value, duplicate=earlier.duplicate
    )
    return _json(200, accepted)


def _answer(description: str, model: type[BaseModel]) -> OpenAPIResponse:
    return {"description": description, "content": {"application/json": {"model": model}}}


@router.post(
    "/v1/uploads",
    summary="Upload activity data (small files directly, large ones by presigned URL)",
    tags=["uploads"],
    responses={
        200: _answer("Known content, or a retried request: the earlier upload", UploadAccepted),
        201: _answer("A presigned PUT for the file", PresignedUpload),
        202: _answer("The file is stored and its calculation started", UploadAccepted),
    },
    openapi_extensions={**WRITERS, **may_answer(409, 422), "requestBody": request.openapi_body()},
)
def create_upload(
    filename: Annotated[str | None, Query(min_length=1, max_length=255)] = None,
    sheet: Annotated[str | None, Query(min_length=1, max_length=31)] = None,
    gwp_set: GwpSet = "AR5",
    replace: bool = False,
) -> Response[Any]:
    context = current_context(router)
    media_type = request.media_type(router)
    body = request.raw_body(router)
    asked = request.presign_request(media_type, body)
    if asked is not None:
        presigned = intake.presign(
            context, **asked.model_dump(), idempotency_key=request.idempotency_key(router)
        )
        if isinstance(presigned, intake.Earlier):
            return _earlier(presigned)
        answer = PresignedUpload(
            upload_id=presigned.upload_id,
            upload_url=presigned.put.url,
            upload_headers=presigned.put.headers,
            expires_at=presigned.put.expires_at.isoformat(timespec="seconds").replace(
                "+00:00", "Z"
            ),
            status=Status.PENDING.value,
        )
        return _json(201, answer)
    received = intake.receive(
        context,
        body,
        media_type,
        filename=filename,
        sheet=sheet,
        gwp_set=gwp_set,
        replace=replace,
        idempotency_key=request.idempotency_key(router),
    )
    if isinstance(received, intake.Earlier):
        return _earlier(received)
    return _json(202, UploadAccepted(upload_id=received.upload_id, status=received.status.value))
