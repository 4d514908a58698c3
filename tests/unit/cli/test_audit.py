"""``footprint audit verify`` against moto: the whole stack provisioned, the backup workflow
run through its state machine where a test needs the vault's heads."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from footprint.cli import main
from footprint.domain import audit_chain
from footprint.domain.tenancy import TenantContext
from footprint.identity import audit, tenants

TENANT = "t-acme"
SOURCE_IP = "198.51.100.7"


def _record(count: int) -> None:
    """``count`` events in the log of TENANT, registered first (the backup lists the
    registered tenants)."""
    context = TenantContext.for_operator(TENANT)
    if tenants.get_tenant(context) is None:
        tenants.register(context, "Acme")
    for n in range(count):
        audit.record(context, action=f"test.step{n}", outcome="success", source_ip=SOURCE_IP)


def _events(table: str) -> list[dict[str, Any]]:
    items = boto3.resource("dynamodb").Table(table).scan()["Items"]
    found = [item for item in items if item["pk"] == f"TENANT#{TENANT}#AUDIT"]
    return sorted(found, key=lambda item: int(item["sequence"]))


def _put(table: str, item: dict[str, Any]) -> None:
    boto3.resource("dynamodb").Table(table).put_item(Item=item)


def _sealed(item: dict[str, Any]) -> str:
    return audit_chain.hash_of({k: v for k, v in item.items() if k not in ("pk", "sk")})


def _verify(capsys: pytest.CaptureFixture[str], *arguments: str) -> tuple[int, str]:
    status = main(["audit", "verify", *arguments])
    captured = capsys.readouterr()
    lines = [line for line in captured.out.splitlines() if line.strip()]
    return status, lines[-1] if lines else captured.err.strip()


def _back_up(backup: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["backup", "run", "--state-machine", backup["state_machine"], "--wait", "60"]) == 0
    capsys.readouterr()


def _rewrite_consistently(table: str) -> None:
    """Edit every event and seal the chain again, head item included: what someone with
    write access to the table and the source code could do."""
    previous = audit_chain.GENESIS
    last: dict[str, Any] = {}
    for event in _events(table):
        # Not the address: its keyed digest would show that without the vault.
        last = {**event, "outcome": "failure", "previous_hash": previous}
        last["hash"] = previous = _sealed(last)
        _put(table, last)
    head = {"pk": f"TENANT#{TENANT}#AUDIT_CHAIN", "sk": "HEAD"}
    stored = boto3.resource("dynamodb").Table(table).get_item(Key=head)["Item"]
    _put(table, {**stored, "hash": last["hash"]})


def test_an_intact_log_holds(backup: dict[str, str], capsys) -> None:
    _record(3)

    status, line = _verify(capsys, "--tenant", TENANT, "--table", backup["table"])

    assert status == 0
    assert line.startswith("chain holds: 3 events, the last 3 (")


def test_an_edited_event_fails_naming_it(backup: dict[str, str], capsys) -> None:
    _record(3)
    second = _events(backup["table"])[1]
    _put(backup["table"], {**second, "action": "user.nothing_happened"})

    status, line = _verify(capsys, "--tenant", TENANT, "--table", backup["table"])

    assert status == 2
    assert line == (
        f"chain broken at event 2 ({second['event_id']}, {second['at']}): "
        "its content does not match its hash (edited)"
    )


def test_the_platform_log_is_verified(backup: dict[str, str], capsys) -> None:
    audit.record_unknown_account("nobody@example.com", action="signin.failure", source_ip="::1")

    status, line = _verify(capsys, "--platform", "--table", backup["table"])

    assert status == 0
    assert line.startswith("chain holds: 1 events")


def test_a_log_rewritten_after_the_backup_fails_against_its_head(
    backup: dict[str, str],
    capsys,
) -> None:
    _record(3)
    _back_up(backup, capsys)
    status, line = _verify(
        capsys, "--tenant", TENANT, "--table", backup["table"], "--against-backup"
    )
    assert status == 0
    assert "its head there, event 3" in line
    last = _events(backup["table"])[-1]

    _rewrite_consistently(backup["table"])

    assert _verify(capsys, "--tenant", TENANT, "--table", backup["table"])[0] == 0
    status, line = _verify(
        capsys, "--tenant", TENANT, "--table", backup["table"], "--against-backup"
    )
    assert status == 2
    assert line.startswith(
        f"chain broken at event 3 ({last['event_id']}, {last['at']}): its hash differs from "
        "the one the backup vault recorded (rewritten)"
    )


def test_a_platform_lane_cut_back_after_the_backup_fails_against_its_head(
    backup: dict[str, str], capsys
) -> None:
    for n in range(3):
        audit.record_unknown_account(
            f"nobody{n}@example.com", action="signin.failure", source_ip="::1"
        )
    _back_up(backup, capsys)
    table = boto3.resource("dynamodb").Table(backup["table"])
    events = sorted(
        (item for item in table.scan()["Items"] if str(item["pk"]).startswith("PLATFORM#AUDIT#")),
        key=lambda item: str(item["at"]),
    )
    last = events[-1]
    lane = str(last["lane"])
    table.delete_item(Key={"pk": last["pk"], "sk": last["sk"]})
    head_key = {"pk": f"PLATFORM#AUDIT_CHAIN#{lane}", "sk": "HEAD"}
    kept = [event for event in events[:-1] if event["lane"] == lane]
    if kept:  # the head moved back to the lane's event before: the lane holds on its own
        fields = ("sequence", "hash", "event_id", "at")
        table.put_item(
            Item={**table.get_item(Key=head_key)["Item"], **{f: kept[-1][f] for f in fields}}
        )
    else:  # the lane's only event: its head goes with it
        table.delete_item(Key=head_key)

    assert _verify(capsys, "--platform", "--table", backup["table"])[0] == 0
    status, line = _verify(capsys, "--platform", "--table", backup["table"], "--against-backup")

    assert status == 2
    assert line.startswith(
        f"chain broken at lane {lane}, event {last['sequence']} "
        f"({last['event_id']}, {last['at']}): the backup vault recorded this event as the "
        "chain's head; it is gone (removed)"
    )


def test_the_backup_is_named_or_the_latest_taken(backup: dict[str, str], capsys) -> None:
    _record(1)
    _back_up(backup, capsys)
    _record(1)
    _back_up(backup, capsys)
    assert main(["backup", "list", "--table", backup["table"]]) == 0
    first, latest = (line.split()[0] for line in capsys.readouterr().out.splitlines())

    _, named = _verify(
        capsys, "--tenant", TENANT, "--table", backup["table"], "--against-backup", first
    )
    _, default = _verify(capsys, "--tenant", TENANT, "--table", backup["table"], "--against-backup")

    assert f"backup {first} " in named
    assert "its head there, event 1" in named
    assert f"backup {latest} " in default
    assert "its head there, event 2" in default


def test_an_unknown_backup_or_none_says_what_to_do(backup: dict[str, str], capsys) -> None:
    table = ["--table", backup["table"]]
    assert main(["audit", "verify", "--tenant", TENANT, *table, "--against-backup"]) == 2
    assert "no backup yet" in capsys.readouterr().err
    assert main(["audit", "verify", "--tenant", TENANT, *table, "--against-backup", "nope"]) == 2
    assert "no backup nope" in capsys.readouterr().err
    assert main(["audit", "verify", "--tenant", "NOT AN ID", *table]) == 2
    assert "not a tenant id" in capsys.readouterr().err
