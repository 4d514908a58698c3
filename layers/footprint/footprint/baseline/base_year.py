"""The base year's figures: snapshots, and the check of what is published now against the
latest one.

The check runs on read, not on events: the base year's published aggregates are summed by
calculation in the same few queries a summary of that year makes (one per aggregate shard),
and comparing them with the snapshot's sources is arithmetic on a few numbers per upload.
Watching events instead would mean a hook in the publish step, another in every
replacement and withdrawal, and a stored verdict to keep in step with them; on read, the
answer cannot go stale (docs/inventory-management.md gives the measurement).
"""

from __future__ import annotations

from dataclasses import dataclass

from footprint.adapters.aggregates import AggregateStore
from footprint.adapters.inventory_records import InventoryRecords, Snapshot
from footprint.adapters.published_index import PublishedIndex
from footprint.domain.errors import NotFound
from footprint.domain.ids import new_snapshot_id
from footprint.domain.inventory import INVENTORY_DIMENSIONS, SummedAggregates
from footprint.domain.inventory.base_year import (
    Check,
    Source,
    category_rows,
    changes_between,
    check,
    figures_of,
    needs_recalculation,
    sources_of,
)
from footprint.domain.inventory.reporting_year import InventorySettings
from footprint.domain.tenancy import TenantContext
from footprint.identity import audit, clock

NO_BASE_YEAR = "No base year is set: PUT /v1/tenant/inventory sets one."


def published_sources(
    context: TenantContext, start: str, end: str
) -> tuple[list[Source], SummedAggregates]:
    """Each published calculation of the months ``start`` to ``end`` with its totals, and
    their aggregates summed by the export's dimensions."""
    index = PublishedIndex(context)
    by_calculation = AggregateStore(context).read_by_calculation(
        start, end, lambda: index.by_year(start, end), INVENTORY_DIMENSIONS
    )
    tables = [aggregates.table(list(aggregates.sums)) for aggregates in by_calculation.values()]
    return sources_of(by_calculation), SummedAggregates.of_tables(tables, INVENTORY_DIMENSIONS)


def take_snapshot(context: TenantContext, settings: InventorySettings, *, reason: str) -> Snapshot:
    """Snapshot the base year's published figures now, and keep it (earlier ones stay)."""
    start, end = settings.base_year_span()
    sources, aggregates = published_sources(context, start, end)
    snapshot = Snapshot(
        snapshot_id=new_snapshot_id(),
        taken_at=clock.iso(),
        taken_by=context.user_id,
        reason=reason,
        base_year=settings.base_year,
        start=start,
        end=end,
        figures=figures_of(aggregates),
        categories=category_rows(aggregates),
        sources=sources,
        calculations=len(sources),
    )
    InventoryRecords(context).put_snapshot(snapshot)
    return snapshot


def record_snapshot(context: TenantContext, snapshot: Snapshot, *, source_ip: str) -> None:
    audit.record(
        context,
        action="inventory.base_year_snapshot",
        outcome="success",
        source_ip=source_ip,
        target=snapshot.snapshot_id,
        details={
            "base_year": str(snapshot.base_year),
            "reason": snapshot.reason,
            "calculations": str(len(snapshot.sources)),
        },
    )


@dataclass(frozen=True)
class BaseYearStatus:
    settings: InventorySettings
    snapshot: Snapshot
    check: Check


def status(context: TenantContext, gwp_set: str) -> BaseYearStatus:
    """The latest snapshot and the check of what is published now against it (causes
    named under ``gwp_set``); NotFound if no base year is set."""
    records = InventoryRecords(context)
    settings = records.settings()
    snapshot = records.latest_snapshot() if settings else None
    if settings is None or snapshot is None:
        raise NotFound(NO_BASE_YEAR)
    now, _ = published_sources(context, snapshot.start, snapshot.end)
    verdict = check(snapshot.sources, now, settings.recalculation_threshold_pct, gwp_set)
    return BaseYearStatus(settings, snapshot, verdict)


@dataclass(frozen=True)
class LatestBaseYear:
    """What a summary, an export or a report shows beside its own figures: the latest
    snapshot (without its sources) and whether the base year needs recalculating."""

    snapshot: Snapshot
    recalculation_needed: bool


def beside(context: TenantContext, settings: InventorySettings | None) -> LatestBaseYear | None:
    """The base year beside a summary, an export or a report; ``settings`` are the tenant's
    as the caller read them (one read a request). None if no base year is set.

    Whether it needs recalculating is the same rule as ``status`` answers, on the base
    year's totals alone: the snapshot's figures against the base year's aggregates
    published now, summed by scope. So it reads the snapshot's record (not what it was taken
    from) and the base year's aggregates in the queries a summary of that year makes, not
    each calculation apart."""
    snapshot = InventoryRecords(context).latest_snapshot(with_sources=False) if settings else None
    if settings is None or snapshot is None:
        return None
    index = PublishedIndex(context)
    start, end = snapshot.start, snapshot.end
    now = AggregateStore(context).read(start, end, lambda: index.by_year(start, end), ("scope",))
    changes = changes_between(snapshot.figures, figures_of(now))
    return LatestBaseYear(
        snapshot, needs_recalculation(changes, settings.recalculation_threshold_pct)
    )


def recalculate(context: TenantContext, *, source_ip: str) -> Snapshot:
    """A new snapshot of the base year as published now (audited); the earlier ones stay."""
    records = InventoryRecords(context)
    settings = records.settings()
    if settings is None:
        raise NotFound(NO_BASE_YEAR)
    snapshot = take_snapshot(context, settings, reason="recalculated")
    record_snapshot(context, snapshot, source_ip=source_ip)
    return snapshot


def history(context: TenantContext) -> list[Snapshot]:
    """Every snapshot taken, newest first (their figures; their sources are the latest's
    only, in ``status``)."""
    return InventoryRecords(context).snapshots()
