"""The quarterly access-review workflow in moto: its schedule and state machine from the
template, our handlers, and a clock the test moves through the 14 days."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from typing import Any

import boto3
import pytest

from footprint.domain.access_review import Decision
from footprint.domain.tenancy import Role
from footprint.identity import access_reviews
from local.platform import LocalPlatform
from local.provision import Deployment
from local.scheduler import Schedule, schedules
from tests.support.clock import Clock
from tests.support.identity import add_member, make_tenant
from tests.support.notifications import received, subscribe

DAY = 24 * 3600


def schedule_of(deployment: Deployment, state_machine: str) -> Schedule:
    (entry,) = [
        s
        for s in schedules(deployment.template, deployment.resolver).values()
        if s.target_arn == state_machine
    ]
    return entry


def reached(arn: str, state: str, timeout: float = 30) -> None:
    """Wait until the execution has entered ``state``."""
    client = boto3.client("stepfunctions")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        events = client.get_execution_history(executionArn=arn, maxResults=1000)["events"]
        if any(event.get("stateEnteredEventDetails", {}).get("name") == state for event in events):
            return
        time.sleep(0.05)
    raise AssertionError(f"{arn} did not reach {state} in {timeout} s")


def finished(arn: str, timeout: float = 30) -> dict[str, Any]:
    client = boto3.client("stepfunctions")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        execution = client.describe_execution(executionArn=arn)
        if execution["status"] != "RUNNING":
            return dict(execution)
        time.sleep(0.05)
    raise AssertionError(f"{arn} still running after {timeout} s")


def test_the_schedule_fires_on_the_first_day_of_each_quarter(
    access_review: dict[str, str], deployment: Deployment
) -> None:
    entry = schedule_of(deployment, access_review["state_machine"])
    assert entry.enabled
    moment = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)
    firsts = []
    for _ in range(4):
        due = entry.expression.next_after(moment)
        assert due is not None
        firsts.append(due)
        moment = due
    assert firsts == [datetime(2027, month, 1, tzinfo=UTC) for month in (1, 4, 7, 10)]


def test_a_run_opens_reviews_reminds_at_seven_days_and_raises_the_overdue_alarm_at_fourteen(
    access_review: dict[str, str], deployment: Deployment, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = Clock(monkeypatch)
    tenant = make_tenant("Acme", "admin@acme.example", clock)
    member_id, _ = add_member(tenant, Role.VIEWER, "viewer@acme.example", clock)
    security = subscribe(access_review["security_topic"])
    reviewers = subscribe(access_review["reviewers_topic"])

    # Fired as the local platform's scheduler (and `python -m local fire`) fires it.
    arn = LocalPlatform().fire(schedule_of(deployment, access_review["state_machine"]))
    reached(arn, "WaitForReminder")
    (review,) = access_reviews.list_reviews(tenant.context)
    review_id = str(review["review_id"])
    (opened,) = received(reviewers)
    assert review_id in opened.subject
    admin = tenant.context.acting_as(tenant.admin_id, Role.ADMIN)
    access_reviews.decide(
        admin, review_id, member_id, decision=Decision.ATTEST, reason="", source_ip="x"
    )

    clock.advance(7 * DAY)
    reached(arn, "WaitForDeadline")
    (reminder,) = received(reviewers)
    assert reminder.attributes["event"] == "access_review.reminder"
    assert tenant.admin_email in reminder.attributes["to"]
    assert received(security) == []

    clock.advance(7 * DAY)
    execution = finished(arn)
    assert execution["status"] == "SUCCEEDED"
    assert json.loads(execution["output"])["overdue"] == {"overdue": [tenant.context.tenant_id]}
    (alarm,) = received(security)
    assert f"Access review {review_id} overdue" in alarm.subject
    assert f"- {tenant.admin_id}: {tenant.admin_email}" in alarm.text  # nobody else could
    assert member_id not in alarm.text  # decided
    closed, _ = access_reviews.get_review(tenant.context, review_id)
    assert closed["status"] == "overdue"


def test_a_second_run_in_the_quarter_opens_nothing_and_ends(
    access_review: dict[str, str], deployment: Deployment, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = Clock(monkeypatch)
    tenant = make_tenant("Acme", "admin@acme.example", clock)
    reviewers = subscribe(access_review["reviewers_topic"])
    entry = schedule_of(deployment, access_review["state_machine"])
    first = LocalPlatform().fire(entry)
    reached(first, "WaitForReminder")
    second = finished(LocalPlatform().fire(entry))
    assert second["status"] == "SUCCEEDED"
    assert json.loads(second["output"])["review"]["opened_count"] == 0
    assert len(access_reviews.list_reviews(tenant.context)) == 1
    assert len(received(reviewers)) == 1  # one "opened" message, not two
    # A tenant onboarded later in the quarter gets its review from the next run.
    later = make_tenant("Later", "admin@later.example", clock)
    third = LocalPlatform().fire(entry)
    reached(third, "WaitForReminder")
    assert len(access_reviews.list_reviews(later.context)) == 1
