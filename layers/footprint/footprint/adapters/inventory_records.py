"""A tenant's inventory settings, base-year snapshots and reduction targets in DynamoDB.

Items (under the tenant's prefix, through ``TenantRepository``):

- ``INVENTORY`` / ``SETTINGS``: the inventory settings (one item).
- ``INVENTORY`` / ``UNCERTAINTY``: the uncertainty figures the tenant states, with their
  sources (one item; ``footprint.domain.uncertainty.statement_document``).
- ``BASE_YEAR`` / ``<taken at>#<snapshot id>``: a snapshot's figures, newest last; every
  snapshot is kept, so earlier base-year figures stay readable.
- ``BASE_YEAR#<snapshot id>`` / ``<pack>``: the snapshot's sources (each published
  calculation with its editions and totals), in packs of at most ``_PACKED_BYTES`` of JSON,
  as a base year of thousands of uploads would not fit DynamoDB's 400 KB item.
- ``TARGETS`` / ``<target id>``: a reduction target.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from footprint.adapters.repository import KeyParts, Put, TenantRepository
from footprint.domain.inventory.base_year import ScopeFigures, Source
from footprint.domain.inventory.reporting_year import InventorySettings
from footprint.domain.targets import TargetTerms
from footprint.domain.tenancy import TenantContext
from footprint.domain.uncertainty import (
    StatedFigures,
    Statement,
    parse_statement,
    statement_document,
)

SETTINGS: tuple[KeyParts, KeyParts] = (("INVENTORY",), ("SETTINGS",))
UNCERTAINTY: tuple[KeyParts, KeyParts] = (("INVENTORY",), ("UNCERTAINTY",))
SNAPSHOTS: KeyParts = ("BASE_YEAR",)
TARGETS: KeyParts = ("TARGETS",)
_PACKED_BYTES = 256 * 1024
_HISTORY_PAGE = 100


def _sources_partition(snapshot_id: str) -> KeyParts:
    return ("BASE_YEAR", snapshot_id)


@dataclass(frozen=True)
class Snapshot:
    """The base year's figures as they were when taken, and what they came from."""

    snapshot_id: str
    taken_at: str
    taken_by: str | None
    reason: str  # base_year_set | recalculated
    base_year: int
    start: str  # YYYY-MM
    end: str
    figures: dict[str, ScopeFigures]
    categories: list[dict[str, Any]]
    sources: list[Source]
    calculations: int  # how many sources: known without reading them


@dataclass(frozen=True)
class Target:
    target_id: str
    created_at: str
    created_by: str | None
    terms: TargetTerms


