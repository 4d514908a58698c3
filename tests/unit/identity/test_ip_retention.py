"""The daily address retention run against moto: two tenants' logs and the platform's lanes,
events sealed before the keyed chain form and after it, the clock moved 13 months on. Old
addresses keep their network, recent ones are untouched, every chain still verifies (the
command too), a second run changes nothing, and an edit is still caught."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from footprint.cli import main
from footprint.domain import audit_chain
from footprint.domain.tenancy import TenantContext
from footprint.identity import audit, ip_retention, tenants
from tests.support.clock import Clock
from tests.support.identity import TABLE, Stack

ACME = TenantContext.for_operator("t-acme")
GLOBEX = TenantContext.for_operator("t-globex")
OLD_IP, OLD_NET = "198.51.100.7", "198.51.100.0"
OLD_IPV6, OLD_IPV6_NET = "2001:db8:7:1::5", "2001:db8:7::"
RECENT_IP = "203.0.113.9"
DAY = 86400.0


def _table() -> Any:
    return boto3.resource("dynamodb").Table(TABLE)


def _events(prefix: str) -> list[dict[str, Any]]:
    """The events whose partition key begins ``prefix``, by time."""
    items = [
        item
        for item in _table().scan()["Items"]
        if str(item["pk"]).startswith(prefix) and item["sk"] != "HEAD"
    ]
    return sorted(items, key=lambda item: str(item["at"]))


def _content(item: dict[str, Any]) -> str:
    """The hash of a stored event's content (its keys are not part of it)."""
    return audit_chain.hash_of({k: v for k, v in item.items() if k not in ("pk", "sk")})


def _by_action(prefix: str, action: str) -> list[dict[str, Any]]:
    return [event for event in _events(prefix) if event["action"] == action]


@pytest.fixture
def logs(identity: Stack, clock: Clock, monkeypatch: pytest.MonkeyPatch) -> Clock:
    """Both tenants registered; 14 months ago, events sealed without the key (version 1) and
    with it (version 2) in each log; a month ago, one more; then the clock is today."""
    key = audit.audit_key("t-acme")
    assert key is not None
    for context, name in ((ACME, "Acme"), (GLOBEX, "Globex")):
        tenants.register(context, name)
    monkeypatch.delenv(audit.DIGEST_KEY_VARIABLE)
    audit.record(ACME, action="test.unkeyed", outcome="success", source_ip=OLD_IP)
    audit.record_unknown_account("nobody@example.com", action="auth.login", source_ip=OLD_IP)
    monkeypatch.setenv(audit.DIGEST_KEY_VARIABLE, key.key.decode())
    clock.advance(DAY)
    for context in (ACME, GLOBEX):
        audit.record(context, action="test.keyed", outcome="success", source_ip=OLD_IPV6)
    audit.record_platform(action="staff.test", outcome="success", source_ip=OLD_IP, actor="s-one")
    clock.advance(13 * 31 * DAY)
    audit.record(ACME, action="test.recent", outcome="success", source_ip=RECENT_IP)
    clock.advance(30 * DAY)
    return clock


def _verified() -> list[audit_chain.Verdict]:
    return [audit.verify_tenant(ACME), audit.verify_tenant(GLOBEX), audit.verify_platform()]


