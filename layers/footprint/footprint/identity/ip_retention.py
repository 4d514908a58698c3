"""The daily retention run: audit events older than 13 months keep only their caller's
network (``footprint.domain.audit_ip``), in every tenant's log and the platform's lanes.

Each log's changed events are written in batches, each batch in one transaction with the
chained ``audit.ip_truncated`` event that accounts for it (how many addresses it truncated,
the cutoff, and the re-anchors of the events sealed before the keyed chain form: their
sequence and new content hash, sealed with the audit key; ``footprint.domain.audit_chain``).
So a batch is written whole or not at all: no event is ever changed without the event that
vouches for the change. Every change is conditional on the address still being the full one
that was read, and an address already truncated is not read as work: a second run changes
nothing and records nothing.

A batch that meets a change it did not expect (a concurrent run, a chain head that keeps
moving) is left for the next run; the run carries on with the other logs.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from boto3.dynamodb.conditions import Attr

from footprint.adapters.repository import (
    ConditionFailed,
    KeyParts,
    PlatformRepository,
    TenantRepository,
    Update,
)
from footprint.domain import audit_chain, audit_ip, keys
from footprint.domain.tenancy import TenantContext
from footprint.identity import audit, clock, tenants
from footprint.observability import logger

ACTOR = "ip-retention"
# Changed events per transaction: with the truncation event and the chain head, within
# DynamoDB's 100 items per transaction, and its re-anchors well within an item's 400 KB.
BATCH = 90


class MissingKey(RuntimeError):
    """The run re-anchors with the audit key: without it, it would leave events that the
    chain could not vouch for."""


@dataclass
class Report:
    """What one run changed: addresses truncated, of which re-anchored, and the logs
    (tenants, platform lanes) that recorded a truncation event."""

    cutoff: str
    truncated: int = 0
    reanchored: int = 0
    logs: list[str] = field(default_factory=list)
    deferred: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "cutoff": self.cutoff,
            "truncated": self.truncated,
            "reanchored": self.reanchored,
            "logs": self.logs,
            "deferred": self.deferred,
        }


def run() -> Report:
    """Truncate, in every log, the addresses of events dated before the cutoff (13 months
    before the platform clock's now)."""
    platform_key = audit.audit_key(audit.PLATFORM_SCOPE)
    if platform_key is None:
        raise MissingKey(f"{audit.DIGEST_KEY_VARIABLE} is not set: nothing truncated")
    report = Report(cutoff=audit_ip.cutoff(clock.now()))
    for tenant_id in tenants.registered():
        context = TenantContext.for_workflow(tenant_id)
        repository = TenantRepository(context)
        events = _due(repository.query_all(("AUDIT",), sk_span=_before(report.cutoff)), report)
        key = audit_chain.AuditKey(platform_key.key, tenant_id)
        _truncate(repository, key, events, report, lane=None)
    platform = PlatformRepository()
    lanes: dict[str, list[dict[str, Any]]] = {}
    for day in _platform_days(platform, report.cutoff):
        for item in _due(
            platform.query_all(("AUDIT", day), sk_span=_before(report.cutoff)), report
        ):
            # Events from before the chain (no lane) are truncated with the first lane's.
            lanes.setdefault(str(item.get("lane", audit_chain.PLATFORM_LANES[0])), []).append(item)
    for lane, events in sorted(lanes.items()):
        _truncate(platform, platform_key, events, report, lane=lane)
    logger.info("audit addresses truncated", extra=report.to_dict())
    return report


def _before(cutoff: str) -> tuple[str, str]:
    # Events sort by their time: every one up to the cutoff's second is read, the rest of
    # that second filtered by ``_due``.
    return keys.sort_range("0", cutoff[:19])


def _due(items: Iterator[dict[str, Any]], report: Report) -> list[dict[str, Any]]:
    """The events dated before the cutoff that still hold a full address."""
    return [
        item
        for item in items
        if str(item.get("at", "")) < report.cutoff
        and audit_ip.is_full(str(item.get("source_ip", "")))
    ]


def _platform_days(repository: PlatformRepository, cutoff: str) -> list[str]:
    """The platform log's days from the first lane's first day to the cutoff's."""
    heads = repository.get_many(
        [audit_chain.lane_head(lane) for lane in audit_chain.PLATFORM_LANES]
    )
    begun = [str(head["since"]) for head in heads if head is not None]
    if not begun:
        return []
    return list(audit.days_between(min(begun), cutoff[:10]))


def _truncate(
    repository: TenantRepository | PlatformRepository,
    key: audit_chain.AuditKey,
    events: Sequence[Mapping[str, Any]],
    report: Report,
    *,
    lane: str | None,
) -> None:
    name = key.scope if lane is None else f"{key.scope}/{lane}"
    for start in range(0, len(events), BATCH):
        batch = events[start : start + BATCH]
        try:
            reanchored = _write_batch(repository, key, batch, report.cutoff, lane)
        except ConditionFailed:
            logger.warning("audit truncation deferred to the next run", extra={"log": name})
            report.deferred.append(name)
            return
        report.truncated += len(batch)
        report.reanchored += reanchored
        if name not in report.logs:
            report.logs.append(name)


def _write_batch(
    repository: TenantRepository | PlatformRepository,
    key: audit_chain.AuditKey,
    batch: Sequence[Mapping[str, Any]],
    cutoff: str,
    lane: str | None,
) -> int:
    """Truncate ``batch`` in one transaction with the chained event that accounts for it
    (its re-anchors sealed with ``key``); answers how many events it re-anchored."""
    changes: list[Update] = []
    reanchors: list[dict[str, Any]] = []
    for item in batch:
        source = str(item["source_ip"])
        truncated = {**item, "source_ip": audit_ip.retained(source)}
        pk, sk = _location(item, lane)
        changes.append(
            Update(
                pk,
                sk,
                set_values={"source_ip": truncated["source_ip"]},
                condition=Attr("source_ip").eq(source),
            )
        )
        if "sequence" in item and not audit_chain.keyed_ip(item):
            reanchors.append(
                {"sequence": int(item["sequence"]), "hash": audit_chain.hash_of(truncated)}
            )
    at = clock.iso()
    event_id = uuid.uuid4().hex
    fields: dict[str, Any] = {
        "event_id": event_id,
        "at": at,
        "action": audit_chain.TRUNCATION_ACTION,
        "outcome": "success",
        "actor": ACTOR,
        "source_ip": ACTOR,
        "details": {
            "truncated": str(len(batch)),
            "reanchored": str(len(reanchors)),
            "before": cutoff,
        },
        audit_chain.REANCHORS_FIELD: reanchors,
        audit_chain.REANCHORS_MAC_FIELD: key.seal_reanchors(reanchors),
        audit_chain.VERSION_FIELD: audit_chain.KEYED_IP,
        audit_chain.DIGEST_FIELD: audit_ip.digest(key.key, key.scope, ACTOR),
    }
    if lane is None:
        audit.append(repository, ("AUDIT",), (at, event_id), fields, alongside=changes)
    else:
        audit.append(
            repository, ("AUDIT", at[:10]), (at, event_id), fields, lanes=(lane,), alongside=changes
        )
    return len(reanchors)


def _location(item: Mapping[str, Any], lane: str | None) -> tuple[KeyParts, KeyParts]:
    """Where an event is stored: its log's partition (a tenant's, or the platform's day)
    and its time and id."""
    at, event_id = str(item["at"]), str(item["event_id"])
    pk: KeyParts = ("AUDIT",) if lane is None else ("AUDIT", at[:10])
    return pk, (at, event_id)
