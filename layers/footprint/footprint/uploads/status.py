"""Where the tenant's uploads stand: one upload with its problems, or a page of them, and
the calculations an upload keeps."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from footprint.adapters.upload_records import Upload, UploadStore
from footprint.domain.errors import NotFound
from footprint.domain.tenancy import TenantContext
from footprint.domain.uploads.calculations import CalculationStatus, KeptCalculation, status_of
from footprint.domain.uploads.lifecycle import Status


def upload_with_problems(
    context: TenantContext, upload_id: str
) -> tuple[Upload, list[dict[str, Any]] | None]:
    """The upload and, if it was rejected, its kept row errors or personal-data findings."""
    store = UploadStore(context)
    upload = store.get(upload_id)
    if upload is None:
        raise NotFound("No upload with that id.", field="upload_id")
    problems = store.problems(upload_id) if upload.status is Status.REJECTED else None
    return upload, problems.items if problems else None


def page_of_uploads(
    context: TenantContext, limit: int, position: Mapping[str, Any] | None
) -> tuple[list[Upload], dict[str, Any] | None]:
    """Up to ``limit`` uploads, newest first, from ``position``, and where the next page
    starts (None after the last)."""
    return UploadStore(context).page(limit, position)


def kept_calculations(
    context: TenantContext, upload_id: str
) -> list[tuple[KeptCalculation, CalculationStatus]]:
    """The calculations the upload keeps, newest first, each with its status: its published
    one and those it superseded still held (none for an upload withdrawn by a replacement,
    or not yet published)."""
    upload = UploadStore(context).require(upload_id)
    return [(kept, status_of(kept, upload.current_calculation)) for kept in upload.calculations]
