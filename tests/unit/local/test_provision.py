"""The local platform provisions every resource the template declares, or names why not."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from local.provision import CLOUD_ONLY, SERVED_LOCALLY, Deployment, Provisioner


def test_every_template_resource_is_provisioned_or_named_cloud_only(
    deployment: Deployment, template: dict[str, Any]
) -> None:
    for logical_id, spec in template["Resources"].items():
        kind = spec["Type"]
        assert (
            logical_id in deployment.provisioned or kind in CLOUD_ONLY or kind in SERVED_LOCALLY
        ), f"{logical_id} ({kind}) is neither provisioned locally nor on the cloud-only list"


def test_cloud_only_entries_each_give_a_reason() -> None:
    for kind, reason in {**CLOUD_ONLY, **SERVED_LOCALLY}.items():
        assert kind.startswith("AWS::")
        assert len(reason) > 15


def test_an_unknown_resource_type_stops_provisioning(aws: None) -> None:
    template = {"Resources": {"Thing": {"Type": "AWS::Made::Up", "Properties": {}}}}
    with pytest.raises(ValueError, match="AWS::Made::Up"):
        Provisioner(template, boto3.Session()).provision()


def test_tables_are_created_with_keys_indexes_ttl_and_pitr(
    deployment: Deployment, template: dict[str, Any]
) -> None:
    dynamodb = boto3.client("dynamodb")
    for logical_id in deployment.resources_of("AWS::DynamoDB::GlobalTable"):
        spec = template["Resources"][logical_id]["Properties"]
        name = deployment.resolver.physical[logical_id]
        table = dynamodb.describe_table(TableName=name)["Table"]
        assert table["KeySchema"] == spec["KeySchema"]
        assert {i["IndexName"] for i in table.get("GlobalSecondaryIndexes", [])} == {
            i["IndexName"] for i in spec.get("GlobalSecondaryIndexes", [])
        }
        assert table["SSEDescription"]["Status"] == "ENABLED"
        ttl = dynamodb.describe_time_to_live(TableName=name)["TimeToLiveDescription"]
        assert ttl["AttributeName"] == spec["TimeToLiveSpecification"]["AttributeName"]
        backups = dynamodb.describe_continuous_backups(TableName=name)
        pitr = backups["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"]
        assert pitr["PointInTimeRecoveryStatus"] == "ENABLED"


def test_buckets_are_encrypted_versioned_private_with_lifecycle(deployment: Deployment) -> None:
    s3 = boto3.client("s3")
    buckets = deployment.resources_of("AWS::S3::Bucket")
    assert buckets
    for logical_id, spec in buckets.items():
        name = deployment.resolver.physical[logical_id]
        rules = s3.get_bucket_encryption(Bucket=name)["ServerSideEncryptionConfiguration"]["Rules"]
        expected = spec["Properties"]["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]
        algorithm = rules[0]["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"]
        assert algorithm == expected["ServerSideEncryptionByDefault"]["SSEAlgorithm"]
        assert s3.get_bucket_versioning(Bucket=name)["Status"] == "Enabled"
        block = s3.get_public_access_block(Bucket=name)["PublicAccessBlockConfiguration"]
        assert all(block.values())
        lifecycle = s3.get_bucket_lifecycle_configuration(Bucket=name)["Rules"]
        assert {rule["ID"] for rule in lifecycle} == {
            rule["Id"] for rule in spec["Properties"]["LifecycleConfiguration"]["Rules"]
        }


def test_keys_rotate_and_log_groups_keep_their_retention(deployment: Deployment) -> None:
    kms = boto3.client("kms")
    for logical_id in deployment.resources_of("AWS::KMS::Key"):
        key_id = deployment.resolver.physical[logical_id]
        if kms.describe_key(KeyId=key_id)["KeyMetadata"]["KeySpec"] != "SYMMETRIC_DEFAULT":
            continue  # KMS rotates symmetric keys only (the token signing key is RSA)
        assert kms.get_key_rotation_status(KeyId=key_id)["KeyRotationEnabled"]
    logs = boto3.client("logs")
    groups = {g["logGroupName"]: g for g in logs.describe_log_groups()["logGroups"]}
    for logical_id in deployment.resources_of("AWS::Logs::LogGroup"):
        group = groups[deployment.resolver.physical[logical_id]]
        assert group["retentionInDays"] >= 365
        assert group.get("kmsKeyId")


def test_functions_exist_for_step_functions_to_invoke(deployment: Deployment) -> None:
    names = {f["FunctionName"] for f in boto3.client("lambda").list_functions()["Functions"]}
    for logical_id in deployment.resources_of("AWS::Serverless::Function"):
        assert deployment.resolver.physical[logical_id] in names


def test_a_subset_brings_its_dependencies_and_nothing_else(
    aws: None, template: dict[str, Any]
) -> None:
    deployment = Provisioner(template, boto3.Session()).provision(only={"DataTable"})
    assert set(deployment.provisioned) == {"DataTable", "DataKey"}
    assert boto3.client("dynamodb").list_tables()["TableNames"] == [
        deployment.resolver.physical["DataTable"]
    ]


def test_outputs_are_resolved_as_cloudformation_lists_them(deployment: Deployment) -> None:
    outputs = deployment.outputs()
    physical = deployment.resolver.physical
    assert outputs["DataTableName"] == physical["DataTable"]
    assert outputs["BackupStateMachineArn"] == physical["BackupStateMachine"]
    assert "ApiDomainTarget" not in outputs  # its condition (a custom domain) does not hold
