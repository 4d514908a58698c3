"""/v1/reports/cdp and /v1/reports/esrs-e1-6: a reporting year's published inventory shaped
as a CDP climate change (C6/C7) table and as an ESRS E1-6 table, each a CSV naming the GWP
set and the factor editions behind it.

The year is the tenant's reporting year (its settings say the month it begins in, January
without settings); the ESRS table reads the base year's latest snapshot and the targets
beside the year's aggregates."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Query
from aws_lambda_powertools.event_handler.openapi.types import OpenAPIResponse
from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from footprint.api.access import READERS, current_context
from footprint.api.downloads import csv_download
from footprint.api.vocabulary import GwpSet
from footprint.baseline import base_year, settings, targets
from footprint.domain.errors import InvalidInput
from footprint.domain.inventory import SummedAggregates
from footprint.domain.inventory.reporting_year import (
    DEFAULT_START_MONTH,
    InventorySettings,
    reporting_year_span,
)
from footprint.domain.inventory.reports import (
    CDP_COLUMNS,
    ESRS_COLUMNS,
    REPORT_DIMENSIONS,
    BaseYearColumns,
    cdp_rows,
    esrs_rows,
)
from footprint.domain.tenancy import TenantContext
from footprint.uploads import inventory

router = APIGatewayRouter()  # type: ignore[no-untyped-call]

YEAR_PATTERN = r"^[1-9][0-9]{3}$"
_CSV: dict[int, OpenAPIResponse] = {
    200: {
        "description": "The report: metadata rows (shape, GWP set, period, factor editions;"
        " the ESRS table adds the base year and whether it needs recalculating),"
        " then one row per disclosure item",
        "content": {"text/csv": {"schema": {"type": "string"}}},
    }
}

YEAR_DESCRIPTION = (
    "The reporting year, YYYY: the calendar year it begins in (2024 from April is 2024-04"
    " to 2025-03, as the tenant's reporting_year_start_month says; January if unset)"
)


def _period(chosen: InventorySettings | None, year: str) -> tuple[str, str]:
    """The first and last months of the reporting year ``year`` under the tenant's
    settings ``chosen`` (January without them)."""
    start_month = chosen.reporting_year_start_month if chosen else DEFAULT_START_MONTH
    period = reporting_year_span(int(year), start_month)
    if len(period[1]) != len("YYYY-MM"):  # 9999 from April would end in 10000-03
        raise InvalidInput("year must be a reporting year ending by 9999-12", field="year")
    return period


def _aggregates(context: TenantContext, period: tuple[str, str]) -> SummedAggregates:
    return inventory.published_aggregates(context, period[0], period[1], REPORT_DIMENSIONS)


def _base_year(context: TenantContext, chosen: InventorySettings | None) -> BaseYearColumns | None:
    """The latest snapshot of the tenant's base year and its check, None if none is set."""
    found = base_year.beside(context, chosen)
    if found is None:
        return None
    snapshot = found.snapshot
    return BaseYearColumns(
        year=snapshot.base_year,
        period=(snapshot.start, snapshot.end),
        taken_at=snapshot.taken_at,
        categories=snapshot.categories,
        recalculation_needed=found.recalculation_needed,
    )


@router.get(
    "/v1/reports/cdp",
    summary="CDP climate change C6/C7-shaped report (CSV)",
    responses=_CSV,
    openapi_extensions=READERS,
)
def cdp(
    year: Annotated[str, Query(pattern=YEAR_PATTERN, description=YEAR_DESCRIPTION)],
    gwp: GwpSet = "AR5",
) -> Response[str]:
    context = current_context(router)
    period = _period(settings.get_settings(context), year)
    rows = cdp_rows(_aggregates(context, period), gwp, period)
    return csv_download(CDP_COLUMNS, rows, f"cdp-climate-{year}.csv")


@router.get(
    "/v1/reports/esrs-e1-6",
    summary="ESRS E1-6-shaped GHG emissions table (CSV)",
    responses=_CSV,
    openapi_extensions=READERS,
)
def esrs_e1_6(
    year: Annotated[str, Query(pattern=YEAR_PATTERN, description=YEAR_DESCRIPTION)],
    gwp: GwpSet = "AR5",
) -> Response[str]:
    context = current_context(router)
    chosen = settings.get_settings(context)  # read once: the period and the base year's
    period = _period(chosen, year)
    # The base year is read beside the year's aggregates, not after them.
    with ThreadPoolExecutor(max_workers=1) as pool:
        beside = pool.submit(_base_year, context, chosen)
        aggregates = _aggregates(context, period)
        columns = beside.result()
    terms = [target.terms for target in targets.list_targets(context)]
    rows = esrs_rows(aggregates, gwp, period, columns, terms)
    return csv_download(ESRS_COLUMNS, rows, f"esrs-e1-6-{year}.csv")
