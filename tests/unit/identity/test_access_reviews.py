"""Access reviews of a tenant: opening (once a quarter), the items' snapshot, decisions and
their rules, revocation through the users service, reminders and the overdue alarm."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from footprint.adapters.repository import TenantRepository
from footprint.domain.access_review import Decision
from footprint.domain.errors import Conflict, Forbidden, InvalidInput, Unauthenticated
from footprint.domain.tenancy import Role, TenantContext
from footprint.identity import access_reviews, audit, guard, sessions, users
from tests.support.clock import Clock
from tests.support.identity import SOURCE_IP, Tenant, add_member, expiry
from tests.support.notifications import received

DAY = 24 * 3600


def opened(clock: Clock) -> datetime:
    return datetime.fromtimestamp(clock.now, UTC)


def admin_of(tenant: Tenant) -> TenantContext:
    return tenant.context.acting_as(tenant.admin_id, Role.ADMIN)


def workflow(tenant: Tenant) -> TenantContext:
    return TenantContext.for_workflow(tenant.context.tenant_id)


def second_admin(tenant: Tenant, clock: Clock) -> TenantContext:
    user_id, _ = add_member(tenant, Role.ADMIN, "second@acme.example", clock)
    return tenant.context.acting_as(user_id, Role.ADMIN)


def actions(tenant: Tenant) -> list[str]:
    events, _ = audit.list_events(tenant.context, limit=200)
    return [event.action for event in events]


def test_opening_twice_in_a_quarter_opens_one_review(
    tenant: Tenant, clock: Clock, review_topics: dict[str, str]
) -> None:
    first = access_reviews.open_review(workflow(tenant), opened(clock))
    assert first is not None
    clock.advance(3 * DAY)
    assert access_reviews.open_review(workflow(tenant), opened(clock)) is None
    (review,) = access_reviews.list_reviews(tenant.context)
    assert review["opened_at"] == first["opened_at"]
    assert actions(tenant).count("access_review.opened") == 1
    (told,) = received(review_topics["reviewers"])
    assert told.attributes["tenant_id"] == tenant.context.tenant_id
    assert tenant.admin_email in told.text


def test_an_opening_cut_short_is_finished_by_the_next(
    tenant: Tenant, clock: Clock, review_topics: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*_: object, **__: object) -> None:
        raise RuntimeError("the step ran out of time")

    with monkeypatch.context() as cut:
        cut.setattr(TenantRepository, "put_many", fail)
        with pytest.raises(RuntimeError):
            access_reviews.open_review(workflow(tenant), opened(clock))
    assert access_reviews.list_reviews(tenant.context) == []  # not shown half made
    finished = access_reviews.open_review(workflow(tenant), opened(clock))
    assert finished is not None
    review, items = access_reviews.get_review(tenant.context, str(finished["review_id"]))
    assert review["status"] == "open"
    assert [item["item_id"] for item in items] == [tenant.admin_id]


def test_items_show_role_status_sign_in_method_last_sign_in_and_mfa(
    tenant: Tenant, clock: Clock, review_topics: dict[str, str]
) -> None:
    invitee, _, _ = users.invite_user(
        admin_of(tenant), email="new@acme.example", name="New", role=Role.VIEWER, source_ip="x"
    )
    review = access_reviews.open_review(workflow(tenant), opened(clock))
    assert review is not None
    quarter = f"{opened(clock).year}-q{(opened(clock).month - 1) // 3 + 1}"
    assert review["quarter"] == quarter
    assert review["review_id"] == f"{quarter}-{tenant.context.tenant_id}"
    _, items = access_reviews.get_review(tenant.context, str(review["review_id"]))
    by_id = {item["item_id"]: item for item in items}
    admin = by_id[tenant.admin_id]
    assert (admin["role"], admin["status"], admin["sign_in_method"]) == (
        "admin",
        "active",
        "password",
    )
    assert admin["mfa_enabled"] is True
    assert admin["last_signed_in_at"] is not None
    newcomer = by_id[invitee.user_id]
    assert (newcomer["status"], newcomer["sign_in_method"], newcomer["mfa_enabled"]) == (
        "invited",
        "none",
        False,
    )
    assert newcomer["last_signed_in_at"] is None


def test_a_person_cannot_attest_or_revoke_their_own_item(
    tenant: Tenant, clock: Clock, review_topics: dict[str, str]
) -> None:
    review = access_reviews.open_review(workflow(tenant), opened(clock))
    assert review is not None
    review_id = str(review["review_id"])
    for decision, reason in ((Decision.ATTEST, ""), (Decision.REVOKE, "leaving")):
        with pytest.raises(Forbidden):
            access_reviews.decide(
                admin_of(tenant),
                review_id,
                tenant.admin_id,
                decision=decision,
                reason=reason,
                source_ip=SOURCE_IP,
            )
    _, (item,) = access_reviews.get_review(tenant.context, review_id)
    assert "decision" not in item
    assert users.get_user(tenant.context, tenant.admin_id).status == users.ACTIVE


def test_revoke_disables_the_person_and_ends_their_sessions(
    tenant: Tenant, clock: Clock, review_topics: dict[str, str]
) -> None:
    member_id, tokens = add_member(tenant, Role.EDITOR, "editor@acme.example", clock)
    session_id = tokens.refresh_token.split(".")[2]
    member = tenant.context.acting_as(member_id, Role.EDITOR)
    assert guard.current_principal(member, session_id, SOURCE_IP, expires_at=expiry(tokens))
    review = access_reviews.open_review(workflow(tenant), opened(clock))
    assert review is not None
    review_id = str(review["review_id"])
    with pytest.raises(InvalidInput):  # a revocation says why
        access_reviews.decide(
            admin_of(tenant),
            review_id,
            member_id,
            decision=Decision.REVOKE,
            reason=" ",
            source_ip=SOURCE_IP,
        )
    decided = access_reviews.decide(
        admin_of(tenant),
        review_id,
        member_id,
        decision=Decision.REVOKE,
        reason="left the company",
        source_ip=SOURCE_IP,
    )
    assert (decided["decision"], decided["decided_by"]) == ("revoke", tenant.admin_id)
    assert decided["decided_by_email"] == tenant.admin_email
    assert users.get_user(tenant.context, member_id).status == users.DISABLED
    with pytest.raises(Unauthenticated):
        guard.current_principal(member, session_id, SOURCE_IP, expires_at=expiry(tokens))
    with pytest.raises(Unauthenticated):
        sessions.refresh(tokens.refresh_token, source_ip=SOURCE_IP)
    events, _ = audit.list_events(tenant.context, limit=50)
    revoked = next(event for event in events if event.action == "access_review.revoked")
    assert revoked.target == member_id
    assert revoked.details["reason"] == "left the company"
    assert "user.disabled" in [event.action for event in events]
    with pytest.raises(Conflict):  # decided once
        access_reviews.decide(
            admin_of(tenant),
            review_id,
            member_id,
            decision=Decision.ATTEST,
            reason="",
            source_ip=SOURCE_IP,
        )


def test_revoking_an_invitee_removes_them(
    tenant: Tenant, clock: Clock, review_topics: dict[str, str]
) -> None:
    invitee, _, _ = users.invite_user(
        admin_of(tenant), email="new@acme.example", name="", role=Role.VIEWER, source_ip="x"
    )
    review = access_reviews.open_review(workflow(tenant), opened(clock))
    assert review is not None
    access_reviews.decide(
        admin_of(tenant),
        str(review["review_id"]),
        invitee.user_id,
        decision=Decision.REVOKE,
        reason="never joined",
        source_ip=SOURCE_IP,
    )
    assert users.lookup_email("new@acme.example") is None
    assert invitee.user_id not in [user.user_id for user in users.list_users(tenant.context)]


def test_the_review_completes_when_each_admin_decided_the_others_item(
    tenant: Tenant, clock: Clock, review_topics: dict[str, str]
) -> None:
    other = second_admin(tenant, clock)
    review = access_reviews.open_review(workflow(tenant), opened(clock))
    assert review is not None
    review_id = str(review["review_id"])
    for reviewer, subject in ((admin_of(tenant), other.user_id), (other, tenant.admin_id)):
        assert subject is not None
        access_reviews.decide(
            reviewer, review_id, subject, decision=Decision.ATTEST, reason="", source_ip="x"
        )
    done, items = access_reviews.get_review(tenant.context, review_id)
    assert (done["status"], done["decided_count"], done["item_count"]) == ("completed", 2, 2)
    assert all(item["decision"] == "attest" for item in items)


def test_the_reminder_goes_once_at_seven_days_and_the_deadline_alarm_lists_the_undecided(
    tenant: Tenant, clock: Clock, review_topics: dict[str, str]
) -> None:
    other = second_admin(tenant, clock)
    review = access_reviews.open_review(workflow(tenant), opened(clock))
    assert review is not None
    review_id, quarter = str(review["review_id"]), str(review["quarter"])
    access_reviews.decide(
        admin_of(tenant),
        review_id,
        str(other.user_id),
        decision=Decision.ATTEST,
        reason="",
        source_ip="x",
    )
    received(review_topics["reviewers"])  # the opening's message
    clock.advance(7 * DAY - 60)
    assert access_reviews.remind_all(quarter) == []
    clock.advance(60)
    assert access_reviews.remind_all(quarter) == [tenant.context.tenant_id]
    assert access_reviews.remind_all(quarter) == []  # once
    (reminder,) = received(review_topics["reviewers"])
    assert "still awaits decisions" in reminder.subject
    assert access_reviews.close_all(quarter) == []  # not before the deadline
    assert received(review_topics["security"]) == []
    clock.advance(7 * DAY)
    assert access_reviews.close_all(quarter) == [tenant.context.tenant_id]
    assert access_reviews.close_all(quarter) == []  # once
    (alarm,) = received(review_topics["security"])
    assert review_id in alarm.subject
    assert tenant.admin_id in alarm.text  # the one item nobody else decided
    assert tenant.admin_email in alarm.text
    assert str(other.user_id) not in alarm.text
    overdue, _ = access_reviews.get_review(tenant.context, review_id)
    assert overdue["status"] == "overdue"
    assert "access_review.overdue" in actions(tenant)
