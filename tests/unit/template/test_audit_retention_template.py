"""Least privilege of the audit address retention in template.yaml: its function reads and
changes the audit logs and their chain heads (every tenant's, the platform's lanes) and lists
the tenants, nothing else; its schedule may only invoke it, daily; the key its digests are
made with is a retained secret every function receives, encrypted under the data key; a
failed run raises an alarm."""

from __future__ import annotations

from typing import Any

TABLE = {"Fn::GetAtt": ["DataTable", "Arn"]}


def _granted(resource: dict[str, Any]) -> dict[str, tuple[set[str], Any, Any]]:
    found = {}
    for policy in resource["Properties"]["Policies"]:
        for statement in policy["Statement"]:
            actions = statement["Action"]
            found[statement["Sid"]] = (
                {actions} if isinstance(actions, str) else set(actions),
                statement["Resource"],
                statement.get("Condition"),
            )
    return found


def _leading(*keys: str) -> dict[str, Any]:
    return {"ForAllValues:StringLike": {"dynamodb:LeadingKeys": list(keys)}}


def test_the_function_reaches_the_audit_logs_and_their_heads_only(
    template: dict[str, Any],
) -> None:
    function = template["Resources"]["AuditRetentionFunction"]
    granted = _granted(function)

    assert granted == {
        "ListTenants": (
            {"dynamodb:Query"},
            {"Fn::Sub": "${DataTable.Arn}/index/gsi1"},
            {"ForAllValues:StringEquals": {"dynamodb:LeadingKeys": ["PLATFORM#TENANTS"]}},
        ),
        "TenantAuditLogs": (
            {"dynamodb:Query", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"},
            TABLE,
            _leading("TENANT#*#AUDIT", "TENANT#*#AUDIT_CHAIN"),
        ),
        "PlatformAuditLog": (
            {"dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem"},
            TABLE,
            _leading("PLATFORM#AUDIT#*"),
        ),
        "PlatformAuditChain": (
            {"dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:UpdateItem"},
            TABLE,
            _leading("PLATFORM#AUDIT_CHAIN#*"),
        ),
    }
    every = set().union(*(actions for actions, _, _ in granted.values()))
    assert not every & {"dynamodb:Scan", "dynamodb:DeleteItem", "sts:AssumeRole"}
    properties = function["Properties"]
    # Its own credentials, not the tenant-scoped role's (which reaches all of a tenant).
    assert "FOOTPRINT_TENANT_DATA_ROLE_ARN" not in properties.get("Environment", {}).get(
        "Variables", {}
    )
    assert properties["ReservedConcurrentExecutions"] == 1
    assert properties["Handler"] == "fp_audit.retention.lambda_handler"


def test_the_schedule_invokes_the_function_daily_and_may_do_nothing_else(
    template: dict[str, Any],
) -> None:
    resources = template["Resources"]
    schedule = resources["AuditRetentionSchedule"]["Properties"]
    assert schedule["ScheduleExpression"] == "cron(0 4 * * ? *)"
    assert schedule["ScheduleExpressionTimezone"] == "UTC"
    assert schedule["State"] == "ENABLED"
    assert schedule["Target"]["Arn"] == {"Fn::GetAtt": ["AuditRetentionFunction", "Arn"]}
    role = resources["AuditRetentionSchedulerRole"]["Properties"]
    assert schedule["Target"]["RoleArn"]["Fn::Sub"].endswith(
        role["RoleName"]["Fn::Sub"].removeprefix("${AWS::StackName}")
    )
    (policy,) = role["Policies"]
    (statement,) = policy["PolicyDocument"]["Statement"]
    assert (statement["Action"], statement["Resource"]) == (
        "lambda:InvokeFunction",
        {"Fn::GetAtt": ["AuditRetentionFunction", "Arn"]},
    )
    trust = role["AssumeRolePolicyDocument"]["Statement"][0]
    assert trust["Condition"] == {"StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}}}


def test_the_digest_key_is_a_retained_secret_every_function_receives(
    template: dict[str, Any],
) -> None:
    secret = template["Resources"]["AuditDigestKey"]
    assert secret["Type"] == "AWS::SecretsManager::Secret"
    assert (secret["DeletionPolicy"], secret["UpdateReplacePolicy"]) == ("Retain", "Retain")
    assert secret["Properties"]["KmsKeyId"] == {"Fn::GetAtt": ["DataKey", "Arn"]}
    variables = template["Globals"]["Function"]["Environment"]["Variables"]
    assert variables["FOOTPRINT_AUDIT_DIGEST_KEY"] == {
        "Fn::Sub": "{{resolve:secretsmanager:${AuditDigestKey}:SecretString}}"
    }


def test_a_failed_run_raises_an_alarm(template: dict[str, Any]) -> None:
    alarm = template["Resources"]["AuditRetentionFailedAlarm"]["Properties"]
    assert (alarm["Namespace"], alarm["MetricName"]) == ("AWS/Lambda", "Errors")
    assert alarm["Dimensions"] == [
        {"Name": "FunctionName", "Value": {"Ref": "AuditRetentionFunction"}}
    ]
    assert alarm["AlarmActions"] == [{"Ref": "SecurityTopic"}]
