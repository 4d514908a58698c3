"""The platform's access review: opened once a quarter with every member of staff and every
grant, decided by security staff (never on their own item), a revocation disables the member
at once, the overdue alarm lists what nobody decided, and the export's SHA-256 is logged."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import pytest

from footprint.domain.access_review import Decision
from footprint.domain.errors import Forbidden, Unauthenticated
from footprint.domain.staff_access import Scope, StaffRole, State
from footprint.identity import audit, guard, platform_review, staff, staff_access
from footprint.identity.staff import StaffMember
from tests.support.clock import Clock
from tests.support.identity import SOURCE_IP, Tenant, expiry
from tests.support.notifications import received
from tests.support.staff import Member, make_member

DAY = 24 * 3600


@pytest.fixture
def team(tenant: Tenant, clock: Clock) -> dict[str, Member]:
    return {
        "engineer": make_member(
            "Grace Hopper", "grace@footprint.example", StaffRole.ENGINEER, clock
        ),
        "lead": make_member("Ada Lovelace", "ada@footprint.example", StaffRole.LEAD, clock),
        "security": make_member("Joan Clarke", "joan@footprint.example", StaffRole.SECURITY, clock),
        "security2": make_member(
            "Alan Turing", "alan@footprint.example", StaffRole.SECURITY, clock
        ),
    }


def now(clock: Clock) -> datetime:
    return datetime.fromtimestamp(clock.now, UTC)


def member(team: dict[str, Member], name: str) -> StaffMember:
    return staff.get_member(team[name].staff_id)


def platform_events(day: datetime) -> list[audit.AuditEvent]:
    """The platform's events of ``day``."""
    return audit.list_platform_events(day.date().isoformat())


def opened(clock: Clock) -> str:
    review = platform_review.open_review(now(clock))
    assert review is not None
    return str(review["review_id"])


def test_opening_twice_in_a_quarter_opens_one_review_of_every_member_and_grant(
    tenant: Tenant, clock: Clock, team: dict[str, Member], review_topics: dict[str, str]
) -> None:
    grant = staff_access.request_access(
        member(team, "engineer"),
        tenant_id=tenant.context.tenant_id,
        scope=Scope.READ,
        reason="SUP-7: a broken upload",
        ticket="SUP-7",
        duration_minutes=30,
        source_ip=SOURCE_IP,
    )
    staff_access.approve(
        member(team, "lead"), grant.grant_id, code=team["lead"].code(clock), source_ip="x"
    )
    review_id = opened(clock)
    opening_day = now(clock)
    clock.advance(3 * DAY)
    assert platform_review.open_review(now(clock)) is None
    (review,) = platform_review.list_reviews(member(team, "security"))
    assert review["review_id"] == review_id
    assert review_id.endswith("-platform")
    _, items = platform_review.get_review(member(team, "security"), review_id)
    by_id = {item["item_id"]: item for item in items}
    assert set(by_id) == {team[name].staff_id for name in team} | {grant.grant_id}
    engineer = by_id[team["engineer"].staff_id]
    assert (engineer["kind"], engineer["role"], engineer["status"]) == (
        "staff",
        "engineer",
        "active",
    )
    assert engineer["mfa_enabled"] is True
    assert engineer["last_signed_in_at"] is not None
    granted = by_id[grant.grant_id]
    assert (granted["kind"], granted["grant_tenant_id"], granted["approved_by"]) == (
        "staff_grant",
        tenant.context.tenant_id,
        "Ada Lovelace",
    )
    assert granted["subject_id"] == team["engineer"].staff_id
    (told,) = received(review_topics["reviewers"])
    assert told.attributes["to"] == "alan@footprint.example,joan@footprint.example"
    assert [e.action for e in platform_events(opening_day)].count("access_review.opened") == 1


