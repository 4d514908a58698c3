"""/v1/emissions/summary and /v1/emissions/export: the tenant's published emissions over a
span of months, as totals by a dimension or as a GHG Protocol inventory (CSV)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Annotated, Literal

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Query
from aws_lambda_powertools.event_handler.router import APIGatewayRouter
from pydantic import BaseModel, ConfigDict, Field

from footprint.api.access import READERS, current_context
from footprint.api.downloads import csv_download
from footprint.api.vocabulary import MONTH_PATTERN, GwpSet
from footprint.baseline import base_year as base_years
from footprint.baseline import settings
from footprint.domain.inventory import (
    EXPORT_COLUMNS,
    INVENTORY_DIMENSIONS,
    inventory_rows,
    summarise,
    summary_dimensions,
)
from footprint.domain.inventory.base_year import beside_export
from footprint.uploads import inventory
from fp_emissions.routes.base_year import BaseYearBeside, beside_summary

router = APIGatewayRouter()  # type: ignore[no-untyped-call]


GroupBy = Literal["scope", "category", "facility", "month"]


class Uncertainty(BaseModel):
    """A 95 % range by IPCC Approach 1 (error propagation, lines taken as independent)."""

    confidence: float
    half_width_kg: float
    half_width_pct: float = Field(description="Of the CO2e the range covers")
    low_kg: float
    high_kg: float
    covered_co2e_kg: float = Field(
        description="The CO2e of the lines that carry a range (their category has a"
        " published default)"
    )
    not_covered_co2e_kg: float = Field(
        description="The CO2e the range leaves out: lines without a published default, or"
        " aggregated before ranges were kept"
    )
    method: str


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
    quality_score: float | None = Field(
        default=None,
        description="Emissions-weighted data-quality score, 1 (best) to 5: the sum of each"
        " line's score x its kg CO2e (location-based, under gwp_set) over the kg CO2e scored"
        " (docs/inventory-management.md, Data quality); null where no line is scored",
    )
    quality_coverage: float | None = Field(
        default=None,
        description="The share of co2e_kg that carries a score (below 1 where aggregates"
        " from before scoring are included); null where co2e_kg is 0",
    )
    uncertainty: Uncertainty | None = Field(
        default=None,
        description="The location-based CO2e's 95 % range; null where none of its lines"
        " carries one (uncertainty_reason says why). Market-based figures carry none.",
    )
    uncertainty_reason: str | None = None


class SummaryTotals(Emissions):
    co2e_market_based_kg: float
    co2e_market_based_t: float


class SummaryGroup(Emissions):
    key: str
    co2e_kg_by_scope: dict[str, float] = Field(
        description="The group's CO2e (location-based) by scope: scope-1, scope-2, scope-3"
    )
    scope: int | None = Field(
        default=None, description="A category group's scope (null in other groupings)"
    )
    ghg_category: int | None = Field(
        default=None,
        description="A Scope 3 category group's GHG Protocol category number (1 to 15)",
    )


class Quality(BaseModel):
    quality_score: float | None
    quality_coverage: float | None


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
    quality_by_scope: dict[str, Quality] = Field(
        default_factory=dict,
        description="Each scope's emissions-weighted data-quality score (scope-1, scope-2,"
        " scope-3), whatever the grouping: with group_by=category, per scope and per"
        " category in one answer",
    )
    base_year: BaseYearBeside | None = Field(
        default=None,
        description="The base year's latest snapshot beside the span, and whether it needs"
        " recalculating (GET /v1/inventory/base-year says why); null until one is set",
    )


@router.get("/v1/emissions/summary", summary="Emissions totals", openapi_extensions=READERS)
def summary(
    start: Annotated[str, Query(alias="from", pattern=MONTH_PATTERN, description="YYYY-MM")],
    end: Annotated[str, Query(alias="to", pattern=MONTH_PATTERN, description="YYYY-MM")],
    group_by: GroupBy = "scope",
    gwp: GwpSet = "AR5",
) -> Summary:
    context = current_context(router)
    # The base year is read beside the span's aggregates, not after them.
    with ThreadPoolExecutor(max_workers=1) as pool:
        beside = pool.submit(beside_summary, context, gwp)
        aggregates = inventory.published_aggregates(
            context, start, end, summary_dimensions(group_by)
        )
        return Summary.model_validate(
            {
                "from": start,
                "to": end,
                **summarise(aggregates, group_by, gwp),
                "base_year": beside.result(),
            }
        )


@router.get(
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
    context = current_context(router)
    with ThreadPoolExecutor(max_workers=1) as pool:
        beside = pool.submit(lambda: base_years.beside(context, settings.get_settings(context)))
        aggregates = inventory.published_aggregates(context, start, end, INVENTORY_DIMENSIONS)
        chosen = beside.result()
    if chosen is not None and base_year is not None and int(base_year) != chosen.snapshot.base_year:
        chosen = None  # another year asked for: the tenant's figures would mislead beside it
    # The base year named in the query, else the tenant's, else the span's first year.
    named = base_year or (str(chosen.snapshot.base_year) if chosen else start[:4])
    rows = inventory_rows(aggregates, gwp, (start, end), named)
    header, rows = beside_export(
        EXPORT_COLUMNS,
        rows,
        chosen.snapshot.categories if chosen else None,
        gwp,
        chosen.recalculation_needed if chosen else None,
    )
    return csv_download(header, rows, f"inventory-{start}-{end}.csv")
