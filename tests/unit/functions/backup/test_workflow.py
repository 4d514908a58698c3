"""The daily backup workflow in moto: its state machine from the template, our handlers."""

from __future__ import annotations

import gzip
import importlib
import json
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from footprint.adapters.backup.catalogue import BackupCatalogue
from footprint.adapters.repository import PlatformRepository
from footprint.domain.backup.catalogue import BackupRecord
from footprint.domain.backup.checksum import Fingerprint, fingerprint
from local.lambdas import FunctionError, FunctionRegistry
from local.platform import LocalPlatform
from local.provision import Deployment
from local.scheduler import schedules
from tests.support.aws_faults import AwsFault, aws_faults
from tests.support.backup import seed


def catalogue(table: str) -> BackupCatalogue:
    return BackupCatalogue(PlatformRepository(boto3.resource("dynamodb").Table(table)))


def table_fingerprint(table: str) -> Fingerprint:
    paginator = boto3.client("dynamodb").get_paginator("scan")
    return fingerprint(
        item for page in paginator.paginate(TableName=table) for item in page["Items"]
    )


def started_exports(execution: dict[str, Any]) -> int:
    return sum(
        1
        for event in execution["history"]
        if event["type"] == "TaskStateEntered"
        and event["stateEnteredEventDetails"]["name"] == "StartExport"
    )


def test_a_run_exports_verifies_and_catalogues_each_table(backup, run_workflow, logged) -> None:
    seed(backup["table"])
    before = table_fingerprint(backup["table"])

    execution = run_workflow("daily-1")

    assert execution["status"] == "SUCCEEDED"
    (done,) = execution["result"]["backups"]
    record = catalogue(backup["table"]).get(done["backup_id"])
    assert record.table_name == backup["table"]
    assert record.fingerprint == before
    assert done["item_count"] == before.count == 40
    assert record.layout == "moto"
    assert record.retain_until - record.export_time == timedelta(days=400)
    keys = boto3.client("s3").list_objects_v2(Bucket=backup["bucket"], Prefix=record.prefix)
    assert keys["KeyCount"] >= 1
    assert record.prefix.startswith(f"dynamodb/{backup['table']}/")
    assert logged.of("backup.completed")[0].backup_id == record.backup_id
    assert "backup.failed" not in logged.events()


def test_every_run_keeps_its_own_export(backup, run_workflow) -> None:
    seed(backup["table"], 5)
    first = run_workflow("daily-1")["result"]["backups"][0]["backup_id"]
    second = run_workflow("daily-2")["result"]["backups"][0]["backup_id"]
    records = catalogue(backup["table"]).records()
    assert [r.backup_id for r in records] == sorted([first, second])
    # Both runs may start in the same second, so find each run's record by its id.
    by_id = {record.backup_id: record for record in records}
    assert by_id[first].prefix != by_id[second].prefix
    # The second run's table holds the first run's catalogue entry: one item more.
    assert by_id[second].fingerprint.count == by_id[first].fingerprint.count + 1


def _steps_module() -> Any:
    return importlib.import_module("fp_backup.steps")


def test_an_export_that_differs_from_the_snapshot_is_retried_then_fails(
    backup, run_workflow, logged, monkeypatch
) -> None:
    seed(backup["table"], 5)
    # Stand for a table written to during every snapshot: the scan never matches the export.
    monkeypatch.setattr(_steps_module(), "table_fingerprint", lambda *_: Fingerprint(1, 1))

    execution = run_workflow("daily-drift")

    assert execution["status"] == "FAILED"
    assert started_exports(execution) == 3
    assert catalogue(backup["table"]).records() == []
    assert len(logged.of("backup.mismatch")) == 3
    (failure,) = logged.of("backup.failed")
    assert "VerificationFailed" in failure.error


def test_a_snapshot_disturbed_once_is_taken_again(backup, run_workflow, monkeypatch) -> None:
    seed(backup["table"], 5)
    steps = _steps_module()
    real = steps.table_fingerprint
    calls: list[int] = []

    def disturbed_once(client: Any, name: str) -> Fingerprint:
        calls.append(1)
        return Fingerprint(1, 1) if len(calls) == 1 else real(client, name)

    monkeypatch.setattr(steps, "table_fingerprint", disturbed_once)
    execution = run_workflow("daily-retry")
    assert execution["status"] == "SUCCEEDED"
    assert started_exports(execution) == 2
    assert len(catalogue(backup["table"]).records()) == 1


