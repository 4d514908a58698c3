"""What scanners miss, asserted over the parsed template: retention, PITR on every replica,
encryption on every store, TLS, logging and tracing, Retain, key policies, backups, alarms.

These are the guarantees that rest on the template and AWS (moto stores or ignores them);
docs/data-protection.md says which are proved locally instead.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from local.template import Resolver

Template = dict[str, Any]

STATEFUL = {
    "AWS::DynamoDB::Table",
    "AWS::DynamoDB::GlobalTable",
    "AWS::S3::Bucket",
    "AWS::KMS::Key",
    "AWS::Logs::LogGroup",
}
# SSE-S3, not the data key: S3 delivers server access logs and CloudFront its standard logs
# only to SSE-S3 buckets, and the web app's bucket holds the public app files alone, which
# CloudFront reads with no grant on the data key.
SSE_S3_ONLY = {"AccessLogsBucket", "WebLogsBucket", "WebBucket"}
# Enhanced API Gateway policies whose TLS 1.2 suites are all ECDHE (forward secret), or TLS 1.3.
FORWARD_SECRET_POLICIES = {
    "SecurityPolicy_TLS13_1_3_2025_09",
    "SecurityPolicy_TLS13_1_3_FIPS_2025_09",
    "SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09",
    "SecurityPolicy_TLS13_1_2_FIPS_PFS_PQ_2025_09",
}


def of_type(template: Template, *types: str) -> dict[str, dict[str, Any]]:
    return {name: spec for name, spec in template["Resources"].items() if spec["Type"] in types}


def ref(value: Any) -> str | None:
    """The logical id a Ref or GetAtt points at."""
    if isinstance(value, dict):
        if "Ref" in value:
            return str(value["Ref"])
        if "Fn::GetAtt" in value:
            return str(value["Fn::GetAtt"][0])
    return None


def days(template: Template, value: Any) -> list[int]:
    """Every value a retention can take: a literal, or each value its parameter allows."""
    name = ref(value)
    if name is None:
        return [int(value)]
    parameter = template["Parameters"][name]
    if "AllowedValues" in parameter:
        return [int(v) for v in parameter["AllowedValues"]]
    assert "MinValue" in parameter, f"{name} has no lower bound"
    return [int(parameter["MinValue"]), int(parameter["Default"])]


# ---------------------------------------------------------------- logs


def test_every_log_group_keeps_a_year_and_is_encrypted(template: Template) -> None:
    groups = of_type(template, "AWS::Logs::LogGroup")
    assert groups
    for name, spec in groups.items():
        properties = spec["Properties"]
        assert min(days(template, properties["RetentionInDays"])) >= 365, name
        assert ref(properties.get("KmsKeyId")) in of_type(template, "AWS::KMS::Key"), name


def test_every_function_logs_to_its_declared_group(template: Template) -> None:
    groups = of_type(template, "AWS::Logs::LogGroup")
    for name, spec in of_type(template, "AWS::Serverless::Function").items():
        assert ref(spec["Properties"]["LoggingConfig"]["LogGroup"]) in groups, name
    assert template["Globals"]["Function"]["LoggingConfig"]["LogFormat"] == "JSON"


def test_the_api_and_the_waf_log_to_declared_groups(template: Template) -> None:
    groups = of_type(template, "AWS::Logs::LogGroup")
    for name, spec in of_type(template, "AWS::Serverless::Api").items():
        access = spec["Properties"]["AccessLogSetting"]
        assert ref(access["DestinationArn"]) in groups, name
    for name, spec in of_type(template, "AWS::WAFv2::LoggingConfiguration").items():
        destinations = spec["Properties"]["LogDestinationConfigs"]
        assert [ref(d) for d in destinations] == ["WafLogs"], name
    assert template["Resources"]["WafLogs"]["Properties"]["LogGroupName"]["Fn::Sub"].startswith(
        "aws-waf-logs-"
    )


def test_every_state_machine_logs_and_traces(template: Template) -> None:
    groups = of_type(template, "AWS::Logs::LogGroup")
    machines = of_type(template, "AWS::Serverless::StateMachine")
    assert "BackupStateMachine" in machines
    for name, spec in machines.items():
        properties = spec["Properties"]
        assert properties["Tracing"]["Enabled"] is True, name
        logging = properties["Logging"]
        assert logging["Level"] in ("ALL", "ERROR"), name
        (destination,) = logging["Destinations"]
        assert ref(destination["CloudWatchLogsLogGroup"]["LogGroupArn"]) in groups, name


# ---------------------------------------------------------------- tables and replicas


def _replicas(template: Template, **parameters: Any) -> list[dict[str, Any]]:
    resolver = Resolver(template, parameters=dict(parameters))
    resolver.physical["DataKey"] = "mrk-1234"
    return list(resolver.resolve(template["Resources"]["DataTable"]["Properties"]["Replicas"]))


def test_the_default_replicas_are_the_four_regions_each_with_pitr_and_protection(
    template: Template,
) -> None:
    replicas = _replicas(template)
    assert [r["Region"] for r in replicas] == [
        "us-east-2",
        "us-east-1",
        "eu-west-1",
        "ap-northeast-1",
    ]
    for replica in replicas:
        assert replica["DeletionProtectionEnabled"] is True
        pitr = replica["PointInTimeRecoverySpecification"]
        assert pitr["PointInTimeRecoveryEnabled"] is True
        assert pitr["RecoveryPeriodInDays"] == 35
        assert "SSESpecification" not in replica  # pooled: the AWS-managed key


@pytest.mark.parametrize(
    "regions", [["eu-west-1"], ["eu-west-1", "eu-central-1"], ["us-east-2", "a", "b", "c"]]
)
def test_one_parameter_chooses_the_regions(template: Template, regions: list[str]) -> None:
    assert [r["Region"] for r in _replicas(template, ReplicaRegions=regions)] == regions


def test_silo_mode_encrypts_every_replica_with_the_tenants_multi_region_key(
    template: Template,
) -> None:
    replicas = _replicas(template, TenancyMode="silo")
    assert [r["SSESpecification"] for r in replicas] == [{"KMSMasterKeyId": "mrk-1234"}] * 4
    resolver = Resolver(template, parameters={"TenancyMode": "silo"})
    assert resolver.resolve(template["Resources"]["DataKey"]["Properties"]["MultiRegion"])
    pooled = Resolver(template)
    assert not pooled.resolve(template["Resources"]["DataKey"]["Properties"]["MultiRegion"])


def test_the_recovery_window_is_at_least_three_days(template: Template) -> None:
    parameter = template["Parameters"]["PitrRecoveryDays"]
    assert parameter["MinValue"] >= 3
    assert parameter["Default"] == 35


def test_every_table_has_pitr_deletion_protection_and_encryption(template: Template) -> None:
    for name, spec in of_type(template, "AWS::DynamoDB::Table").items():
        properties = spec["Properties"]
        assert properties["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"], name
        assert properties["DeletionProtectionEnabled"] is True, name
        assert properties["SSESpecification"]["SSEEnabled"] is True, name
    for name, spec in of_type(template, "AWS::DynamoDB::GlobalTable").items():
        assert spec["Properties"]["SSESpecification"] == {"SSEEnabled": True, "SSEType": "KMS"}
        replicas = _replicas(template) if name == "DataTable" else spec["Properties"]["Replicas"]
        for replica in replicas:
            assert replica["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"]
            assert replica["DeletionProtectionEnabled"] is True


# ---------------------------------------------------------------- encryption and keys


def test_every_bucket_is_encrypted_versioned_private_and_tls_only(template: Template) -> None:
    policies = {
        ref(spec["Properties"]["Bucket"]): spec["Properties"]["PolicyDocument"]["Statement"]
        for spec in of_type(template, "AWS::S3::BucketPolicy").values()
    }
    for name, spec in of_type(template, "AWS::S3::Bucket").items():
        properties = spec["Properties"]
        (rule,) = properties["BucketEncryption"]["ServerSideEncryptionConfiguration"]
        default = rule["ServerSideEncryptionByDefault"]
        if name in SSE_S3_ONLY:
            assert default["SSEAlgorithm"] == "AES256"
        else:
            assert default["SSEAlgorithm"] == "aws:kms", name
            assert ref(default["KMSMasterKeyID"]) == "DataKey", name
            assert rule["BucketKeyEnabled"] is True, name
        assert properties["VersioningConfiguration"]["Status"] == "Enabled", name
        assert set(properties["PublicAccessBlockConfiguration"].values()) == {True}, name
        refuses_plain_http = [
            s
            for s in policies.get(name, [])
            if s["Effect"] == "Deny"
            and s["Condition"].get("Bool", {}).get("aws:SecureTransport") == "false"
        ]
        assert refuses_plain_http, f"{name} has no policy refusing non-TLS requests"


def test_topics_queues_and_secrets_are_encrypted_with_the_data_key(template: Template) -> None:
    for name, spec in of_type(template, "AWS::SNS::Topic", "AWS::SQS::Queue").items():
        assert ref(spec["Properties"].get("KmsMasterKeyId")) == "DataKey", name
    for name, spec in of_type(template, "AWS::SecretsManager::Secret").items():
        assert ref(spec["Properties"].get("KmsKeyId")) == "DataKey", name
    assert template["Globals"]["Function"]["KmsKeyArn"] == {"Fn::GetAtt": ["DataKey", "Arn"]}


def _principals(statement: dict[str, Any]) -> list[Any]:
    principal = statement.get("Principal")
    if isinstance(principal, dict):
        values = []
        for value in principal.values():
            values.extend(value if isinstance(value, list) else [value])
        return values
    return [principal]


def test_keys_rotate_and_no_key_policy_admits_a_wildcard_principal(template: Template) -> None:
    for name, spec in of_type(template, "AWS::KMS::Key").items():
        properties = spec["Properties"]
        if properties.get("KeySpec", "SYMMETRIC_DEFAULT") == "SYMMETRIC_DEFAULT":
            assert properties["EnableKeyRotation"] is True, name
        for statement in properties["KeyPolicy"]["Statement"]:
            assert "*" not in _principals(statement), f"{name}: {statement.get('Sid')}"
            assert "NotPrincipal" not in statement, name


def test_every_stateful_resource_is_retained(template: Template) -> None:
    for name, spec in of_type(template, *STATEFUL).items():
        assert spec.get("DeletionPolicy") == "Retain", name
        assert spec.get("UpdateReplacePolicy") == "Retain", name


# ---------------------------------------------------------------- API edge


def test_the_waf_is_associated_with_the_api_stage(template: Template) -> None:
    (association,) = of_type(template, "AWS::WAFv2::WebACLAssociation").values()
    properties = association["Properties"]
    assert ref(properties["WebACLArn"]) == "WebAcl"
    stage_arn = properties["ResourceArn"]["Fn::Sub"]
    assert stage_arn.endswith("/restapis/${Api}/stages/${Stage}")
    assert template["Resources"]["Api"]["Properties"]["StageName"] == {"Ref": "Stage"}


def test_the_custom_domain_offers_forward_secret_tls_only(template: Template) -> None:
    domain = template["Resources"]["ApiDomain"]
    assert domain["Condition"] == "HasDomain"
    properties = domain["Properties"]
    assert properties["SecurityPolicy"] in FORWARD_SECRET_POLICIES
    assert properties["EndpointAccessMode"] == "STRICT"
    assert ref(properties["RegionalCertificateArn"]) == "CertificateArn"
    mapping = template["Resources"]["ApiBasePathMapping"]["Properties"]
    assert (ref(mapping["DomainName"]), ref(mapping["RestApiId"])) == ("ApiDomain", "Api")


# ---------------------------------------------------------------- backups


def test_backups_are_locked_and_kept_at_least_a_year(template: Template) -> None:
    properties = template["Resources"]["BackupBucket"]["Properties"]
    assert properties["ObjectLockEnabled"] is True
    retention = properties["ObjectLockConfiguration"]["Rule"]["DefaultRetention"]
    assert min(days(template, retention["Days"])) >= 365
    mode = template["Parameters"][ref(retention["Mode"]) or ""]
    assert set(mode["AllowedValues"]) == {"GOVERNANCE", "COMPLIANCE"}
    expiry = properties["LifecycleConfiguration"]["Rules"][0]
    assert expiry["ExpirationInDays"] == retention["Days"]


def test_backups_replicate_to_a_second_region_with_a_least_privilege_role(
    template: Template,
) -> None:
    replication = template["Resources"]["BackupBucket"]["Properties"]["ReplicationConfiguration"]
    condition, configuration, _ = replication["Fn::If"]
    assert condition == "HasBackupReplica"
    (rule,) = configuration["Rules"]
    assert ref(rule["Destination"]["Bucket"]) == "BackupReplicaBucketArn"
    assert ref(rule["Destination"]["EncryptionConfiguration"]["ReplicaKmsKeyID"]) == (
        "BackupReplicaKmsKeyArn"
    )
    assert rule["SourceSelectionCriteria"]["SseKmsEncryptedObjects"]["Status"] == "Enabled"
    statements = template["Resources"]["BackupReplicationPolicy"]["Properties"]["PolicyDocument"][
        "Statement"
    ]
    for statement in statements:
        actions = (
            statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
        )
        assert not any("*" in action for action in actions), statement["Sid"]
        assert statement["Resource"] != "*", statement["Sid"]
    rules = template["Rules"]["ProductionReplicatesBackups"]
    assert rules["RuleCondition"] == {"Fn::Equals": [{"Ref": "Stage"}, "prod"]}


def test_the_backup_runs_daily_and_its_scheduler_may_only_start_it(template: Template) -> None:
    schedule = template["Resources"]["BackupSchedule"]["Properties"]
    assert re.fullmatch(r"cron\(\d+ \d+ \* \* \? \*\)", schedule["ScheduleExpression"])
    assert ref(schedule["Target"]["Arn"]) == "BackupStateMachine"
    role = template["Resources"]["BackupSchedulerRole"]["Properties"]
    (policy,) = role["Policies"]
    (statement,) = policy["PolicyDocument"]["Statement"]
    assert statement["Action"] == "states:StartExecution"
    assert ref(statement["Resource"]) == "BackupStateMachine"
    assert schedule["Target"]["RoleArn"]["Fn::Sub"] == (
        "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/" + role["RoleName"]["Fn::Sub"]
    )


def test_the_backup_function_touches_only_the_catalogue_partition(template: Template) -> None:
    (policy,) = template["Resources"]["BackupFunction"]["Properties"]["Policies"]
    catalogue = next(s for s in policy["Statement"] if s["Sid"] == "BackupCatalogueOnly")
    assert catalogue["Condition"]["ForAllValues:StringEquals"]["dynamodb:LeadingKeys"] == [
        "PLATFORM#BACKUP"
    ]
    writes = {"dynamodb:PutItem", "dynamodb:DeleteItem", "dynamodb:UpdateItem"}
    for statement in policy["Statement"]:
        actions = set(
            statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
        )
        if actions & writes:
            assert statement is catalogue


def test_the_backup_function_reads_the_audit_chain_heads_by_key_only(template: Template) -> None:
    (policy,) = template["Resources"]["BackupFunction"]["Properties"]["Policies"]
    by_sid = {statement["Sid"]: statement for statement in policy["Statement"]}
    heads, tenants = by_sid["ReadAuditChainHeads"], by_sid["ListTenants"]
    assert set(heads["Action"]) == {"dynamodb:GetItem", "dynamodb:BatchGetItem"}
    assert heads["Condition"]["ForAllValues:StringLike"]["dynamodb:LeadingKeys"] == [
        "TENANT#*#AUDIT_CHAIN",
        "PLATFORM#AUDIT_CHAIN#*",
    ]
    assert tenants["Action"] == "dynamodb:Query"
    assert tenants["Resource"] == {"Fn::Sub": "${DataTable.Arn}/index/gsi1"}
    assert tenants["Condition"]["ForAllValues:StringEquals"]["dynamodb:LeadingKeys"] == [
        "PLATFORM#TENANTS"
    ]


# ---------------------------------------------------------------- alarms


def _alarm_on(template: Template, namespace: str, metric: str) -> dict[str, Any]:
    for spec in of_type(template, "AWS::CloudWatch::Alarm").values():
        properties = spec["Properties"]
        if (properties.get("Namespace"), properties.get("MetricName")) == (namespace, metric):
            assert properties["AlarmActions"] == [{"Ref": "SecurityTopic"}]
            return dict(properties)
    raise AssertionError(f"no alarm on {namespace}/{metric}")


def _filters_for(template: Template, event: str) -> list[dict[str, Any]]:
    found = [
        dict(spec["Properties"])
        for spec in of_type(template, "AWS::Logs::MetricFilter").values()
        if f'$.event = "{event}"' in spec["Properties"]["FilterPattern"]
    ]
    assert found, f"no metric filter counts {event}"
    return found


@pytest.mark.parametrize(
    ("event", "log_groups", "metric"),
    [
        # Password and SAML sign-in run in two functions; their failures count as one.
        ("auth.login_failed", {"AuthFunctionLogs", "SsoFunctionLogs"}, "FailedSignIns"),
        ("auth.locked_out", {"AuthFunctionLogs"}, "AccountLockouts"),
        ("authorizer.denied", {"AuthorizerFunctionLogs"}, "AuthorizerDenials"),
        ("backup.completed", {"BackupFunctionLogs"}, "BackupsCompleted"),
        ("backup.failed", {"BackupFunctionLogs"}, "BackupsFailed"),
        ("backup.lost", {"BackupFunctionLogs"}, "BackupsFailed"),
    ],
)
def test_security_events_are_counted_and_alarmed(
    template: Template, repo_root: Path, event: str, log_groups: set[str], metric: str
) -> None:
    filters = _filters_for(template, event)
    assert {ref(properties["LogGroupName"]) for properties in filters} == log_groups
    for properties in filters:
        (transformation,) = properties["MetricTransformations"]
        assert transformation["MetricName"] == metric
        _alarm_on(template, transformation["MetricNamespace"], metric)
    # The event is emitted by the code, spelled as the filter expects.
    sources = [
        *repo_root.glob("layers/footprint/footprint/**/*.py"),
        *repo_root.glob("functions/*/fp_*/**/*.py"),
    ]
    assert any(f'"{event}"' in path.read_text(encoding="utf-8") for path in sources), event


def test_failed_sign_ins_alarm_above_a_chosen_threshold(template: Template) -> None:
    alarm = _alarm_on(template, "Footprint/Security", "FailedSignIns")
    assert alarm["Threshold"] == {"Ref": "FailedSignInThreshold"}


def test_a_backup_older_than_26_hours_raises_an_alarm(template: Template) -> None:
    alarm = _alarm_on(template, "Footprint/Backup", "BackupsCompleted")
    assert alarm["Period"] * alarm["EvaluationPeriods"] == 26 * 3600
    assert alarm["DatapointsToAlarm"] == alarm["EvaluationPeriods"]
    assert alarm["ComparisonOperator"] == "LessThanThreshold"
    assert alarm["TreatMissingData"] == "breaching"


def test_waf_blocks_and_api_errors_raise_alarms(template: Template) -> None:
    waf = _alarm_on(template, "AWS/WAFV2", "BlockedRequests")
    dimensions = {d["Name"]: d["Value"] for d in waf["Dimensions"]}
    assert dimensions["WebACL"] == template["Resources"]["WebAcl"]["Properties"]["Name"]
    _alarm_on(template, "AWS/ApiGateway", "5XXError")


def test_a_failed_backup_execution_raises_an_alarm(template: Template) -> None:
    alarm = template["Resources"]["BackupExecutionFailedAlarm"]["Properties"]
    assert alarm["AlarmActions"] == [{"Ref": "SecurityTopic"}]
    names = {m["MetricStat"]["Metric"]["MetricName"] for m in alarm["Metrics"] if "MetricStat" in m}
    assert names == {"ExecutionsFailed", "ExecutionsTimedOut", "ExecutionsAborted"}


def test_the_security_topic_is_encrypted(template: Template) -> None:
    assert ref(template["Resources"]["SecurityTopic"]["Properties"]["KmsMasterKeyId"]) == "DataKey"


def test_staff_access_to_tenant_data_raises_an_alarm(template: Template) -> None:
    trail = template["Resources"]["AuditTrail"]["Properties"]
    assert trail["IsLogging"] is True
    assert trail["EnableLogFileValidation"] is True
    assert ref(trail["KMSKeyId"]) == "DataKey"
    assert ref(trail["CloudWatchLogsLogGroupArn"]) == "AuditTrailLogs"
    watched = {
        selector["FieldSelectors"][1]["Equals"][0]
        for selector in trail["AdvancedEventSelectors"]
        if selector["FieldSelectors"][0]["Equals"] == ["Data"]
    }
    assert watched == {"AWS::DynamoDB::Table", "AWS::S3::Object"}
    metric = template["Resources"]["StaffAccessMetric"]["Properties"]
    assert ref(metric["LogGroupName"]) == "AuditTrailLogs"
    for principal in ('"IAMUser"', '"Root"', '"AWSReservedSSO_*"'):
        assert principal in metric["FilterPattern"]
    _alarm_on(template, "Footprint/Security", "StaffTenantDataAccess")
