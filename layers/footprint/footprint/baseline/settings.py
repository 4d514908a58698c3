"""The tenant's inventory settings: read by every role, replaced by an admin (audited).

Setting a base year (or moving the month the reporting year begins, which moves the base
year's span) snapshots the base year's figures at once, so there is always a snapshot to
check the published figures against.
"""

from __future__ import annotations

from datetime import UTC, datetime

from footprint.adapters.inventory_records import InventoryRecords, Snapshot
from footprint.baseline import base_year
from footprint.domain.inventory.reporting_year import InventorySettings, check_settings
from footprint.domain.tenancy import TenantContext
from footprint.identity import audit, clock


def current_year() -> int:
    return datetime.fromtimestamp(clock.now(), UTC).year


def get_settings(context: TenantContext) -> InventorySettings | None:
    return InventoryRecords(context).settings()


def put_settings(
    context: TenantContext, settings: InventorySettings, *, source_ip: str
) -> tuple[InventorySettings, Snapshot | None]:
    """Store ``settings`` once checked; answers them and the snapshot taken if the base
    year's span changed (None if it did not)."""
    check_settings(settings, current_year())
    records = InventoryRecords(context)
    records.put_settings(settings, clock.iso())
    audit.record(
        context,
        action="inventory.settings_changed",
        outcome="success",
        source_ip=source_ip,
        details={key: str(value) for key, value in settings.to_dict().items()},
    )
    latest = records.latest_snapshot(with_sources=False)
    if latest is not None and (latest.start, latest.end) == settings.base_year_span():
        return settings, None
    snapshot = base_year.take_snapshot(context, settings, reason="base_year_set")
    base_year.record_snapshot(context, snapshot, source_ip=source_ip)
    return settings, snapshot