def test_only_security_staff_review_and_never_their_own_item(
    clock: Clock, team: dict[str, Member], review_topics: dict[str, str]
) -> None:
    review_id = opened(clock)
    for name in ("engineer", "lead"):
        with pytest.raises(Forbidden):
            platform_review.get_review(member(team, name), review_id)
        with pytest.raises(Forbidden):
            platform_review.decide(
                member(team, name),
                review_id,
                team["security"].staff_id,
                decision=Decision.ATTEST,
                reason="",
                source_ip=SOURCE_IP,
            )
    with pytest.raises(Forbidden):
        platform_review.decide(
            member(team, "security"),
            review_id,
            team["security"].staff_id,
            decision=Decision.ATTEST,
            reason="",
            source_ip=SOURCE_IP,
        )
    decided = platform_review.decide(
        member(team, "security2"),
        review_id,
        team["security"].staff_id,
        decision=Decision.ATTEST,
        reason="",
        source_ip=SOURCE_IP,
    )
    assert decided["decided_by"] == team["security2"].staff_id


def test_revoke_disables_the_member_of_staff_at_once(
    tenant: Tenant, clock: Clock, team: dict[str, Member], review_topics: dict[str, str]
) -> None:
    engineer = team["engineer"]
    session_id = engineer.tokens.refresh_token.split(".")[2]
    grant = staff_access.request_access(
        member(team, "engineer"),
        tenant_id=tenant.context.tenant_id,
        scope=Scope.WRITE,
        reason="SUP-8",
        ticket="SUP-8",
        duration_minutes=60,
        source_ip=SOURCE_IP,
    )
    staff_access.approve(
        member(team, "lead"), grant.grant_id, code=team["lead"].code(clock), source_ip="x"
    )
    review_id = opened(clock)
    platform_review.decide(
        member(team, "security"),
        review_id,
        engineer.staff_id,
        decision=Decision.REVOKE,
        reason="moved to another team",
        source_ip=SOURCE_IP,
    )
    assert staff.get_member(engineer.staff_id).status == staff.DISABLED
    with pytest.raises(Unauthenticated):
        guard.current_staff(engineer.staff_id, session_id, expires_at=expiry(engineer.tokens))
    platform_review.decide(
        member(team, "security"),
        review_id,
        grant.grant_id,
        decision=Decision.REVOKE,
        reason="no longer needed",
        source_ip=SOURCE_IP,
    )
    revoked = staff_access.get_grant(grant.grant_id)
    assert revoked is not None
    assert revoked.stored_state is State.REVOKED
    disabled = next(
        event for event in platform_events(now(clock)) if event.action == "staff.disabled"
    )
    assert disabled.actor == team["security"].staff_id


def test_the_overdue_alarm_lists_the_undecided_staff_items(
    clock: Clock, team: dict[str, Member], review_topics: dict[str, str]
) -> None:
    review_id = opened(clock)
    quarter = review_id.removesuffix("-platform")
    platform_review.decide(
        member(team, "security"),
        review_id,
        team["engineer"].staff_id,
        decision=Decision.ATTEST,
        reason="",
        source_ip=SOURCE_IP,
    )
    assert platform_review.close(quarter) is False  # not before the deadline
    clock.advance(7 * DAY)
    assert platform_review.remind(quarter) is True
    assert platform_review.remind(quarter) is False  # once
    clock.advance(7 * DAY)
    assert platform_review.close(quarter) is True
    assert platform_review.close(quarter) is False  # once
    (alarm,) = received(review_topics["security"])
    assert f"Access review {review_id} overdue" in alarm.subject
    for name in ("lead", "security", "security2"):
        assert f"- {team[name].staff_id}: {team[name].email}" in alarm.text
    assert team["engineer"].staff_id not in alarm.text  # decided
    review, _ = platform_review.get_review(member(team, "security"), review_id)
    assert review["status"] == "overdue"


def test_the_export_s_sha256_is_in_the_platform_audit_log(
    clock: Clock, team: dict[str, Member], review_topics: dict[str, str]
) -> None:
    review_id = opened(clock)
    body, digest = platform_review.export(member(team, "security"), review_id, source_ip="x")
    assert digest == hashlib.sha256(body).hexdigest()
    assert body.count(b"\r\n") == 5  # the header and four members of staff
    exported = next(
        event for event in platform_events(now(clock)) if event.action == "access_review.exported"
    )
    assert exported.details["sha256"] == digest
