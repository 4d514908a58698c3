"""The tenant's inventory: the aggregates of its published calculations over a span of
months, which the summary and the GHG Protocol export shape."""

from __future__ import annotations

from collections.abc import Sequence

from footprint.adapters.aggregates import AggregateStore
from footprint.adapters.published_index import PublishedIndex
from footprint.domain.errors import InvalidInput
from footprint.domain.inventory import SummedAggregates, check_month
from footprint.domain.tenancy import TenantContext

MAX_SPAN_MONTHS = 120


def check_span(start: str, end: str) -> None:
    """Refuses a span of months that is malformed, reversed or too long."""
    check_month(start, "from")
    check_month(end, "to")
    if start > end:
        raise InvalidInput("from must not be after to", field="from")
    months = (int(end[:4]) - int(start[:4])) * 12 + int(end[5:]) - int(start[5:]) + 1
    if months > MAX_SPAN_MONTHS:
        raise InvalidInput(f"a query spans at most {MAX_SPAN_MONTHS} months", field="to")


def published_aggregates(
    context: TenantContext, start: str, end: str, dimensions: Sequence[str]
) -> SummedAggregates:
    """The published aggregates of the months ``start`` to ``end`` (``YYYY-MM``, both
    included), summed by ``dimensions``."""
    check_span(start, end)
    index = PublishedIndex(context)
    return AggregateStore(context).read(start, end, lambda: index.by_year(start, end), dimensions)