class InventoryRecords:
    """One tenant's inventory settings, snapshots and targets (see the module docstring)."""

    def __init__(self, context: TenantContext, repository: TenantRepository | None = None) -> None:
        self._repository = repository or TenantRepository(context)

    def settings(self) -> InventorySettings | None:
        item = self._repository.get(*SETTINGS)
        return None if item is None else InventorySettings.from_dict(json.loads(item["settings"]))

    def put_settings(self, settings: InventorySettings, updated_at: str) -> None:
        self._repository.put(
            *SETTINGS, {"settings": json.dumps(settings.to_dict()), "updated_at": updated_at}
        )

    def uncertainty_statement(self) -> tuple[dict[str, StatedFigures], str] | None:
        """The stated uncertainty figures and when they were stored; None if never stated."""
        item = self._repository.get(*UNCERTAINTY)
        if item is None:
            return None
        return parse_statement(json.loads(item["statement"])), str(item["updated_at"])

    def put_uncertainty_statement(self, statement: Statement, updated_at: str) -> None:
        self._repository.put(
            *UNCERTAINTY,
            {"statement": json.dumps(statement_document(statement)), "updated_at": updated_at},
        )

    def put_snapshot(self, snapshot: Snapshot) -> None:
        """The snapshot's sources, then its figures: a snapshot is listed once whole."""
        self._repository.put_many(
            Put(_sources_partition(snapshot.snapshot_id), (f"{index:05d}",), {"sources": body})
            for index, body in enumerate(_packs([s.to_dict() for s in snapshot.sources]))
        )
        self._repository.put(
            SNAPSHOTS,
            (snapshot.taken_at, snapshot.snapshot_id),
            {
                "snapshot_id": snapshot.snapshot_id,
                "taken_at": snapshot.taken_at,
                **({"taken_by": snapshot.taken_by} if snapshot.taken_by else {}),
                "reason": snapshot.reason,
                "base_year": snapshot.base_year,
                "start": snapshot.start,
                "end": snapshot.end,
                "figures": json.dumps(
                    {name: f.to_dict() for name, f in sorted(snapshot.figures.items())}
                ),
                "categories": json.dumps(snapshot.categories),
                "calculations": len(snapshot.sources),
            },
        )

    def latest_snapshot(self, *, with_sources: bool = True) -> Snapshot | None:
        page = self._repository.query(SNAPSHOTS, limit=1, newest_first=True)
        if not page.items:
            return None
        return self._snapshot(page.items[0], with_sources=with_sources)

    def snapshots(self) -> list[Snapshot]:
        """Every snapshot, newest first, without their sources (``latest_snapshot`` has
        them)."""
        items = self._repository.query_all(SNAPSHOTS, page_size=_HISTORY_PAGE)
        return [self._snapshot(item, with_sources=False) for item in reversed(list(items))]

    def sources(self, snapshot_id: str) -> list[Source]:
        """What a snapshot was taken from, all its packs."""
        return [
            Source.from_dict(source)
            for pack in self._repository.query_all(_sources_partition(snapshot_id))
            for source in json.loads(pack["sources"])
        ]

    def _snapshot(self, item: dict[str, Any], *, with_sources: bool) -> Snapshot:
        snapshot_id = str(item["snapshot_id"])
        sources = self.sources(snapshot_id) if with_sources else []
        return Snapshot(
            snapshot_id=snapshot_id,
            taken_at=str(item["taken_at"]),
            taken_by=str(item["taken_by"]) if item.get("taken_by") else None,
            reason=str(item["reason"]),
            base_year=int(item["base_year"]),
            start=str(item["start"]),
            end=str(item["end"]),
            figures={
                name: ScopeFigures.from_dict(values)
                for name, values in json.loads(item["figures"]).items()
            },
            categories=json.loads(item["categories"]),
            sources=sources,
            calculations=int(item.get("calculations", len(sources))),
        )

    def put_target(self, target: Target) -> None:
        terms = target.terms
        self._repository.put(
            TARGETS,
            (target.target_id,),
            {
                "target_id": target.target_id,
                "created_at": target.created_at,
                **({"created_by": target.created_by} if target.created_by else {}),
                "terms": json.dumps(
                    {
                        "name": terms.name,
                        "scopes": list(terms.scopes),
                        "scope2_method": terms.scope2_method,
                        "base_year": terms.base_year,
                        "target_year": terms.target_year,
                        "reduction_pct": terms.reduction_pct,
                    }
                ),
            },
            if_absent=True,
        )

    def target(self, target_id: str) -> Target | None:
        item = self._repository.get(TARGETS, (target_id,))
        return None if item is None else _target(item)

    def targets(self) -> list[Target]:
        return [_target(item) for item in self._repository.query_all(TARGETS)]

    def delete_target(self, target_id: str) -> None:
        self._repository.delete(TARGETS, (target_id,))


def _target(item: dict[str, Any]) -> Target:
    terms = json.loads(item["terms"])
    return Target(
        target_id=str(item["target_id"]),
        created_at=str(item["created_at"]),
        created_by=str(item["created_by"]) if item.get("created_by") else None,
        terms=TargetTerms(
            name=str(terms["name"]),
            scopes=tuple(int(scope) for scope in terms["scopes"]),
            scope2_method=str(terms["scope2_method"]),
            base_year=int(terms["base_year"]),
            target_year=int(terms["target_year"]),
            reduction_pct=float(terms["reduction_pct"]),
        ),
    )


def _packs(sources: Sequence[dict[str, Any]]) -> Iterator[str]:
    """``sources`` as JSON arrays of at most ``_PACKED_BYTES`` each (one source goes whole)."""
    body = json.dumps(list(sources))
    if len(body.encode("utf-8")) <= _PACKED_BYTES or len(sources) <= 1:
        yield body
        return
    half = len(sources) // 2
    yield from _packs(sources[:half])
    yield from _packs(sources[half:])
