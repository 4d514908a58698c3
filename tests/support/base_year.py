"""Uploads of known emissions, published without running the workflow: a base year whose
totals the tests work out by hand, and the uploads that move it."""

from __future__ import annotations

import calendar
import json
from typing import Any

from footprint.adapters.aggregates import AggregateStore
from footprint.adapters.published_index import PublishedIndex
from footprint.adapters.upload_records import UploadStore
from footprint.adapters.workflow import new_calculation_id
from footprint.domain.inventory import Aggregates
from footprint.domain.tenancy import TenantContext
from tests.support.handlers import proxy_answer, proxy_event
from tests.support.inventory import line, summed
from tests.support.uploads import received_upload


def aggregates_of(
    kilograms: float, *, year: int = 2020, scope: int = 1, category: str = "", month: int = 1
) -> Aggregates:
    """One line of ``kilograms`` CO2e under every GWP set (Scope 2: the same market-based),
    over ``month`` (January unless named) of ``year``."""
    aggregates = Aggregates()
    last_day = calendar.monthrange(year, month)[1]
    aggregates.add_line(
        line(
            scope=scope,
            category=category or ("electricity" if scope == 2 else "stationary_combustion"),
            period_start=f"{year}-{month:02d}-01",
            period_end=f"{year}-{month:02d}-{last_day}",
        ),
        dict.fromkeys(("AR4", "AR5", "AR6"), kilograms),
        kilograms if scope == 2 else None,
    )
    return aggregates


def publish(context: TenantContext, aggregates: Aggregates, upload_id: str | None = None) -> str:
    """``aggregates`` published as a new upload's calculation, or as a recalculation of
    ``upload_id``; answers the upload id."""
    store = UploadStore(context)
    calculation_id = new_calculation_id()
    if upload_id is None:
        upload_id = received_upload(store, calculation_id)
    else:
        store.start_calculation(upload_id, calculation_id, "AR5")
    store.mark_validating(upload_id, calculation_id)
    store.mark_calculating(upload_id, calculation_id, rows_total=1, parts=1)
    sums = summed(aggregates)
    AggregateStore(context).write(upload_id, calculation_id, sums)
    PublishedIndex(context).publish(upload_id, calculation_id, totals={}, months=sums.months())
    return upload_id


def call(
    authorizer: dict[str, str],
    method: str,
    resource: str,
    *,
    body: Any = None,
    query: dict[str, str] | None = None,
    path: dict[str, str] | None = None,
) -> tuple[int, Any]:
    """(status, JSON body, CSV text for an export, None when empty) of a request to the
    Emissions function."""
    event = proxy_event(method, resource, body=body, authorizer=authorizer, path_parameters=path)
    if query:
        event["queryStringParameters"] = query
        event["multiValueQueryStringParameters"] = {k: [v] for k, v in query.items()}
    answer = proxy_answer("fp_emissions.app", event)
    text = answer.get("body") or ""
    status = int(answer["statusCode"])
    if resource == "/v1/emissions/export" and status == 200:
        return status, text
    return status, json.loads(text) if text else None
