"""/v1/emissions/lines: an upload's per-line results with their provenance, a page at a
time (the cursor names the calculation it was read from)."""

from __future__ import annotations

from typing import Annotated, Any

from aws_lambda_powertools.event_handler.openapi.params import Query
from aws_lambda_powertools.event_handler.router import APIGatewayRouter
from pydantic import BaseModel, Field

from footprint.api.access import READERS, current_context
from footprint.api.cursors import decode_cursor, encode_cursor
from footprint.api.errors import may_answer
from footprint.domain.ids import UPLOAD_ID_PATTERN
from footprint.uploads.lines import read_lines

router = APIGatewayRouter()  # type: ignore[no-untyped-call]


class LinesPage(BaseModel):
    upload_id: str
    calculation_id: str
    lines: list[dict[str, Any]] = Field(
        description="One per calculated row: row (its number in the uploaded file), the"
        " quantity, unit, distance and distance_unit it gave, the gases, co2e_kg under the"
        " upload's GWP set (co2e_kg_by_gwp_set under each) and the provenance"
    )
    next_cursor: str | None = Field(description="Pass as cursor for the next page")


@router.get(
    "/v1/emissions/lines",
    summary="Per-line results",
    openapi_extensions={**READERS, **may_answer(404, 409)},
)
def lines(
    upload_id: Annotated[str, Query(pattern=UPLOAD_ID_PATTERN)],
    cursor: str | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> LinesPage:
    context = current_context(router)
    purpose = f"lines:{upload_id}"
    position = decode_cursor(context, cursor, purpose=purpose) if cursor is not None else None
    page = read_lines(context, upload_id, limit, position)
    return LinesPage(
        upload_id=page.upload_id,
        calculation_id=page.calculation_id,
        lines=page.lines,
        next_cursor=encode_cursor(context, page.following, purpose=purpose)
        if page.following
        else None,
    )