def test_a_table_without_point_in_time_recovery_fails_the_run(backup, run_workflow, logged) -> None:
    boto3.client("dynamodb").update_continuous_backups(
        TableName=backup["table"],
        PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": False},
    )
    execution = run_workflow("daily-no-pitr")
    assert execution["status"] == "FAILED"
    (failure,) = logged.of("backup.failed")
    assert "TableNotProtected" in failure.error


def test_pruning_drops_entries_whose_objects_are_gone(
    backup, run_workflow, functions: FunctionRegistry, logged
) -> None:
    seed(backup["table"], 3)
    backup_id = run_workflow("daily-1")["result"]["backups"][0]["backup_id"]
    record = catalogue(backup["table"]).get(backup_id)
    s3 = boto3.client("s3")
    versions = s3.list_object_versions(Bucket=backup["bucket"], Prefix=record.prefix)
    for version in versions.get("Versions", []):
        s3.delete_object(
            Bucket=backup["bucket"],
            Key=version["Key"],
            VersionId=version["VersionId"],
            BypassGovernanceRetention=True,
        )

    result = functions.invoke("BackupFunction", {"step": "prune"})

    assert result == {"pruned": [backup_id], "kept": 0}
    assert catalogue(backup["table"]).records() == []
    # Gone before its retention ended: logged as a loss, which the failure alarm counts.
    assert logged.of("backup.lost")[0].backup_id == backup_id


def test_pruning_keeps_entries_whose_objects_remain(
    backup, run_workflow, functions: FunctionRegistry
) -> None:
    seed(backup["table"], 3)
    run_workflow("daily-1")
    entries = catalogue(backup["table"])
    (record,) = entries.records()
    expired = BackupRecord.from_attributes(
        {**record.to_attributes(), "retain_until": datetime(2020, 1, 1, tzinfo=UTC).isoformat()}
    )
    entries.put(expired)  # past retention, but lifecycle has not removed the objects yet
    assert functions.invoke("BackupFunction", {"step": "prune"}) == {"pruned": [], "kept": 1}


def test_the_status_check_lengthens_its_pause_up_to_a_limit(
    backup, run_workflow, functions: FunctionRegistry
) -> None:
    run_workflow("daily-1")
    export_arn = catalogue(backup["table"]).records()[0].export_arn
    answers = [
        functions.invoke(
            "BackupFunction", {"step": "export_status", "export_arn": export_arn, "poll_seconds": s}
        )
        for s in (2, 100)
    ]
    assert [a["poll_seconds"] for a in answers] == [4, 120]
    assert answers[0]["status"] == "COMPLETED"


def test_an_unknown_step_is_refused(backup, functions: FunctionRegistry) -> None:
    with pytest.raises(FunctionError) as failure:
        functions.invoke("BackupFunction", {"step": "drop_table"})
    assert failure.value.error_type == "UnknownStep"


def test_the_sample_events_run_through_the_function(
    backup, functions: FunctionRegistry, repo_root, logged
) -> None:
    answers = {
        path.stem: functions.invoke("BackupFunction", json.loads(path.read_text()))
        for path in sorted((repo_root / "events" / "backup").glob("*.json"))
    }
    assert answers["list_tables"]["tables"][0]["name"] == backup["table"]
    assert answers["start_export"]["export_arn"]
    assert answers["start_export"]["expected"]["count"] == 0
    assert answers["prune"] == {"pruned": [], "kept": 0}
    assert answers["report_failure"] == {"reported": True}
    assert logged.of("backup.failed")[0].error == "VerificationFailed"


def test_the_schedule_fires_the_workflow_daily_at_three(backup, deployment: Deployment) -> None:
    (entry,) = [
        s
        for s in schedules(deployment.template, deployment.resolver).values()
        if s.target_arn == backup["state_machine"]
    ]
    assert entry.enabled
    moment = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)
    assert entry.expression.next_after(moment - timedelta(hours=2)) == moment
    assert entry.expression.next_after(moment) == moment + timedelta(days=1)
    # Fire it as the local platform's scheduler does (not started: moto is in-process here).
    arn = LocalPlatform().fire(entry)
    client = boto3.client("stepfunctions")
    for _ in range(300):
        status = client.describe_execution(executionArn=arn)["status"]
        if status != "RUNNING":
            break
        time.sleep(0.1)
    assert status == "SUCCEEDED"
    assert arn.split(":")[-1].startswith("BackupSchedule-")


