"""The restore drill: write data, back it up, change and delete items, restore into a new
table, and show that the restored table equals the data at backup time, item for item.

The restore runs through ``footprint restore`` (the command an operator runs), in moto."""

from __future__ import annotations

from typing import Any

import boto3

from footprint.adapters.backup.catalogue import BackupCatalogue
from footprint.adapters.backup.tables import describe
from footprint.adapters.repository import PlatformRepository
from footprint.cli import main
from footprint.domain.backup.catalogue import BackupRecord
from footprint.domain.backup.checksum import canonical_item, fingerprint
from tests.support.backup import aws_export, seed


def items_by_key(table: str) -> dict[tuple[str, str], dict[str, Any]]:
    paginator = boto3.client("dynamodb").get_paginator("scan")
    return {
        (item["pk"]["S"], item["sk"]["S"]): canonical_item(item)
        for page in paginator.paginate(TableName=table, ConsistentRead=True)
        for item in page["Items"]
    }


def test_a_restore_brings_back_the_data_as_it_was_at_backup_time(
    backup, run_workflow, capsys
) -> None:
    table = backup["table"]
    seed(table, 60)
    at_backup = items_by_key(table)
    backup_id = run_workflow("drill")["result"]["backups"][0]["backup_id"]

    dynamodb = boto3.client("dynamodb")
    for n in range(0, 60, 3):  # change a third of the items ...
        dynamodb.update_item(
            TableName=table,
            Key={"pk": {"S": f"TENANT#t{n % 4}#UPLOAD#{n}"}, "sk": {"S": "META"}},
            UpdateExpression="SET #t = :t REMOVE #b",
            ExpressionAttributeNames={"#t": "total", "#b": "blob"},
            ExpressionAttributeValues={":t": {"N": "-1"}},
        )
    for n in range(1, 60, 3):  # ... delete another third ...
        dynamodb.delete_item(
            TableName=table,
            Key={"pk": {"S": f"TENANT#t{n % 4}#UPLOAD#{n}"}, "sk": {"S": "META"}},
        )
    dynamodb.put_item(  # ... and add one
        TableName=table, Item={"pk": {"S": "TENANT#t9#NEW"}, "sk": {"S": "META"}}
    )
    assert items_by_key(table) != at_backup
    capsys.readouterr()

    status = main(["restore", "--backup", backup_id, "--to", "drill-restored", "--table", table])

    assert status == 0, capsys.readouterr().err
    assert '"matched": true' in capsys.readouterr().out
    restored = items_by_key("drill-restored")
    assert restored.keys() == at_backup.keys()
    for key, item in at_backup.items():
        assert restored[key] == item, key
    ttl = dynamodb.describe_time_to_live(TableName="drill-restored")["TimeToLiveDescription"]
    assert ttl["AttributeName"] == "expires_at"
    described = dynamodb.describe_table(TableName="drill-restored")["Table"]
    assert [i["IndexName"] for i in described["GlobalSecondaryIndexes"]] == ["gsi1"]
    pitr = dynamodb.describe_continuous_backups(TableName="drill-restored")
    assert (
        pitr["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"][
            "PointInTimeRecoveryStatus"
        ]
        == "ENABLED"
    )


def _catalogue_handmade_aws_export(backup: dict[str, str], items: list[dict[str, Any]]) -> str:
    """Put an export in AWS's real layout into the backup bucket and catalogue it."""
    prefix = "dynamodb/handmade/2026/11/26/030000-attempt1"
    s3 = boto3.client("s3")
    for key, body in aws_export(items, prefix).items():
        s3.put_object(Bucket=backup["bucket"], Key=key, Body=body)
    table = boto3.client("dynamodb").describe_table(TableName=backup["table"])["Table"]
    record = BackupRecord.create(
        table_name=backup["table"],
        table_arn=table["TableArn"],
        export_arn=f"{table['TableArn']}/export/01764126000000-a1b2c3d4",
        bucket=backup["bucket"],
        prefix=prefix,
        layout="aws",
        export_time=table["CreationDateTime"],
        retention_days=400,
        fingerprint=fingerprint(items),
        table_schema=describe(boto3.client("dynamodb"), backup["table"]).schema,
    )
    BackupCatalogue(PlatformRepository(boto3.resource("dynamodb").Table(backup["table"]))).put(
        record
    )
    return record.backup_id


def test_a_backup_in_aws_layout_restores_through_its_manifests(backup, capsys) -> None:
    items = [
        {"pk": {"S": f"TENANT#t1#X{n}"}, "sk": {"S": "A"}, "v": {"N": f"{n}.0"}} for n in range(9)
    ]
    backup_id = _catalogue_handmade_aws_export(backup, items)

    status = main(
        ["restore", "--backup", backup_id, "--to", "from-aws", "--table", backup["table"]]
    )

    assert status == 0, capsys.readouterr().err
    assert items_by_key("from-aws") == {
        (i["pk"]["S"], i["sk"]["S"]): canonical_item(i) for i in items
    }


def test_a_restore_that_does_not_match_the_backup_says_so(backup, capsys) -> None:
    items = [{"pk": {"S": "TENANT#t1#X"}, "sk": {"S": "A"}}]
    backup_id = _catalogue_handmade_aws_export(backup, items)
    entries = BackupCatalogue(PlatformRepository(boto3.resource("dynamodb").Table(backup["table"])))
    entries.put(
        BackupRecord.from_attributes({**entries.get(backup_id).to_attributes(), "item_count": 2})
    )

    status = main(
        ["restore", "--backup", backup_id, "--to", "mismatch", "--table", backup["table"]]
    )

    assert status == 1
    assert '"matched": false' in capsys.readouterr().out


def test_a_restore_never_writes_into_an_existing_table(backup, capsys) -> None:
    target = "existing"
    backup_id = _catalogue_handmade_aws_export(backup, [{"pk": {"S": "a"}, "sk": {"S": "b"}}])
    boto3.client("dynamodb").create_table(
        TableName=target,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    status = main(["restore", "--backup", backup_id, "--to", target, "--table", backup["table"]])
    assert status == 1
    assert "already exists" in capsys.readouterr().err


def test_an_unknown_backup_id_is_reported(backup, capsys) -> None:
    status = main(["restore", "--backup", "nope", "--to", "x-table", "--table", backup["table"]])
    assert status == 1
    assert "No backup with this id" in capsys.readouterr().err
