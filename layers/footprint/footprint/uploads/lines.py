"""Per-line results, a page at a time: an upload's, or those of every published calculation
that a filter (months, scope, category, facility) keeps, the lines behind a total.

A position in the lines names the upload and the calculation it was read from, the part and
the line in it; a recalculation published meanwhile makes an old position refused rather
than mixed with the new results.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from footprint.adapters import calculation_files
from footprint.adapters.published_index import PublishedIndex
from footprint.adapters.tenant_objects import TenantObjects
from footprint.adapters.upload_records import UploadStore
from footprint.domain import results
from footprint.domain.errors import Conflict, NotFound
from footprint.domain.results import LineFilter
from footprint.domain.tenancy import TenantContext
from footprint.uploads.inventory import check_span

# Lines looked at for one page at most: a filter that keeps few lines answers a short page
# (even an empty one) with the position to go on from, rather than reading every part at once.
EXAMINED_PER_PAGE = 200_000
EVERY_LINE = LineFilter()


@dataclass(frozen=True, slots=True)
class LinesPage:
    upload_id: str | None  # None for the lines of a filter across uploads
    calculation_id: str | None
    lines: list[dict[str, Any]]
    following: dict[str, Any] | None  # where the next page starts, or None after the last


def read_lines(
    context: TenantContext,
    upload_id: str,
    limit: int,
    position: Mapping[str, Any] | None,
    where: LineFilter = EVERY_LINE,
) -> LinesPage:
    """Up to ``limit`` lines of the upload's published calculation that ``where`` keeps, from
    ``position`` (the ``following`` of the page before, or None for the first page)."""
    upload = UploadStore(context).get(upload_id)
    if upload is None or not upload.current_calculation:
        raise NotFound("No calculated upload with that id.", field="upload_id")
    calculation_id = upload.current_calculation
    page, following = _read(context, [(upload_id, calculation_id)], limit, position, where)
    return LinesPage(upload_id, calculation_id, page, following)


def read_filtered_lines(
    context: TenantContext, where: LineFilter, limit: int, position: Mapping[str, Any] | None
) -> LinesPage:
    """Up to ``limit`` lines that ``where`` keeps (its months required) of every published
    calculation with totals in those months, upload by upload, from ``position``."""
    first, last = where.first_month, where.last_month
    if first is None or last is None:
        raise ValueError("a filter across uploads names its months")
    check_span(first, last)
    published = sorted(PublishedIndex(context).published(first, last))
    page, following = _read(context, published, limit, position, where)
    return LinesPage(None, None, page, following)


def _read(
    context: TenantContext,
    sources: Sequence[tuple[str, str]],
    limit: int,
    position: Mapping[str, Any] | None,
    where: LineFilter,
) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    """The page of ``sources`` (upload, calculation; in order) from ``position``, and the
    position after it."""
    source, part, offset = 0, 0, 0
    if position is not None:
        wanted = (position.get("upload_id"), position.get("calculation_id"))
        if wanted not in sources:
            raise Conflict("The results were recalculated; start again without a cursor.")
        source = sources.index(wanted)
        part, offset = int(position["part"]), int(position["offset"])
    objects = TenantObjects(context)
    page: list[dict[str, Any]] = []
    budget = EXAMINED_PER_PAGE
    keys: list[str] | None = None
    while source < len(sources) and len(page) < limit and budget > 0:
        upload_id, calculation_id = sources[source]
        if keys is None:
            keys = calculation_files.results_keys(objects, upload_id, calculation_id)
        if part >= len(keys):
            source, part, offset, keys = source + 1, 0, 0, None
            continue
        document = calculation_files.read_json_gz(objects, keys[part])
        taken, reached = results.selected_lines(document, offset, limit - len(page), where, budget)
        page.extend({**line, "upload_id": upload_id} for line in taken)
        budget -= reached - offset
        offset = reached
        if offset >= results.line_count(document):
            part, offset = part + 1, 0
    if source < len(sources) and keys is not None and part >= len(keys):
        source, part, offset = source + 1, 0, 0
    if source >= len(sources):
        return page, None
    upload_id, calculation_id = sources[source]
    following = {
        "upload_id": upload_id,
        "calculation_id": calculation_id,
        "part": part,
        "offset": offset,
    }
    return page, following
