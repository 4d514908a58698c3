"""The audit log's hash chain against moto: recording links each event to the one before, and
an event edited, removed or moved in the table afterwards makes verification fail there."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from footprint.domain import audit_chain
from footprint.domain.tenancy import TenantContext
from footprint.identity import audit
from tests.support.concurrency import at_once, hold
from tests.support.identity import TABLE, Stack

CONTEXT = TenantContext.for_operator("t-chain")
SOURCE_IP = "198.51.100.7"


def _table() -> Any:
    import boto3

    return boto3.resource("dynamodb").Table(TABLE)


def _events(partition_prefix: str) -> list[dict[str, Any]]:
    """The chained events whose partition key begins ``partition_prefix``, by sequence."""
    items = _table().scan()["Items"]
    found = [
        item
        for item in items
        if str(item["pk"]).startswith(partition_prefix)
        and "sequence" in item
        and item["sk"] != "HEAD"
    ]
    return sorted(found, key=lambda item: int(item["sequence"]))


def _tenant_events() -> list[dict[str, Any]]:
    return _events("TENANT#t-chain#AUDIT")


def _record(count: int) -> list[audit.AuditEvent]:
    return [
        audit.record(CONTEXT, action=f"test.step{n}", outcome="success", source_ip=SOURCE_IP)
        for n in range(1, count + 1)
    ]


def _sealed(item: dict[str, Any]) -> str:
    """The hash of a stored event, as anyone who knows the canonical form can compute it."""
    return audit_chain.hash_of({k: v for k, v in item.items() if k not in ("pk", "sk")})


def _rewrite(item: dict[str, Any], **changes: Any) -> None:
    """Put ``item`` back with ``changes``, as someone with write access to the table could."""
    _table().put_item(Item={**item, **changes})


def test_recorded_events_form_one_chain(identity: Stack) -> None:
    recorded = _record(4)

    events = _tenant_events()
    assert [int(event["sequence"]) for event in events] == [1, 2, 3, 4]
    assert [event["event_id"] for event in events] == [event.event_id for event in recorded]
    assert events[0]["previous_hash"] == audit_chain.GENESIS
    for before, after in itertools.pairwise(events):
        assert after["previous_hash"] == before["hash"]
    assert all(event["hash"] == _sealed(event) for event in events)
    verdict = audit.verify_tenant(CONTEXT)
    assert verdict.holds, verdict.line()
    assert (verdict.length, verdict.unchained) == (4, 0)
    assert verdict.head is not None
    assert verdict.head.hash == events[-1]["hash"]


def test_an_edited_event_breaks_the_chain_there(identity: Stack) -> None:
    _record(4)
    third = _tenant_events()[2]
    _rewrite(third, outcome="failure")

    verdict = audit.verify_tenant(CONTEXT)

    assert verdict.broken is not None
    assert (verdict.broken.sequence, verdict.broken.event_id) == (3, third["event_id"])
    assert "does not match its hash (edited)" in verdict.broken.problem


def test_an_edited_detail_breaks_the_chain_there(identity: Stack) -> None:
    """A digest recorded in an event's details (an export's SHA-256) is held by the chain."""
    digest = "ab" * 32
    audit.record(CONTEXT, action="test.before", outcome="success", source_ip=SOURCE_IP)
    recorded = audit.record(
        CONTEXT,
        action="test.export",
        outcome="success",
        source_ip=SOURCE_IP,
        details={"export_sha256": digest},
    )
    audit.record(CONTEXT, action="test.after", outcome="success", source_ip=SOURCE_IP)
    second = _tenant_events()[1]
    assert second["details"] == {"export_sha256": digest}
    assert audit.verify_tenant(CONTEXT).holds
    _rewrite(second, details={"export_sha256": "cd" * 32})

    verdict = audit.verify_tenant(CONTEXT)

    assert verdict.broken is not None
    assert (verdict.broken.sequence, verdict.broken.event_id) == (2, recorded.event_id)
    assert "(edited)" in verdict.broken.problem


def test_a_removed_event_breaks_the_chain_at_the_next(identity: Stack) -> None:
    _record(4)
    events = _tenant_events()
    _table().delete_item(Key={"pk": events[1]["pk"], "sk": events[1]["sk"]})

    verdict = audit.verify_tenant(CONTEXT)

    assert verdict.broken is not None
    assert (verdict.broken.sequence, verdict.broken.event_id) == (3, events[2]["event_id"])
    assert "event 2 missing before it (removed)" in verdict.broken.problem


def test_a_removed_last_event_is_named_by_the_head(identity: Stack) -> None:
    _record(3)
    last = _tenant_events()[-1]
    _table().delete_item(Key={"pk": last["pk"], "sk": last["sk"]})

    verdict = audit.verify_tenant(CONTEXT)

    assert verdict.broken is not None
    assert (verdict.broken.sequence, verdict.broken.event_id) == (3, last["event_id"])
    assert "gone (removed)" in verdict.broken.problem


def test_a_removed_event_renumbered_and_resealed_breaks_the_chain(identity: Stack) -> None:
    """Closing the gap (each later event numbered one less, its own hash recomputed) still
    leaves the next event's previous hash pointing at the removed one."""
    _record(4)
    events = _tenant_events()
    _table().delete_item(Key={"pk": events[1]["pk"], "sk": events[1]["sk"]})
    for event in events[2:]:
        moved = {**event, "sequence": int(event["sequence"]) - 1}
        _rewrite(moved, hash=_sealed(moved))

    verdict = audit.verify_tenant(CONTEXT)

    assert verdict.broken is not None
    assert (verdict.broken.sequence, verdict.broken.event_id) == (2, events[2]["event_id"])
    assert "previous hash" in verdict.broken.problem


