"""/v1/emissions/lines: per-line results with their provenance, an upload's or the lines
behind a total (months, scope, category, facility), a page at a time (the cursor names the
calculation it was read from, and is bound to the listing)."""

from __future__ import annotations

import hashlib
import json
from typing import Annotated, Any

from aws_lambda_powertools.event_handler.openapi.params import Query
from aws_lambda_powertools.event_handler.router import APIGatewayRouter
from pydantic import BaseModel, Field

from footprint.api.access import READERS, current_context
from footprint.api.cursors import decode_cursor, encode_cursor
from footprint.api.errors import may_answer
from footprint.api.vocabulary import MONTH_PATTERN
from footprint.domain.errors import InvalidInput
from footprint.domain.ids import UPLOAD_ID_PATTERN
from footprint.domain.results import LineFilter
from footprint.uploads.lines import read_filtered_lines, read_lines

router = APIGatewayRouter()  # type: ignore[no-untyped-call]


class LinesPage(BaseModel):
    upload_id: str | None = Field(description="The upload asked for; null for a filter")
    calculation_id: str | None = Field(description="Its published calculation; null for a filter")
    lines: list[dict[str, Any]] = Field(
        description="One per calculated row: upload_id and row (its number in the uploaded"
        " file), the quantity, unit, distance and distance_unit it gave, the gases, co2e_kg"
        " under the upload's GWP set (co2e_kg_by_gwp_set under each), quality (its data-quality"
        " score, 1 best to 5, with its reasons; null for lines stored before scoring),"
        " uncertainty (its 95 % range) or null with uncertainty_reason, and the provenance"
    )
    next_cursor: str | None = Field(
        description="Pass as cursor for the next page (with the same filter). A filter that"
        " keeps few lines may answer a short page, even an empty one, with a next_cursor"
    )


@router.get(
    "/v1/emissions/lines",
    summary="Per-line results: an upload's, or the lines behind a total",
    description="Either upload_id, or from and to (the lines of every published calculation"
    " whose period has days in those months). scope, category and facility narrow either.",
    openapi_extensions={**READERS, **may_answer(404, 409)},
)
def lines(
    upload_id: Annotated[str | None, Query(pattern=UPLOAD_ID_PATTERN)] = None,
    start: Annotated[
        str | None, Query(alias="from", pattern=MONTH_PATTERN, description="YYYY-MM")
    ] = None,
    end: Annotated[
        str | None, Query(alias="to", pattern=MONTH_PATTERN, description="YYYY-MM")
    ] = None,
    scope: Annotated[int | None, Query(ge=1, le=3)] = None,
    category: Annotated[str | None, Query(max_length=100)] = None,
    facility: Annotated[str | None, Query(max_length=200)] = None,
    cursor: str | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> LinesPage:
    context = current_context(router)
    if upload_id is None and (start is None or end is None):
        raise InvalidInput(
            "give upload_id, or from and to", field="upload_id" if start is None else "to"
        )
    where = LineFilter(start, end, scope, category, facility)
    # The cursor is bound to the listing it pages through: the upload and the filter.
    listing = json.dumps([upload_id, start, end, scope, category, facility])
    purpose = "lines:" + hashlib.sha256(listing.encode("utf-8")).hexdigest()[:32]
    position = decode_cursor(context, cursor, purpose=purpose) if cursor is not None else None
    page = (
        read_lines(context, upload_id, limit, position, where)
        if upload_id is not None
        else read_filtered_lines(context, where, limit, position)
    )
    return LinesPage(
        upload_id=page.upload_id,
        calculation_id=page.calculation_id,
        lines=page.lines,
        next_cursor=encode_cursor(context, page.following, purpose=purpose)
        if page.following
        else None,
    )