def _export_now(backup: dict[str, str], functions: FunctionRegistry) -> dict[str, Any]:
    table = boto3.client("dynamodb").describe_table(TableName=backup["table"])["Table"]
    export = functions.invoke(
        "BackupFunction",
        {
            "step": "start_export",
            "execution": "verify-now",  # as the state machine passes $$.Execution.Name
            "table": {"name": backup["table"], "arn": table["TableArn"]},
        },
    )
    for _ in range(100):
        state = functions.invoke(
            "BackupFunction", {"step": "export_status", "export_arn": export["export_arn"]}
        )
        if state["status"] != "IN_PROGRESS":
            break
        time.sleep(0.05)
    assert state["status"] == "COMPLETED"
    return dict(export)


def test_verification_compares_the_exported_items_with_the_snapshot(
    backup, functions: FunctionRegistry
) -> None:
    seed(backup["table"], 12)
    export = _export_now(backup, functions)
    verify = {"step": "verify", "prefix": export["prefix"], "expected": export["expected"]}
    assert functions.invoke("BackupFunction", verify)["matched"] is True

    # The export's data file altered after the fact (one value changed): no longer a match.
    s3 = boto3.client("s3")
    (key,) = [
        entry["Key"]
        for entry in s3.list_objects_v2(Bucket=backup["bucket"], Prefix=export["prefix"])[
            "Contents"
        ]
    ]
    text = gzip.decompress(s3.get_object(Bucket=backup["bucket"], Key=key)["Body"].read())
    altered = text.replace(b'{"N": "0.50"}', b'{"N": "0.25"}', 1)
    assert altered != text
    s3.put_object(Bucket=backup["bucket"], Key=key, Body=gzip.compress(altered))

    answer = functions.invoke("BackupFunction", verify)
    assert answer["matched"] is False
    assert answer["exported"]["count"] == export["expected"]["count"] == 12
    assert answer["exported"]["checksum"] != export["expected"]["checksum"]


def test_an_export_time_dynamodb_refuses_is_raised_for_the_workflow_to_retry(
    backup, functions: FunctionRegistry, monkeypatch, repo_root: Path
) -> None:
    steps = _steps_module()

    def refuse(*_: Any, **__: Any) -> str:
        error = {"Error": {"Code": "InvalidExportTimeException", "Message": "outside window"}}
        raise ClientError(error, "ExportTableToPointInTime")

    monkeypatch.setattr(steps, "request_export", refuse)
    event = json.loads((repo_root / "events/backup/start_export.json").read_text())
    with pytest.raises(FunctionError) as failure:
        functions.invoke("BackupFunction", event)
    # The state machine retries this error name with a pause (Retry on ExportTimeNotRestorable).
    assert failure.value.error_type == "ExportTimeNotRestorable"
    definition = json.loads((repo_root / "statemachines/backup.asl.json").read_text())
    retries = definition["States"]["BackUpEachTable"]["ItemProcessor"]["States"]["StartExport"][
        "Retry"
    ]
    assert any(r["ErrorEquals"] == ["ExportTimeNotRestorable"] for r in retries)


def _unavailable_export_status(remaining: int) -> AwsFault:
    return AwsFault("dynamodb", "DescribeExport", "ServiceUnavailable", 503, remaining)


def test_a_service_unavailable_mid_export_is_retried(backup, run_workflow, logged) -> None:
    seed(backup["table"], 5)
    with aws_faults(_unavailable_export_status(1)) as (fault,):
        execution = run_workflow("daily-unavailable-once")
    assert fault.raised == 1
    assert execution["status"] == "SUCCEEDED"
    assert len(catalogue(backup["table"]).records()) == 1
    assert logged.of("backup.failed") == []


def test_a_service_unavailable_through_every_retry_fails_the_run_and_reports_it(
    backup, run_workflow, logged
) -> None:
    seed(backup["table"], 5)
    with aws_faults(_unavailable_export_status(99)) as (fault,):
        execution = run_workflow("daily-unavailable")
    assert fault.raised == 4  # the first check and its three retries
    assert execution["status"] == "FAILED"
    assert catalogue(backup["table"]).records() == []
    (failure,) = logged.of("backup.failed")  # the line the BackupFailed alarm counts
    assert "TransientError" in failure.error