def test_reordered_events_break_the_chain_at_the_first_moved(identity: Stack) -> None:
    """Two events swapped in the order (their sequence exchanged, each one's own hash made
    right again): the event moved forward does not follow its new predecessor."""
    _record(4)
    events = _tenant_events()
    second, third = events[1], events[2]
    for event, sequence in ((second, 3), (third, 2)):
        moved = {**event, "sequence": sequence}
        _rewrite(moved, hash=_sealed(moved))

    verdict = audit.verify_tenant(CONTEXT)

    assert verdict.broken is not None
    assert (verdict.broken.sequence, verdict.broken.event_id) == (2, third["event_id"])
    assert "(removed or reordered)" in verdict.broken.problem


def test_concurrent_records_make_one_unbroken_chain(
    identity: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every writer reads the same head before any writes: all but one lose the race and seal
    their event again after the winner's."""
    count = 8
    sealed = hold(monkeypatch, "footprint.domain.audit_chain.seal", count)

    results = at_once(
        count,
        lambda n: audit.record(
            CONTEXT, action=f"test.burst{n}", outcome="success", source_ip=SOURCE_IP
        ),
    )

    assert all(isinstance(result, audit.AuditEvent) for result in results), results
    assert len(sealed) > count  # the race was run: some sealed again
    events = _tenant_events()
    assert [int(event["sequence"]) for event in events] == list(range(1, count + 1))
    assert len({event["previous_hash"] for event in events}) == count  # no fork
    verdict = audit.verify_tenant(CONTEXT)
    assert verdict.holds, verdict.line()
    assert verdict.length == count


def test_a_burst_of_unknown_account_failures_loses_no_event(
    identity: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As many sign-ins for unknown e-mails as the Auth function runs at once (its reserved
    concurrency), all past the head read before any writes: each is refused as usual and its
    event chained, spread over the platform's lanes."""
    from footprint.domain.errors import Unauthenticated
    from footprint.identity import signin

    count = 50
    sealed = hold(monkeypatch, "footprint.domain.audit_chain.seal", count)

    answers = at_once(
        count,
        lambda n: signin.login(f"nobody{n}@nowhere.example", "wrong password", source_ip=SOURCE_IP),
    )

    assert all(isinstance(answer, Unauthenticated) for answer in answers), answers
    assert len(sealed) >= count
    verdict = audit.verify_platform()
    assert verdict.holds, verdict.line()
    assert verdict.length == count
    assert verdict.chains > 1
    lanes = {event["lane"] for event in _events("PLATFORM#AUDIT#")}
    assert lanes <= set(audit_chain.PLATFORM_LANES)


def _unchained(at: str, event_id: str) -> None:
    """An event as the log held it before the chain: no sequence, no hashes."""
    _table().put_item(
        Item={
            "pk": "TENANT#t-chain#AUDIT",
            "sk": f"{at}#{event_id}",
            "event_id": event_id,
            "at": at,
            "action": "user.signin",
            "outcome": "success",
            "source_ip": SOURCE_IP,
            "details": {},
        }
    )


def test_events_before_the_chain_are_counted_not_vouched_for(identity: Stack) -> None:
    _unchained("2020-01-01T00:00:00.000000Z", "0" * 32)
    _unchained("2020-01-02T00:00:00.000000Z", "1" * 32)
    _record(2)

    verdict = audit.verify_tenant(CONTEXT)

    assert verdict.holds, verdict.line()
    assert (verdict.length, verdict.unchained) == (2, 2)
    assert "2 earlier events predate the chain" in verdict.line()


def test_an_unchained_event_dated_after_the_chain_began_is_refused(identity: Stack) -> None:
    _record(2)
    _unchained("2999-01-01T00:00:00.000000Z", "2" * 32)

    verdict = audit.verify_tenant(CONTEXT)

    assert verdict.broken is not None
    assert verdict.broken.event_id == "2" * 32
    assert "(inserted)" in verdict.broken.problem


def test_a_log_never_written_holds_and_says_so(identity: Stack) -> None:
    verdict = audit.verify_tenant(CONTEXT)

    assert verdict.holds
    assert verdict.line() == "no chained events"


def test_the_platform_log_is_a_chain_too(identity: Stack) -> None:
    for n in range(3):
        audit.record_unknown_account(
            f"nobody{n}@example.com", action="signin.failure", source_ip=SOURCE_IP
        )

    verdict = audit.verify_platform()
    assert verdict.holds, verdict.line()
    assert verdict.length == 3

    events = _events("PLATFORM#AUDIT#")
    _rewrite(events[0], source_ip="203.0.113.9")
    verdict = audit.verify_platform()
    assert verdict.broken is not None
    assert (verdict.broken.sequence, verdict.broken.event_id) == (1, events[0]["event_id"])


def test_the_head_the_vault_recorded_must_still_be_in_the_chain(identity: Stack) -> None:
    """A chain rewritten consistently (every hash recomputed) still holds on its own; the head
    a backup recorded before the rewrite shows it."""
    _record(3)
    vault = audit.verify_tenant(CONTEXT).head
    assert vault is not None
    previous = audit_chain.GENESIS
    for event in _tenant_events():
        # Not the address: its keyed digest would show that without the vault (see
        # test_ip_retention.py); an outcome is held by the hash alone.
        forged = {**event, "outcome": "failure", "previous_hash": previous}
        forged["hash"] = _sealed(forged)
        _rewrite(forged)
        previous = forged["hash"]
    head = _table().get_item(Key={"pk": "TENANT#t-chain#AUDIT_CHAIN", "sk": "HEAD"})["Item"]
    _rewrite(head, hash=previous)

    assert audit.verify_tenant(CONTEXT).holds
    verdict = audit.verify_tenant(CONTEXT, vault)
    assert verdict.broken is not None
    assert (verdict.broken.sequence, verdict.broken.event_id) == (3, vault.event_id)
    assert "backup vault recorded" in verdict.broken.problem


@pytest.mark.parametrize("removed", [1, 2])
def test_a_chain_cut_back_below_the_vault_head_fails(identity: Stack, removed: int) -> None:
    _record(3)
    vault = audit.verify_tenant(CONTEXT).head
    assert vault is not None
    events = _tenant_events()
    for event in events[-removed:]:
        _table().delete_item(Key={"pk": event["pk"], "sk": event["sk"]})
    head = _table().get_item(Key={"pk": "TENANT#t-chain#AUDIT_CHAIN", "sk": "HEAD"})["Item"]
    kept = events[-removed - 1]
    _rewrite(head, **{name: kept[name] for name in ("sequence", "hash", "event_id", "at")})

    assert audit.verify_tenant(CONTEXT).holds
    verdict = audit.verify_tenant(CONTEXT, vault)
    assert verdict.broken is not None
    assert (verdict.broken.sequence, verdict.broken.event_id) == (3, vault.event_id)
    assert "it is gone (removed)" in verdict.broken.problem
