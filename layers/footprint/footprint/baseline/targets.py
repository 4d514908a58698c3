"""Reduction targets: kept per tenant, created and deleted by an admin (audited), and their
progress worked from the published aggregates on read."""

from __future__ import annotations

from functools import partial

from footprint.adapters.aggregates import AggregateStore
from footprint.adapters.inventory_records import InventoryRecords, Target
from footprint.adapters.published_index import PublishedIndex
from footprint.baseline.settings import current_year
from footprint.domain.errors import NotFound
from footprint.domain.ids import new_target_id
from footprint.domain.inventory.base_year import ScopeFigures, figures_by_reporting_year
from footprint.domain.inventory.reporting_year import DEFAULT_START_MONTH, reporting_year_span
from footprint.domain.targets import Progress, TargetTerms, check_terms, covered, progress
from footprint.domain.tenancy import TenantContext
from footprint.identity import audit, clock

# The aggregates of a target's years are read ten years at a time: a query spans at most
# 120 months (footprint.uploads.inventory.MAX_SPAN_MONTHS).
_YEARS_PER_READ = 10


def create(context: TenantContext, terms: TargetTerms, *, source_ip: str) -> Target:
    check_terms(terms, current_year())
    target = Target(new_target_id(), clock.iso(), context.user_id, terms)
    InventoryRecords(context).put_target(target)
    audit.record(
        context,
        action="inventory.target_created",
        outcome="success",
        source_ip=source_ip,
        target=target.target_id,
        details={
            "name": terms.name,
            "scopes": ",".join(map(str, terms.scopes)),
            "base_year": str(terms.base_year),
            "target_year": str(terms.target_year),
            "reduction_pct": str(terms.reduction_pct),
        },
    )
    return target


def list_targets(context: TenantContext) -> list[Target]:
    return InventoryRecords(context).targets()


def get_target(context: TenantContext, target_id: str) -> Target:
    target = InventoryRecords(context).target(target_id)
    if target is None:
        raise NotFound("No such target.", field="target_id")
    return target


def delete(context: TenantContext, target_id: str, *, source_ip: str) -> None:
    target = get_target(context, target_id)
    InventoryRecords(context).delete_target(target_id)
    audit.record(
        context,
        action="inventory.target_deleted",
        outcome="success",
        source_ip=source_ip,
        target=target_id,
        details={"name": target.terms.name},
    )


def progress_of(context: TenantContext, target_id: str, gwp_set: str) -> tuple[Target, Progress]:
    """The target and its progress: each reporting year's published emissions of its
    scopes (under ``gwp_set``) from the base year to the target year, up to this year."""
    target = get_target(context, target_id)
    terms = target.terms
    settings = InventoryRecords(context).settings()
    start_month = settings.reporting_year_start_month if settings else DEFAULT_START_MONTH
    last_year = min(terms.target_year, current_year())
    actual: dict[int, float] = {}
    index = PublishedIndex(context)
    store = AggregateStore(context)
    for first_year in range(terms.base_year, last_year + 1, _YEARS_PER_READ):
        final_year = min(first_year + _YEARS_PER_READ - 1, last_year)
        start = reporting_year_span(first_year, start_month)[0]
        end = reporting_year_span(final_year, start_month)[1]
        aggregates = store.read(start, end, partial(index.by_year, start, end), ("month", "scope"))
        for year, figures in figures_by_reporting_year(aggregates, start_month).items():
            actual[year] = covered(
                figures.get(gwp_set, ScopeFigures()), terms.scopes, terms.scope2_method
            )
    return target, progress(terms, actual)
