"""An upload's per-line results, a page at a time, from its published calculation.

A position in the lines names the calculation it was read from, the part and the line in it;
a recalculation published meanwhile makes an old position refused rather than mixed with
the new results.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from footprint.adapters import calculation_files
from footprint.adapters.tenant_objects import TenantObjects
from footprint.adapters.upload_records import UploadStore
from footprint.domain import results
from footprint.domain.errors import Conflict, NotFound
from footprint.domain.tenancy import TenantContext


@dataclass(frozen=True, slots=True)
class LinesPage:
    upload_id: str
    calculation_id: str
    lines: list[dict[str, Any]]
    following: dict[str, Any] | None  # where the next page starts, or None after the last


def read_lines(
    context: TenantContext, upload_id: str, limit: int, position: Mapping[str, Any] | None
) -> LinesPage:
    """Up to ``limit`` lines of the upload's published calculation from ``position`` (the
    ``following`` of the page before, or None for the first page)."""
    upload = UploadStore(context).get(upload_id)
    if upload is None or not upload.current_calculation:
        raise NotFound("No calculated upload with that id.", field="upload_id")
    calculation_id = upload.current_calculation
    part, offset = 0, 0
    if position is not None:
        if position.get("calculation_id") != calculation_id:
            raise Conflict("The upload was recalculated; start again without a cursor.")
        part, offset = int(position["part"]), int(position["offset"])
    objects = TenantObjects(context)
    keys = calculation_files.results_keys(objects, upload_id, calculation_id)
    page: list[dict[str, Any]] = []
    while part < len(keys) and len(page) < limit:
        document = calculation_files.read_json_gz(objects, keys[part])
        taken = results.lines(document, offset, offset + limit - len(page))
        page.extend(taken)
        offset += len(taken)
        if offset >= results.line_count(document):
            part, offset = part + 1, 0
    following = (
        {"calculation_id": calculation_id, "part": part, "offset": offset}
        if part < len(keys)
        else None
    )
    return LinesPage(upload_id, calculation_id, page, following)
