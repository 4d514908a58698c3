"""/v1/uploads (GET) and /v1/uploads/{upload_id}: the tenant's uploads, newest first, and
one upload's status, progress, row errors and totals."""

from __future__ import annotations

from typing import Annotated, Any

from aws_lambda_powertools.event_handler.openapi.params import Query
from aws_lambda_powertools.event_handler.router import APIGatewayRouter
from pydantic import BaseModel, Field

from footprint.adapters.upload_records import Upload
from footprint.api.access import READERS, current_context
from footprint.api.cursors import decode_cursor, encode_cursor
from footprint.uploads import status
from fp_uploads.routes.common import UPLOAD_ID

router = APIGatewayRouter()  # type: ignore[no-untyped-call]

CURSOR_PURPOSE = "uploads"


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
    uncertainty_digest: str | None = Field(
        description="SHA-256 of the uncertainty statement the calculation pinned (GET"
        " /v1/tenant/inventory/uncertainty answers the current one's); null before it starts"
    )
    duplicate_of: str | None
    replaces: str | None
    replaced_by: str | None
    withdrawn_calculation: str | None = Field(
        default=None,
        description="For an upload rejected because its recalculation found personal data:"
        " the published calculation that rejection took out of every total",
    )
    created_at: str
    updated_at: str

    @classmethod
    def of(cls, upload: Upload, errors: list[dict[str, Any]] | None = None) -> UploadView:
        """The record's own fields, as they are (the view names a subset of them)."""
        fields = {name: getattr(upload, name) for name in cls.model_fields if name != "errors"}
        return cls(**fields | {"status": upload.status.value, "errors": errors})


class UploadPage(BaseModel):
    uploads: list[UploadView]
    next_cursor: str | None = None


@router.get(
    "/v1/uploads",
    summary="The tenant's uploads, newest first",
    tags=["uploads"],
    openapi_extensions=READERS,
)
def list_uploads(
    limit: Annotated[int, Query(ge=1, le=100)] = 25,
    cursor: Annotated[str | None, Query(max_length=2048)] = None,
) -> UploadPage:
    context = current_context(router)
    position = decode_cursor(context, cursor, purpose=CURSOR_PURPOSE) if cursor else None
    found, following = status.page_of_uploads(context, limit, position)
    return UploadPage(
        uploads=[UploadView.of(upload) for upload in found],
        next_cursor=encode_cursor(context, following, purpose=CURSOR_PURPOSE)
        if following
        else None,
    )


@router.get(
    "/v1/uploads/<upload_id>",
    summary="One upload: status, progress, row errors, totals",
    tags=["uploads"],
    openapi_extensions=READERS,
)
def get_upload(upload_id: Annotated[str, UPLOAD_ID]) -> UploadView:
    upload, problems = status.upload_with_problems(current_context(router), upload_id)
    return UploadView.of(upload, problems)