def test_old_addresses_keep_their_network_and_every_chain_still_holds(logs: Clock) -> None:
    unkeyed_before = _by_action("TENANT#t-acme#AUDIT", "test.unkeyed")[0]

    report = ip_retention.run()

    acme = _events("TENANT#t-acme#AUDIT")
    assert _by_action("TENANT#t-acme#AUDIT", "test.unkeyed")[0]["source_ip"] == OLD_NET
    assert _by_action("TENANT#t-acme#AUDIT", "test.keyed")[0]["source_ip"] == OLD_IPV6_NET
    assert _by_action("TENANT#t-globex#AUDIT", "test.keyed")[0]["source_ip"] == OLD_IPV6_NET
    assert _by_action("TENANT#t-acme#AUDIT", "test.recent")[0]["source_ip"] == RECENT_IP
    platform = _events("PLATFORM#AUDIT#")
    assert {
        event["source_ip"] for event in platform if event["action"] != "audit.ip_truncated"
    } == {OLD_NET}
    # The re-anchored event keeps its links: its stored hash is the one it was sealed with.
    unkeyed = _by_action("TENANT#t-acme#AUDIT", "test.unkeyed")[0]
    assert unkeyed["hash"] == unkeyed_before["hash"]
    assert _content(unkeyed) != unkeyed["hash"]

    truncation = _by_action("TENANT#t-acme#AUDIT", "audit.ip_truncated")
    assert len(truncation) == 1
    assert truncation[0]["details"] == {
        "truncated": "2",
        "reanchored": "1",
        "before": report.cutoff,
    }
    assert truncation[0]["reanchors"] == [
        {"sequence": unkeyed["sequence"], "hash": _content(unkeyed)}
    ]
    assert acme[-1]["event_id"] == truncation[0]["event_id"]  # the last link of the chain
    assert len(_by_action("TENANT#t-globex#AUDIT", "audit.ip_truncated")) == 1
    # The platform's two old events went to their own lanes, one truncation event per lane.
    lanes = {str(event["lane"]) for event in platform if event["action"] != "audit.ip_truncated"}
    truncations = _by_action("PLATFORM#AUDIT#", "audit.ip_truncated")
    assert {str(event["lane"]) for event in truncations} == lanes
    assert sum(int(event["details"]["truncated"]) for event in truncations) == 2

    assert report.truncated == 2 + 1 + 2
    assert report.reanchored == 1 + 1  # Acme's unkeyed event, the unknown account's
    assert sorted(report.logs) == sorted(["t-acme", "t-globex", *(f"platform/{n}" for n in lanes)])
    assert report.deferred == []
    for verdict in _verified():
        assert verdict.holds, verdict.line()
        assert verdict.unchecked == 0


def test_a_second_run_changes_nothing_and_records_nothing(logs: Clock) -> None:
    ip_retention.run()
    before = _table().scan()["Items"]

    again = ip_retention.run()

    assert (again.truncated, again.reanchored, again.logs) == (0, 0, [])
    assert sorted(map(str, _table().scan()["Items"])) == sorted(map(str, before))


def test_the_cutoff_follows_the_clock(logs: Clock) -> None:
    """13 months after the recent event, it falls due too."""
    ip_retention.run()
    logs.advance(13 * 31 * DAY)

    report = ip_retention.run()

    assert report.truncated == 1
    assert _by_action("TENANT#t-acme#AUDIT", "test.recent")[0]["source_ip"] == "203.0.113.0"
    assert all(verdict.holds for verdict in _verified())


def test_an_edit_of_a_truncated_event_is_still_caught(logs: Clock) -> None:
    ip_retention.run()
    for action in ("test.unkeyed", "test.keyed"):
        event = _by_action("TENANT#t-acme#AUDIT", action)[0]
        _table().put_item(Item={**event, "outcome": "failure"})

        verdict = audit.verify_tenant(ACME)

        assert verdict.broken is not None
        assert verdict.broken.event_id == event["event_id"]
        assert "(edited)" in verdict.broken.problem
        _table().put_item(Item=event)
    assert audit.verify_tenant(ACME).holds


def test_the_run_refuses_to_start_without_the_key(
    logs: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(audit.DIGEST_KEY_VARIABLE)
    with pytest.raises(ip_retention.MissingKey):
        ip_retention.run()
    assert _by_action("TENANT#t-acme#AUDIT", "test.keyed")[0]["source_ip"] == OLD_IPV6


def test_a_batch_that_meets_a_concurrent_change_is_left_for_the_next_run(
    logs: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each batch is written whole with its truncation event, or not at all."""
    monkeypatch.setattr(ip_retention, "BATCH", 1)
    real = ip_retention._due

    def changed_meanwhile(items: Any, report: ip_retention.Report) -> list[dict[str, Any]]:
        due = real(items, report)
        if due and due[0].get("action") == "test.unkeyed":
            # Another writer truncates the second of Acme's events after it was read.
            second = _by_action("TENANT#t-acme#AUDIT", "test.keyed")[0]
            _table().put_item(Item={**second, "source_ip": OLD_IPV6_NET})
        return due

    monkeypatch.setattr(ip_retention, "_due", changed_meanwhile)

    report = ip_retention.run()

    assert "t-acme" in report.deferred
    assert len(_by_action("TENANT#t-acme#AUDIT", "audit.ip_truncated")) == 1  # first batch
    assert audit.verify_tenant(ACME).holds


def test_the_command_verifies_the_logs_after_the_run(
    logs: Clock, capsys: pytest.CaptureFixture[str]
) -> None:
    ip_retention.run()
    for arguments in (["--tenant", "t-acme"], ["--tenant", "t-globex"], ["--platform"]):
        status = main(["audit", "verify", *arguments, "--table", TABLE])
        line = capsys.readouterr().out.strip().splitlines()[-1]
        assert status == 0, line
        assert "hold" in line
        assert "not checked" not in line
