"""The inventory records: settings, snapshots kept newest first with their sources whole
however many, targets, the uncertainty statement; all under the tenant's own keys."""

from __future__ import annotations

import pytest

from footprint.adapters import inventory_records
from footprint.adapters.inventory_records import InventoryRecords, Snapshot, Target
from footprint.adapters.repository import TenantRepository
from footprint.domain.inventory.base_year import ScopeFigures, Source
from footprint.domain.inventory.reporting_year import InventorySettings
from footprint.domain.targets import TargetTerms
from footprint.domain.uncertainty import Part, StatedFigures
from tests.support.identity import Tenant


def _snapshot(snapshot_id: str, taken_at: str, sources: int) -> Snapshot:
    figures = {"AR5": ScopeFigures(scope_1=float(sources))}
    return Snapshot(
        snapshot_id=snapshot_id,
        taken_at=taken_at,
        taken_by="u-1",
        reason="base_year_set",
        base_year=2020,
        start="2020-01",
        end="2020-12",
        figures=figures,
        categories=[],
        sources=[
            Source(f"{n:024x}", f"c-{n}", ("US EPA, GHG Emission Factors Hub 2024",), figures)
            for n in range(sources)
        ],
        calculations=sources,
    )


def test_snapshots_keep_every_source_across_packs_and_list_newest_first(
    tenant: Tenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(inventory_records, "_PACKED_BYTES", 1000)  # a few sources a pack
    records = InventoryRecords(tenant.context)
    assert records.latest_snapshot() is None
    records.put_snapshot(_snapshot("s1", "2026-01-01T00:00:00.000000Z", 40))
    records.put_snapshot(_snapshot("s2", "2026-02-01T00:00:00.000000Z", 3))
    packs = list(TenantRepository(tenant.context).query_all(("BASE_YEAR", "s1")))
    assert len(packs) > 1
    latest = records.latest_snapshot()
    assert latest is not None
    assert (latest.snapshot_id, len(latest.sources), latest.calculations) == ("s2", 3, 3)
    assert [(s.snapshot_id, s.figures["AR5"].scope_1) for s in records.snapshots()] == [
        ("s2", 3.0),
        ("s1", 40.0),
    ]
    first = records.sources("s1")
    assert [s.calculation_id for s in first] == [f"c-{n}" for n in range(40)]


def test_settings_and_targets_round_trip(tenant: Tenant) -> None:
    records = InventoryRecords(tenant.context)
    assert records.settings() is None
    chosen = InventorySettings(2020, "equity", 7, 2.5)
    records.put_settings(chosen, "2026-01-01T00:00:00.000000Z")
    assert records.settings() == chosen
    terms = TargetTerms("t", (1, 3), "location", 2020, 2030, 42.0)
    records.put_target(Target("tg-0123456789abcdef", "2026-01-01", "u-1", terms))
    assert [t.terms for t in records.targets()] == [terms]
    records.delete_target("tg-0123456789abcdef")
    assert records.target("tg-0123456789abcdef") is None


def test_the_uncertainty_statement_round_trips_under_the_tenant_s_inventory_key(
    tenant: Tenant,
) -> None:
    records = InventoryRecords(tenant.context)
    assert records.uncertainty_statement() is None
    stated = {"waste": StatedFigures(factor=Part(5.0, "the hauler's stated tolerance"))}
    records.put_uncertainty_statement(stated, "2026-01-01T00:00:00.000000Z")
    assert records.uncertainty_statement() == (stated, "2026-01-01T00:00:00.000000Z")
    # The tenant's repository is the only way to the item: the key is under its prefix.
    assert TenantRepository(tenant.context).get(*inventory_records.UNCERTAINTY) is not None
