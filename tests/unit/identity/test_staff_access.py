"""Staff access requests, as a service: a lead other than the requester approves with a fresh
TOTP code, decisions race safely, who may revoke and read, and every stage is told in the
platform's log, the tenant's log and its SNS topic (naming the grant, no data)."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest

from footprint.adapters.notifications import STAGES, topic_variable
from footprint.domain.errors import Conflict, Forbidden, InvalidInput, Locked, NotFound
from footprint.domain.staff_access import Scope, StaffRole, State
from footprint.identity import audit, staff_access
from footprint.identity import clock as identity_clock
from tests.support.clock import Clock
from tests.support.concurrency import at_once, hold
from tests.support.identity import SOURCE_IP, Tenant
from tests.support.staff import Member, make_member


@pytest.fixture
def team(tenant: Tenant, clock: Clock) -> dict[str, Member]:
    return {
        "engineer": make_member(
            "Grace Hopper", "grace@footprint.example", StaffRole.ENGINEER, clock
        ),
        "lead": make_member("Ada Lovelace", "ada@footprint.example", StaffRole.LEAD, clock),
        "lead2": make_member("Alan Turing", "alan@footprint.example", StaffRole.LEAD, clock),
        "security": make_member("Joan Clarke", "joan@footprint.example", StaffRole.SECURITY, clock),
    }


@pytest.fixture
def notices(identity: object, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Every stage's topic, delivered to one SQS queue: answers a reader of the messages."""
    sns, sqs = boto3.client("sns"), boto3.client("sqs")
    queue = sqs.create_queue(QueueName="notices")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    for stage in STAGES:
        topic = sns.create_topic(Name=f"staff-access-{stage.replace('_', '-')}")["TopicArn"]
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn)
        monkeypatch.setenv(topic_variable(stage), topic)

    def read() -> list[dict[str, Any]]:
        messages = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10)
        return [json.loads(json.loads(m["Body"])["Message"]) for m in messages.get("Messages", [])]

    return read


def _member(member: Member) -> Any:
    from footprint.identity import staff

    return staff.get_member(member.staff_id)


def _request(tenant: Tenant, member: Member, **changes: Any) -> Any:
    arguments: dict[str, Any] = {
        "tenant_id": tenant.context.tenant_id,
        "scope": Scope.READ,
        "reason": "Customer reports wrong Scope 2 totals",
        "ticket": "SUP-1234",
        "duration_minutes": 60,
        "source_ip": SOURCE_IP,
        **changes,
    }
    return staff_access.request_access(_member(member), **arguments)


def test_request_then_approval_by_another_lead_with_a_fresh_code(
    tenant: Tenant, team: dict[str, Member], clock: Clock, notices: Any
) -> None:
    grant = _request(tenant, team["engineer"])
    assert grant.state_at(clock.now) is State.PENDING
    approved = staff_access.approve(
        _member(team["lead"]), grant.grant_id, code=team["lead"].code(clock), source_ip=SOURCE_IP
    )
    assert approved.active_at(clock.now)
    assert approved.ends_at == approved.starts_at + 3600
    messages = notices()
    assert [m["stage"] for m in messages] == ["requested", "approved"]
    for message in messages:
        assert set(message) == {"stage", "grant_id", "tenant_id", "at"}
        assert message["grant_id"] == grant.grant_id
    tenant_log = [e.action for e in audit.list_events(tenant.context)[0]]
    assert {"staff_access.requested", "staff_access.approved"} <= set(tenant_log)
    platform_log = [
        (e.action, e.actor) for e in audit.list_platform_events(identity_clock.iso()[:10])
    ]
    assert ("staff_access.requested", team["engineer"].staff_id) in platform_log
    assert ("staff_access.approved", team["lead"].staff_id) in platform_log


def test_self_approval_is_refused_even_for_a_lead(
    tenant: Tenant, team: dict[str, Member], clock: Clock
) -> None:
    lead = team["lead"]
    grant = _request(tenant, lead)
    with pytest.raises(Forbidden, match="never by its requester"):
        staff_access.approve(_member(lead), grant.grant_id, code=lead.code(clock), source_ip="x")
    for other in ("engineer", "security"):
        member = team[other]
        with pytest.raises(Forbidden, match="Only a lead"):
            staff_access.approve(
                _member(member), grant.grant_id, code=member.code(clock), source_ip="x"
            )
    assert staff_access.get_grant(grant.grant_id).stored_state is State.PENDING  # type: ignore[union-attr]


def test_an_approval_needs_a_right_fresh_code_and_wrong_ones_lock_like_sign_in(
    tenant: Tenant, team: dict[str, Member], clock: Clock
) -> None:
    grant = _request(tenant, team["engineer"])
    lead = _member(team["lead"])
    code = team["lead"].code(clock)
    for _ in range(4):
        with pytest.raises(Forbidden, match="code"):
            staff_access.approve(lead, grant.grant_id, code="000000", source_ip=SOURCE_IP)
    with pytest.raises((Forbidden, Locked)):
        staff_access.approve(lead, grant.grant_id, code="000000", source_ip=SOURCE_IP)
    with pytest.raises(Locked):  # five wrong codes lock the lead's address, as at sign-in
        staff_access.approve(lead, grant.grant_id, code=code, source_ip=SOURCE_IP)
    clock.advance(61)
    fresh = team["lead"].code(clock)
    assert staff_access.approve(lead, grant.grant_id, code=fresh, source_ip=SOURCE_IP)
    second = _request(tenant, team["engineer"])
    with pytest.raises(Forbidden, match="code"):  # a code is good once
        staff_access.approve(lead, second.grant_id, code=fresh, source_ip=SOURCE_IP)


