"""Listing a tenant's audit events against moto: filtered by actor, action and time, paged
without losing or repeating an event, and in bounded reads when a filter matches few."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from footprint.domain.tenancy import TenantContext
from footprint.identity import audit
from tests.support.clock import Clock
from tests.support.identity import Stack

CONTEXT = TenantContext.for_operator("t-listing")
SOURCE_IP = "198.51.100.7"
# 2026-03-01T00:00:00Z, then one event an hour: (actor, action).
START = 1772323200.0
RECORDED = [
    ("u-ann", "signin.success"),
    ("u-bob", "signin.failure"),
    ("u-ann", "user.invited"),
    ("u-ann", "user.role_changed"),
    ("u-bob", "signin.success"),
    ("u-ann", "tenant.settings_changed"),
]


@pytest.fixture
def recorded(identity: Stack, clock: Clock) -> list[audit.AuditEvent]:
    clock.now = START
    events = []
    for actor, action in RECORDED:
        events.append(
            audit.record(
                CONTEXT, action=action, outcome="success", source_ip=SOURCE_IP, actor=actor
            )
        )
        clock.advance(3600)
    return events


def _listed(where: audit.EventFilter, limit: int = 50) -> list[tuple[str | None, str]]:
    events, _ = audit.list_events(CONTEXT, limit=limit, where=where)
    return [(event.actor, event.action) for event in events]


def _at(hour: int) -> datetime:
    return datetime.fromtimestamp(START + hour * 3600, UTC)


def test_by_actor_and_by_action_family(recorded: list[audit.AuditEvent]) -> None:
    assert _listed(audit.EventFilter(actor="u-bob")) == [
        ("u-bob", "signin.success"),
        ("u-bob", "signin.failure"),
    ]
    assert _listed(audit.EventFilter(action="user.")) == [
        ("u-ann", "user.role_changed"),
        ("u-ann", "user.invited"),
    ]
    assert _listed(audit.EventFilter(actor="u-ann", action="signin.success")) == [
        ("u-ann", "signin.success")
    ]


def test_by_time_both_ends_included(recorded: list[audit.AuditEvent]) -> None:
    assert _listed(audit.EventFilter(since=_at(1), until=_at(3))) == [
        ("u-ann", "user.role_changed"),
        ("u-ann", "user.invited"),
        ("u-bob", "signin.failure"),
    ]
    assert _listed(audit.EventFilter(since=_at(4))) == [
        ("u-ann", "tenant.settings_changed"),
        ("u-bob", "signin.success"),
    ]
    assert _listed(audit.EventFilter(until=_at(0))) == [("u-ann", "signin.success")]
    assert _listed(audit.EventFilter(since=_at(7))) == []


def test_filtered_pages_list_every_match_once(recorded: list[audit.AuditEvent]) -> None:
    where = audit.EventFilter(actor="u-ann")
    seen: list[str] = []
    cursor = None
    while True:
        events, cursor = audit.list_events(CONTEXT, limit=1, cursor=cursor, where=where)
        assert len(events) <= 1
        seen += [event.event_id for event in events]
        if cursor is None:
            break
    expected = [event.event_id for event in reversed(recorded) if event.actor == "u-ann"]
    assert seen == expected


def test_a_sparse_filter_answers_after_bounded_reads(
    recorded: list[audit.AuditEvent], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(audit, "_READ_PER_PAGE", 2)
    where = audit.EventFilter(action="signin.failure")
    pages = []
    cursor = None
    while True:
        events, cursor = audit.list_events(CONTEXT, limit=2, cursor=cursor, where=where)
        pages.append([event.action for event in events])
        if cursor is None:
            break
    # Two events read a page: the failure, fifth newest of six, is on the third.
    assert pages[:3] == [[], [], ["signin.failure"]]
    assert [action for page in pages for action in page] == ["signin.failure"]
