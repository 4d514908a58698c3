"""Least privilege of the access-review workflow in template.yaml: its function lists tenants
through the registry's index and nothing else of the platform's, reaches tenant data only
through the tenant-scoped role, publishes to its two topics only; its schedule may only start
its state machine, every quarter."""

from __future__ import annotations

from typing import Any


def _statements(resource: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        statement
        for policy in resource["Properties"].get("Policies", [])
        if "Statement" in policy
        for statement in policy["Statement"]
    ]


def _actions(statement: dict[str, Any]) -> set[str]:
    actions = statement["Action"]
    return {actions} if isinstance(actions, str) else set(actions)


def test_the_workflow_function_holds_only_what_its_steps_use(template: dict[str, Any]) -> None:
    function = template["Resources"]["AccessReviewFunction"]
    granted = {
        statement["Sid"]: (_actions(statement), statement.get("Condition"))
        for statement in _statements(function)
    }
    assert granted["ListTenants"] == (
        {"dynamodb:Query"},
        {"ForAllValues:StringLike": {"dynamodb:LeadingKeys": ["PLATFORM#TENANTS"]}},
    )
    assert granted["TenantScopedCredentials"][0] == {"sts:AssumeRole", "sts:TagSession"}
    assert granted["TellReviewersAndSecurity"][0] == {"sns:Publish"}
    assert granted["EncryptedTopics"][0] == {"kms:GenerateDataKey", "kms:Decrypt"}
    assert set(granted) == {
        "ListTenants",
        "TenantScopedCredentials",
        "TellReviewersAndSecurity",
        "EncryptedTopics",
    }
    (publish,) = [s for s in _statements(function) if s["Sid"] == "TellReviewersAndSecurity"]
    assert publish["Resource"] == [{"Ref": "AccessReviewTopic"}, {"Ref": "SecurityTopic"}]
    trusted = template["Resources"]["TenantDataRole"]["Properties"]["AssumeRolePolicyDocument"]
    principals = trusted["Statement"][0]["Principal"]["AWS"]
    assert {"Fn::GetAtt": ["AccessReviewFunctionRole", "Arn"]} in principals


def test_the_schedule_starts_the_workflow_each_quarter_and_may_do_nothing_else(
    template: dict[str, Any],
) -> None:
    resources = template["Resources"]
    schedule = resources["AccessReviewSchedule"]["Properties"]
    assert schedule["ScheduleExpression"] == "cron(0 0 1 1,4,7,10 ? *)"
    assert schedule["ScheduleExpressionTimezone"] == "UTC"
    assert schedule["Target"]["Arn"] == {"Ref": "AccessReviewStateMachine"}
    role = resources["AccessReviewSchedulerRole"]["Properties"]
    (statement,) = role["Policies"][0]["PolicyDocument"]["Statement"]
    assert (statement["Action"], statement["Resource"]) == (
        "states:StartExecution",
        {"Ref": "AccessReviewStateMachine"},
    )


def test_both_topics_are_encrypted_and_a_failed_run_raises_an_alarm(
    template: dict[str, Any],
) -> None:
    resources = template["Resources"]
    assert resources["AccessReviewTopic"]["Properties"]["KmsMasterKeyId"] == {"Ref": "DataKey"}
    alarm = resources["AccessReviewExecutionFailedAlarm"]["Properties"]
    assert alarm["AlarmActions"] == [{"Ref": "SecurityTopic"}]
