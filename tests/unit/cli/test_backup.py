"""``footprint backup run|list`` and ``footprint restore --point-in-time`` against moto."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import boto3
import pytest
from botocore.stub import Stubber

from footprint.adapters.backup.tables import restore_to_point_in_time
from footprint.cli import main


def printed(capsys) -> str:
    """What the command printed last: in-process, the workflow's handlers log to stdout too."""
    lines = [line for line in capsys.readouterr().out.splitlines() if line.strip()]
    return lines[-1]


def test_backup_run_starts_the_workflow_and_waits_for_it(backup: dict[str, str], capsys) -> None:
    status = main(["backup", "run", "--state-machine", backup["state_machine"], "--wait", "60"])
    answer = json.loads(printed(capsys))
    assert status == 0
    assert answer["status"] == "SUCCEEDED"
    assert answer["execution_arn"].split(":")[-1].startswith("manual-")
    (done,) = answer["backups"]

    assert main(["backup", "list", "--table", backup["table"], "--format", "json"]) == 0
    (listed,) = json.loads(capsys.readouterr().out)
    assert listed["backup_id"] == done["backup_id"]
    assert "table_schema" not in listed
    assert main(["backup", "list", "--table", backup["table"]]) == 0
    assert capsys.readouterr().out.startswith(done["backup_id"])


def test_backup_run_can_start_without_waiting(backup: dict[str, str], capsys, monkeypatch) -> None:
    monkeypatch.setenv("FOOTPRINT_BACKUP_STATE_MACHINE", backup["state_machine"])
    assert main(["backup", "run"]) == 0
    assert json.loads(printed(capsys))["status"] == "RUNNING"


def test_a_command_without_a_target_says_what_to_give(capsys, monkeypatch) -> None:
    monkeypatch.delenv("FOOTPRINT_BACKUP_STATE_MACHINE", raising=False)
    monkeypatch.delenv("FOOTPRINT_DATA_TABLE", raising=False)
    assert main(["backup", "run"]) == 2
    assert "--state-machine or --stack" in capsys.readouterr().err
    assert main(["backup", "list"]) == 2
    assert "--table or --stack" in capsys.readouterr().err


def test_a_stack_name_finds_the_resources_through_its_outputs(
    backup: dict[str, str],
    capsys,
) -> None:
    template = {
        "Resources": {"Topic": {"Type": "AWS::SNS::Topic"}},
        "Outputs": {
            "DataTableName": {"Value": backup["table"]},
            "BackupStateMachineArn": {"Value": backup["state_machine"]},
        },
    }
    boto3.client("cloudformation").create_stack(
        StackName="footprint-dev", TemplateBody=json.dumps(template)
    )
    assert main(["backup", "run", "--stack", "footprint-dev", "--wait", "60"]) == 0
    capsys.readouterr()
    assert main(["backup", "list", "--stack", "footprint-dev", "--format", "json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 1


def test_restore_to_a_point_in_time_creates_the_new_table(
    backup: dict[str, str],
    capsys,
) -> None:
    dynamodb = boto3.client("dynamodb")
    dynamodb.put_item(TableName=backup["table"], Item={"pk": {"S": "a"}, "sk": {"S": "b"}})
    status = main(
        [
            "restore",
            "--point-in-time",
            "2026-11-25T12:00:00Z",
            "--to",
            "pitr-copy",
            "--table",
            backup["table"],
        ]
    )
    answer = json.loads(printed(capsys))
    assert status == 0
    assert answer["point_in_time"] == "2026-11-25T12:00:00+00:00"
    # moto copies the current items whatever the time: only that the restore ran is shown here.
    assert dynamodb.scan(TableName="pitr-copy")["Count"] == 1


def test_the_point_in_time_and_key_reach_dynamodb() -> None:
    client = boto3.client("dynamodb", region_name="us-east-2")
    moment = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
    with Stubber(client) as stub:
        stub.add_response(
            "restore_table_to_point_in_time",
            {"TableDescription": {"TableArn": "arn:aws:dynamodb:us-east-2:1:table/copy"}},
            {
                "SourceTableName": "live",
                "TargetTableName": "copy",
                "RestoreDateTime": moment,
                "BillingModeOverride": "PAY_PER_REQUEST",
                "SSESpecificationOverride": {
                    "Enabled": True,
                    "SSEType": "KMS",
                    "KMSMasterKeyId": "alias/tenant",
                },
            },
        )
        assert restore_to_point_in_time(client, "live", "copy", moment, "alias/tenant").endswith(
            "table/copy"
        )


def test_a_time_that_is_not_iso_8601_is_refused(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["restore", "--point-in-time", "yesterday", "--to", "x-table"])
    assert "point-in-time" in capsys.readouterr().err


def test_dynamodbs_refusal_is_reported_without_a_trace(
    backup: dict[str, str],
    capsys,
) -> None:
    status = main(
        [
            "restore",
            "--point-in-time",
            "2026-11-25T12:00:00Z",
            "--to",
            "copy-of-nothing",
            "--table",
            "no-such-table",
        ]
    )
    assert status == 1
    error = capsys.readouterr().err
    assert error.startswith("footprint restore: ")
    assert "Traceback" not in error


def test_an_empty_catalogue_says_no_backups_yet(backup: dict[str, str], capsys) -> None:
    assert main(["backup", "list", "--table", backup["table"]]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("no backups yet")
    assert main(["backup", "list", "--table", backup["table"], "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
