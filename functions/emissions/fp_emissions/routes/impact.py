"""/v1/emissions/impact: why did the number move? An upload's published calculation against a
what-if with another factor edition and/or GWP set, or one calculation against another; the
lines ordered by absolute change, a page at a time. Nothing is stored or published."""

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
from footprint.api.vocabulary import GwpSet
from footprint.domain.errors import Conflict, InvalidInput
from footprint.domain.ids import FILE_ID_PATTERN, UPLOAD_ID_PATTERN
from footprint.uploads.impact import ImpactPage, calculations_impact, edition_impact

router = APIGatewayRouter()  # type: ignore[no-untyped-call]

EDITION_PATTERN = r"^[a-z_]+-[0-9][0-9.]*$"


class ImpactAnswer(BaseModel):
    upload_id: str
    from_calculation: str = Field(description="The calculation compared from (the published)")
    to_calculation: str | None = Field(
        description="The calculation compared to; null for a what-if (edition and/or gwp)"
    )
    edition: str | None = Field(description="The edition pinned for the what-if, if any")
    old_gwp_set: str | None
    new_gwp_set: str | None
    lines_total: int = Field(description="Lines compared")
    old_co2e_kg: float = Field(description="Total kg CO2e (location-based) before")
    new_co2e_kg: float = Field(description="Total kg CO2e (location-based) after")
    change_kg: float = Field(description="new_co2e_kg - old_co2e_kg")
    lines: list[dict[str, Any]] = Field(
        description="By absolute change, largest first: row (in the file), category, activity,"
        " old_co2e_kg, new_co2e_kg, change_kg, factor_cells (gas, publisher, table, row, and"
        " old and new: factor_id, edition, cell, value, unit; only the cells that moved) and"
        " gwp (the GWP values that moved: gas, old_gwp_set, old, new_gwp_set, new)"
    )
    next_cursor: str | None = Field(description="Pass as cursor for the next page")


@router.get(
    "/v1/emissions/impact",
    summary="Edition impact: an upload's lines with another edition or GWP set",
    description="upload_id with edition (e.g. epa_hub-2025) and/or gwp: the published"
    " calculation against the what-if; or upload_id with from_calculation and"
    " to_calculation: two calculations of the upload still held. Nothing is stored.",
    openapi_extensions={**READERS, **may_answer(404, 409)},
)
def impact(
    upload_id: Annotated[str, Query(pattern=UPLOAD_ID_PATTERN)],
    edition: Annotated[
        str | None, Query(pattern=EDITION_PATTERN, max_length=64, description="e.g. epa_hub-2025")
    ] = None,
    gwp: GwpSet | None = None,
    from_calculation: Annotated[
        str | None, Query(pattern=FILE_ID_PATTERN, description="A calculation id")
    ] = None,
    to_calculation: Annotated[
        str | None, Query(pattern=FILE_ID_PATTERN, description="A calculation id")
    ] = None,
    cursor: str | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> ImpactAnswer:
    context = current_context(router)
    between = from_calculation is not None or to_calculation is not None
    if between and (edition is not None or gwp is not None):
        raise InvalidInput(
            "give edition and/or gwp, or from_calculation and to_calculation, not both",
            field="edition" if edition is not None else "gwp",
        )
    if between and (from_calculation is None or to_calculation is None):
        raise InvalidInput(
            "from_calculation and to_calculation go together",
            field="to_calculation" if to_calculation is None else "from_calculation",
        )
    # The cursor is bound to the comparison it pages through.
    asked = json.dumps([upload_id, edition, gwp, from_calculation, to_calculation])
    purpose = "impact:" + hashlib.sha256(asked.encode("utf-8")).hexdigest()[:32]
    offset = 0
    published: str | None = None
    if cursor is not None:
        position = decode_cursor(context, cursor, purpose=purpose)
        offset, published = int(position["offset"]), str(position["calculation_id"])
    page: ImpactPage
    if from_calculation is not None and to_calculation is not None:
        page = calculations_impact(
            context, upload_id, from_calculation, to_calculation, offset, limit
        )
    else:
        page = edition_impact(context, upload_id, edition, gwp, offset, limit)
        if published is not None and published != page.from_calculation:
            raise Conflict(
                "The upload was recalculated; start again without a cursor.", field="cursor"
            )
    return ImpactAnswer(
        upload_id=page.upload_id,
        from_calculation=page.from_calculation,
        to_calculation=page.to_calculation,
        edition=page.edition,
        **page.answer,
        next_cursor=encode_cursor(
            context,
            {"offset": page.following, "calculation_id": page.from_calculation},
            purpose=purpose,
        )
        if page.following is not None
        else None,
    )
