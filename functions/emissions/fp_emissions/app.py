"""Emissions queries: the inventory summary, per-line results with provenance, the GHG
Protocol export, the factor library, and recalculation. Every answer comes from the
caller's tenant only: the context is built from the verified token, never from the request."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any, Literal

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Path, Query
from pydantic import BaseModel, ConfigDict, Field

from footprint.adapters import calculations
from footprint.adapters.tenant_objects import TenantObjects
from footprint.adapters.uploads import UploadStore
from footprint.adapters.workflow import new_calculation_id, start_calculation
from footprint.api.access import current_context, roles
from footprint.api.cursors import decode_cursor, encode_cursor
from footprint.api.errors import may_answer
from footprint.api.http import lambda_handler_for, make_resolver
from footprint.api.vocabulary import MONTH_PATTERN, UPLOAD_ID_PATTERN, GwpSet
from footprint.domain import results
from footprint.domain.errors import Conflict, InvalidInput, NotFound
from footprint.domain.inventory import (
    EXPORT_COLUMNS,
    INVENTORY_DIMENSIONS,
    SummedAggregates,
    check_month,
    inventory_rows,
    summarise,
    summary_dimensions,
    to_csv,
)
from footprint.domain.tenancy import Role
from footprint.domain.uploads.formula import neutralise

app = make_resolver()

READERS = roles(Role.ADMIN, Role.EDITOR, Role.VIEWER, Role.AUDITOR)
WRITERS = roles(Role.ADMIN, Role.EDITOR)


def _check_span(start: str, end: str) -> None:
    check_month(start, "from")
    check_month(end, "to")
    if start > end:
        raise InvalidInput("from must not be after to", field="from")
    months = (int(end[:4]) - int(start[:4])) * 12 + int(end[5:]) - int(start[5:]) + 1
    if months > 120:
        raise InvalidInput("a query spans at most 120 months", field="to")


def _published_aggregates(start: str, end: str, dimensions: Sequence[str]) -> SummedAggregates:
    """The published aggregates of ``start`` to ``end``, summed by ``dimensions``."""
    _check_span(start, end)
    context = current_context(app)

    def published() -> set[tuple[str, str]]:
        return UploadStore(context).published(start, end)

    return calculations.AggregateStore(context).read(start, end, published, dimensions)


GroupBy = Literal["scope", "category", "facility", "month"]


class Emissions(BaseModel):
    """A group's emissions, or the span's, under the GWP set asked for."""

    row_share: float = Field(
        description="Rows counted, a row whose period spans months shared between them by"
        " days (a January 20 to February 8 row is 0.6 of a row in January and 0.4 in"
        " February), so a month's may be fractional; a row counts 1 over its months"
    )
    co2e_kg: float
    co2e_t: float
    gases_kg: dict[str, float] = Field(
        description="co2, ch4, n2o and co2e_as_published, then each other gas reported"
    )
    biogenic_co2_kg: float


class SummaryTotals(Emissions):
    co2e_market_based_kg: float
    co2e_market_based_t: float


class SummaryGroup(Emissions):
    key: str


class Scope2(BaseModel):
    location_based_kg: float
    market_based_kg: float
    location_based_t: float
    market_based_t: float


class Summary(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    start: str = Field(alias="from")
    to: str
    gwp_set: GwpSet
    group_by: GroupBy
    totals: SummaryTotals
    scope_2: Scope2
    groups: list[SummaryGroup]
    editions: list[str] = Field(
        description="The factor editions the totals came from; a GWP label names the set"
        " asked for (gwp_set)"
    )


@app.get("/v1/emissions/summary", summary="Emissions totals", openapi_extensions=READERS)
def summary(
    start: Annotated[str, Query(alias="from", pattern=MONTH_PATTERN, description="YYYY-MM")],
    end: Annotated[str, Query(alias="to", pattern=MONTH_PATTERN, description="YYYY-MM")],
    group_by: GroupBy = "scope",
    gwp: GwpSet = "AR5",
) -> Summary:
    aggregates = _published_aggregates(start, end, summary_dimensions(group_by))
    return Summary.model_validate(
        {"from": start, "to": end, **summarise(aggregates, group_by, gwp)}
    )


class LinesPage(BaseModel):
    upload_id: str
    calculation_id: str
    lines: list[dict[str, Any]] = Field(
        description="One per calculated row: row (its number in the uploaded file), the"
        " quantity, unit, distance and distance_unit it gave, the gases, co2e_kg under the"
        " upload's GWP set (co2e_kg_by_gwp_set under each) and the provenance"
    )
    next_cursor: str | None = Field(description="Pass as cursor for the next page")


@app.get(
    "/v1/emissions/lines",
    summary="Per-line results",
    openapi_extensions={**READERS, **may_answer(404, 409)},
)
def lines(
    upload_id: Annotated[str, Query(pattern=UPLOAD_ID_PATTERN)],
    cursor: str | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> LinesPage:
    context = current_context(app)
    upload = UploadStore(context).get(upload_id)
    if upload is None or not upload.current_calculation:
        raise NotFound("No calculated upload with that id.", field="upload_id")
    calculation_id = upload.current_calculation
    part, offset = 0, 0
    if cursor is not None:
        position = decode_cursor(context, cursor, purpose=f"lines:{upload_id}")
        if position.get("calculation_id") != calculation_id:
            raise Conflict("The upload was recalculated; start again without a cursor.")
        part, offset = int(position["part"]), int(position["offset"])
    objects = TenantObjects(context)
    keys = calculations.results_keys(objects, upload_id, calculation_id)
    page: list[dict[str, Any]] = []
    while part < len(keys) and len(page) < limit:
        document = calculations.read_json_gz(objects, keys[part])
        taken = results.lines(document, offset, offset + limit - len(page))
        page.extend(taken)
        offset += len(taken)
        if offset >= results.line_count(document):
            part, offset = part + 1, 0
    next_cursor = None
    if part < len(keys):
        next_cursor = encode_cursor(
            context,
            {"calculation_id": calculation_id, "part": part, "offset": offset},
            purpose=f"lines:{upload_id}",
        )
    return LinesPage(
        upload_id=upload_id, calculation_id=calculation_id, lines=page, next_cursor=next_cursor
    )


@app.get(
    "/v1/emissions/export",
    summary="GHG Protocol inventory (CSV)",
    responses={
        200: {
            "description": "The inventory, one row per scope, category and gas",
            "content": {"text/csv": {"schema": {"type": "string"}}},
        }
    },
    openapi_extensions=READERS,
)
def export(
    start: Annotated[str, Query(alias="from", pattern=MONTH_PATTERN, description="YYYY-MM")],
    end: Annotated[str, Query(alias="to", pattern=MONTH_PATTERN, description="YYYY-MM")],
    export_format: Annotated[Literal["csv"], Query(alias="format")] = "csv",
    gwp: GwpSet = "AR5",
    base_year: Annotated[str | None, Query(pattern=r"^[1-9][0-9]{3}$")] = None,
) -> Response[str]:
    aggregates = _published_aggregates(start, end, INVENTORY_DIMENSIONS)
    rows = inventory_rows(aggregates, gwp, (start, end), base_year or start[:4])
    body = to_csv(EXPORT_COLUMNS, ([neutralise(cell) for cell in row] for row in rows))
    return Response(
        status_code=200,
        content_type="text/csv; charset=utf-8",
        body=body,
        headers={"Content-Disposition": f'attachment; filename="inventory-{start}-{end}.csv"'},
    )


class Recalculation(BaseModel):
    gwp_set: GwpSet | None = Field(default=None, description="Defaults to the upload's own set")


class RecalculationStarted(BaseModel):
    upload_id: str
    calculation_id: str


@app.post(
    "/v1/uploads/<upload_id>/recalculate",
    summary="Recalculate an upload with the factor editions now in force",
    status_code=202,
    openapi_extensions={**WRITERS, **may_answer(409)},
)
def recalculate(
    upload_id: Annotated[str, Path(pattern=UPLOAD_ID_PATTERN)], body: Recalculation
) -> RecalculationStarted:
    context = current_context(app)
    store = UploadStore(context)
    upload = store.get(upload_id)
    if upload is None:
        raise NotFound("No upload with that id.", field="upload_id")
    if not upload.current_calculation:
        raise Conflict("Only a completed upload can be recalculated.", field="upload_id")
    calculation_id = new_calculation_id()
    gwp_set = body.gwp_set or upload.gwp_set
    store.start_calculation(upload_id, calculation_id, gwp_set)
    start_calculation(context, upload_id, calculation_id, gwp_set)
    return RecalculationStarted(upload_id=upload_id, calculation_id=calculation_id)


class FactorPage(BaseModel):
    factors: list[dict[str, Any]]
    count: int


@app.get("/v1/factors", summary="Search the emission-factor library", openapi_extensions=READERS)
def factors(
    q: Annotated[str | None, Query(max_length=200)] = None,
    category: Annotated[str | None, Query(max_length=100)] = None,
    region: Annotated[str | None, Query(max_length=100)] = None,
    edition: Annotated[str | None, Query(max_length=100)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> FactorPage:
    from footprint.domain.factors import default_library

    found = default_library().search(q or "", category=category, region=region, edition=edition)
    return FactorPage(factors=[f.to_dict() for f in found[:limit]], count=len(found))


lambda_handler = lambda_handler_for(app)
