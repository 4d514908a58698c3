from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from local.lambdas import FunctionRegistry
from local.provision import Deployment
from local.scheduler import Expression, schedules, start_target
from local.stepfunctions import dispatch_lambda_tasks


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.mark.parametrize(
    ("expression", "now", "expected"),
    [
        ("cron(0 3 * * ? *)", "2026-11-26T01:00:00", "2026-11-26T03:00:00"),
        ("cron(0 3 * * ? *)", "2026-11-26T03:00:00", "2026-11-27T03:00:00"),
        ("cron(30 2 ? * MON *)", "2026-11-26T00:00:00", "2026-11-30T02:30:00"),
        ("cron(0/15 * * * ? *)", "2026-11-26T01:07:10", "2026-11-26T01:15:00"),
        ("cron(0 0 1 JAN ? 2027)", "2026-11-26T00:00:00", "2027-01-01T00:00:00"),
        ("rate(1 day)", "2026-11-26T01:00:00", "2026-11-27T01:00:00"),
        ("rate(5 minutes)", "2026-11-26T01:00:00", "2026-11-26T01:05:00"),
        ("at(2026-12-01T00:00:00)", "2026-11-26T01:00:00", "2026-12-01T00:00:00"),
    ],
)
def test_next_fire_time(expression: str, now: str, expected: str) -> None:
    assert Expression(expression).next_after(at(now)) == at(expected)


def test_a_one_off_schedule_in_the_past_never_fires_again() -> None:
    assert Expression("at(2020-01-01T00:00:00)").next_after(at("2026-01-01T00:00:00")) is None


@pytest.mark.parametrize("expression", ["cron(0 3 * *)", "cron(61 3 * * ? *)", "every(1 day)"])
def test_malformed_expressions_are_refused(expression: str) -> None:
    with pytest.raises(ValueError):
        Expression(expression).next_after(at("2026-11-26T00:00:00"))


def test_a_schedule_that_targets_a_function_invokes_it_and_answers_its_result(
    deployment: Deployment, functions: FunctionRegistry
) -> None:
    """``python -m local fire AuditRetentionSchedule`` runs the retention job: the schedule's
    target is a Lambda function, invoked with the schedule's input."""
    import boto3

    from footprint.domain import audit_ip
    from footprint.identity import clock

    dispatch_lambda_tasks(functions)
    entry = schedules(deployment.template, deployment.resolver)["AuditRetentionSchedule"]
    assert entry.enabled
    assert entry.target_arn.split(":")[2] == "lambda"

    answer = start_target(
        lambda service, region: boto3.client(service, region_name=region),
        entry.logical_id,
        entry.target_arn,
        entry.input,
    )

    report = json.loads(answer)
    assert (report["truncated"], report["deferred"]) == (0, [])
    assert report["cutoff"][:10] == audit_ip.cutoff(clock.now())[:10]
