"""/v1/reports/cdp and /v1/reports/esrs-e1-6: a reporting year's published inventory shaped
as a CDP climate change (C6/C7) table and as an ESRS E1-6 table, each a CSV naming the GWP
set and the factor editions behind it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Query
from aws_lambda_powertools.event_handler.openapi.types import OpenAPIResponse
from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from footprint.api.access import READERS, current_context
from footprint.api.downloads import csv_download
from footprint.api.vocabulary import GwpSet
from footprint.domain.inventory import SummedAggregates
from footprint.domain.inventory.reports import (
    CDP_COLUMNS,
    ESRS_COLUMNS,
    REPORT_DIMENSIONS,
    cdp_rows,
    esrs_rows,
)
from footprint.uploads import inventory

router = APIGatewayRouter()  # type: ignore[no-untyped-call]

YEAR_PATTERN = r"^[1-9][0-9]{3}$"
_CSV: dict[int, OpenAPIResponse] = {
    200: {
        "description": "The report: metadata rows (shape, GWP set, period, factor editions),"
        " then one row per disclosure item",
        "content": {"text/csv": {"schema": {"type": "string"}}},
    }
}

Rows = Callable[[SummedAggregates, str, tuple[str, str]], list[list[str]]]


def _report(year: str, gwp: str, columns: Sequence[str], rows: Rows, name: str) -> Response[str]:
    """The calendar year ``year``'s published inventory as ``rows`` shape it, as a CSV."""
    period = (f"{year}-01", f"{year}-12")
    aggregates = inventory.published_aggregates(
        current_context(router), period[0], period[1], REPORT_DIMENSIONS
    )
    return csv_download(columns, rows(aggregates, gwp, period), f"{name}-{year}.csv")


@router.get(
    "/v1/reports/cdp",
    summary="CDP climate change C6/C7-shaped report (CSV)",
    responses=_CSV,
    openapi_extensions=READERS,
)
def cdp(
    year: Annotated[str, Query(pattern=YEAR_PATTERN, description="The calendar year, YYYY")],
    gwp: GwpSet = "AR5",
) -> Response[str]:
    return _report(year, gwp, CDP_COLUMNS, cdp_rows, "cdp-climate")


@router.get(
    "/v1/reports/esrs-e1-6",
    summary="ESRS E1-6-shaped GHG emissions table (CSV)",
    responses=_CSV,
    openapi_extensions=READERS,
)
def esrs_e1_6(
    year: Annotated[str, Query(pattern=YEAR_PATTERN, description="The calendar year, YYYY")],
    gwp: GwpSet = "AR5",
) -> Response[str]:
    return _report(year, gwp, ESRS_COLUMNS, esrs_rows, "esrs-e1-6")