def test_two_approvals_racing_cannot_both_win(
    tenant: Tenant,
    team: dict[str, Member],
    clock: Clock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    grant = _request(tenant, team["engineer"])
    codes = [team["lead"].code(clock), team["lead2"].code(clock)]
    leads = [_member(team["lead"]), _member(team["lead2"])]
    hold(monkeypatch, "footprint.identity.staff_access._save", 2)
    results = at_once(
        2,
        lambda i: staff_access.approve(
            leads[i], grant.grant_id, code=codes[i], source_ip=SOURCE_IP
        ),
    )
    assert sorted(type(r).__name__ for r in results) == ["Conflict", "Grant"]


def test_two_revocations_racing_cannot_both_win(
    tenant: Tenant,
    team: dict[str, Member],
    clock: Clock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    grant = _request(tenant, team["engineer"])
    staff_access.approve(
        _member(team["lead"]), grant.grant_id, code=team["lead"].code(clock), source_ip="x"
    )
    revokers = [_member(team["security"]), _member(team["lead2"])]
    hold(monkeypatch, "footprint.identity.staff_access._save", 2)
    results = at_once(
        2, lambda i: staff_access.revoke(revokers[i], grant.grant_id, source_ip=SOURCE_IP)
    )
    assert sorted(type(r).__name__ for r in results) == ["Conflict", "Grant"]


def test_who_may_revoke_deny_and_read(
    tenant: Tenant, team: dict[str, Member], clock: Clock
) -> None:
    mine = _request(tenant, team["engineer"])
    clock.advance(1)  # ids order by creation time; within one millisecond, by chance
    theirs = _request(tenant, team["lead"])
    engineer = _member(team["engineer"])
    with pytest.raises(NotFound):
        staff_access.read_grant(engineer, theirs.grant_id)
    with pytest.raises(NotFound):
        staff_access.revoke(engineer, theirs.grant_id, source_ip=SOURCE_IP)
    with pytest.raises(Forbidden):
        staff_access.deny(engineer, theirs.grant_id, reason="no", source_ip=SOURCE_IP)
    assert [g.grant_id for g in staff_access.list_for_staff(engineer)] == [mine.grant_id]
    listed = staff_access.list_for_staff(_member(team["security"]))
    assert [g.grant_id for g in listed] == [theirs.grant_id, mine.grant_id]  # newest first
    denied = staff_access.deny(
        _member(team["lead2"]), theirs.grant_id, reason="no ticket", source_ip=SOURCE_IP
    )
    assert denied.stored_state is State.DENIED
    assert denied.closed is not None
    assert denied.closed.reason == "no ticket"
    withdrawn = staff_access.revoke(engineer, mine.grant_id, source_ip=SOURCE_IP)
    assert withdrawn.stored_state is State.REVOKED
    with pytest.raises(Conflict):
        staff_access.revoke(engineer, mine.grant_id, source_ip=SOURCE_IP)


def test_a_request_names_a_tenant_that_exists(team: dict[str, Member]) -> None:
    engineer = _member(team["engineer"])
    with pytest.raises(InvalidInput) as refused:
        staff_access.request_access(
            engineer,
            tenant_id="t-0000000000000000",
            scope=Scope.READ,
            reason="why",
            ticket="SUP-1",
            duration_minutes=30,
            source_ip=SOURCE_IP,
        )
    assert refused.value.details["field"] == "tenant_id"


def test_ends_are_written_down_and_told_once(
    tenant: Tenant, team: dict[str, Member], clock: Clock, notices: Any
) -> None:
    grant = _request(tenant, team["engineer"], duration_minutes=30)
    pending = _request(tenant, team["engineer"])
    staff_access.approve(
        _member(team["lead"]), grant.grant_id, code=team["lead"].code(clock), source_ip="x"
    )
    notices()
    clock.advance(30 * 60)
    ended = staff_access.record_expiries(
        staff_access.open_grants(since_seconds=25 * 3600), source_ip="scheduler"
    )
    assert [g.grant_id for g in ended] == [grant.grant_id]
    assert staff_access.get_grant(grant.grant_id).stored_state is State.EXPIRED  # type: ignore[union-attr]
    clock.advance(24 * 3600)
    again = staff_access.record_expiries(
        staff_access.open_grants(since_seconds=25 * 3600), source_ip="scheduler"
    )
    assert [(g.grant_id, g.stored_state) for g in again] == [
        (pending.grant_id, State.EXPIRED_PENDING)
    ]
    assert [m["stage"] for m in notices()] == ["expired", "expired"]
