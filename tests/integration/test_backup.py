"""The backup workflow on the local platform: it runs to SUCCEEDED, and its backup restores
(with ``footprint restore``, as an operator runs it) into a table equal to the data it saved."""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

import pytest

from footprint.domain.backup.checksum import canonical_item
from local.running import RunningPlatform
from tests.support.platform_accounts import footprint_cli

pytestmark = pytest.mark.integration

TABLE = "footprint-local-DataTable"


def _scan(platform: RunningPlatform, table: str) -> dict[tuple[str, str], dict[str, Any]]:
    paginator = platform.aws_client("dynamodb").get_paginator("scan")
    return {
        (item["pk"]["S"], item["sk"]["S"]): canonical_item(item)
        for page in paginator.paginate(TableName=table, ConsistentRead=True)
        for item in page["Items"]
    }


def _state_machine(platform: RunningPlatform) -> str:
    machines = platform.aws_client("stepfunctions").list_state_machines()["stateMachines"]
    (arn,) = [m["stateMachineArn"] for m in machines if m["name"].endswith("-BackupStateMachine")]
    return str(arn)


def _run_to_end(platform: RunningPlatform, name: str) -> dict[str, Any]:
    stepfunctions = platform.aws_client("stepfunctions")
    arn = stepfunctions.start_execution(
        stateMachineArn=_state_machine(platform), name=name, input='{"trigger": "test"}'
    )["executionArn"]
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        execution = stepfunctions.describe_execution(executionArn=arn)
        if execution["status"] != "RUNNING":
            return dict(execution)
        time.sleep(0.5)
    raise AssertionError(f"{name} still running after 120 s")


def test_the_backup_runs_on_the_local_platform_and_restores_to_an_equal_table(
    platform: RunningPlatform,
) -> None:
    dynamodb = platform.aws_client("dynamodb")
    marker = uuid.uuid4().hex[:8]
    for n in range(25):
        dynamodb.put_item(
            TableName=TABLE,
            Item={
                "pk": {"S": f"TENANT#drill{marker}#ITEM#{n}"},
                "sk": {"S": "META"},
                "value": {"N": f"{n}.25"},
                "raw": {"B": bytes([n])},
            },
        )
    at_backup = _scan(platform, TABLE)

    execution = _run_to_end(platform, f"integration-{marker}")

    assert execution["status"] == "SUCCEEDED", execution
    (done,) = json.loads(execution["output"])["backups"]
    assert done["item_count"] == len(at_backup)

    # Change the live table after the backup, as an incident would.
    dynamodb.delete_item(
        TableName=TABLE, Key={"pk": {"S": f"TENANT#drill{marker}#ITEM#0"}, "sk": {"S": "META"}}
    )
    listed = footprint_cli(platform, "backup", "list", "--table", TABLE, "--format", "json")
    assert listed.returncode == 0, listed.stderr
    assert done["backup_id"] in [entry["backup_id"] for entry in json.loads(listed.stdout)]

    target = f"restored-{marker}"
    restored = footprint_cli(
        platform, "restore", "--backup", done["backup_id"], "--to", target, "--table", TABLE
    )

    assert restored.returncode == 0, restored.stderr
    assert json.loads(restored.stdout)["matched"] is True
    assert _scan(platform, target) == at_backup
    assert any('"backup.completed"' in line for line in platform.output)


def test_footprint_backup_run_starts_the_workflow_on_demand(platform: RunningPlatform) -> None:
    result = footprint_cli(
        platform, "backup", "run", "--state-machine", _state_machine(platform), "--wait", "120"
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["status"] == "SUCCEEDED"
    assert answer["backups"][0]["backup_id"]
