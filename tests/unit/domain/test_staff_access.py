"""The staff grant's lifecycle, pure: states, the two-person rule, customer approval, the
clock's part (expiry, 24 hours pending), and what a request may be."""

from __future__ import annotations

from dataclasses import replace

import pytest

from footprint.domain.errors import Conflict, Forbidden, InvalidInput
from footprint.domain.staff_access import (
    Decision,
    Grant,
    Scope,
    StaffRole,
    State,
    approve_as_customer,
    approve_as_lead,
    check_request,
    deny,
    may_read,
    may_revoke,
    revoke,
)
from footprint.domain.tenancy import Role

T0 = 1_800_000_000


def _grant(**changes: object) -> Grant:
    grant = Grant(
        grant_id="g-1",
        tenant_id="t-1",
        staff_id="st-engineer",
        staff_name="Grace",
        staff_role=StaffRole.ENGINEER,
        scope=Scope.READ,
        reason="ticket 42: totals look wrong",
        ticket="SUP-42",
        duration_minutes=60,
        requested_at=T0,
    )
    return replace(grant, **changes)  # type: ignore[arg-type]


def _by(who: str, at: int = T0 + 60) -> Decision:
    return Decision(by_id=who, by_name=who.title(), at=at)


def test_a_leads_approval_activates_the_grant_for_its_duration() -> None:
    approved = approve_as_lead(_grant(), _by("st-lead"), StaffRole.LEAD)
    assert approved.stored_state is State.APPROVED
    assert (approved.starts_at, approved.ends_at) == (T0 + 60, T0 + 60 + 3600)
    assert approved.active_at(T0 + 60)
    assert approved.active_at(T0 + 60 + 3599)
    assert not approved.active_at(T0 + 60 + 3600)  # not a second past its end
    assert approved.state_at(T0 + 60 + 3600) is State.EXPIRED
    assert approved.role is Role.VIEWER
    assert _grant(scope=Scope.WRITE).role is Role.EDITOR


def test_only_another_lead_approves() -> None:
    with pytest.raises(Forbidden, match="never by its requester"):
        approve_as_lead(
            _grant(staff_id="st-lead", staff_role=StaffRole.LEAD), _by("st-lead"), StaffRole.LEAD
        )
    for role in (StaffRole.ENGINEER, StaffRole.SECURITY):
        with pytest.raises(Forbidden, match="Only a lead"):
            approve_as_lead(_grant(), _by("st-other"), role)
    with pytest.raises(Forbidden):
        deny(_grant(), _by("st-engineer"))


def test_a_request_expires_after_a_day_pending() -> None:
    grant = _grant()
    assert grant.state_at(T0 + 24 * 3600 - 1) is State.PENDING
    assert grant.state_at(T0 + 24 * 3600) is State.EXPIRED_PENDING
    with pytest.raises(Conflict, match="expired-pending"):
        approve_as_lead(grant, _by("st-lead", T0 + 24 * 3600), StaffRole.LEAD)


def test_with_customer_approval_required_a_leads_approval_alone_is_not_enough() -> None:
    grant = _grant(needs_customer_approval=True)
    by_lead = approve_as_lead(grant, _by("st-lead"), StaffRole.LEAD)
    assert by_lead.stored_state is State.PENDING
    assert not by_lead.active_at(T0 + 120)
    both = approve_as_customer(by_lead, _by("u-admin", T0 + 120))
    assert both.stored_state is State.APPROVED
    assert both.starts_at == T0 + 120  # active from the approval that completes it
    # Either order: the customer first, then the lead.
    first = approve_as_customer(grant, _by("u-admin"))
    assert first.stored_state is State.PENDING
    assert approve_as_lead(first, _by("st-lead", T0 + 90), StaffRole.LEAD).active_at(T0 + 90)
    with pytest.raises(Conflict):
        approve_as_customer(_grant(), _by("u-admin"))  # the tenant does not require it
    with pytest.raises(Conflict):
        approve_as_customer(first, _by("u-admin-2"))  # once


def test_deny_and_revoke() -> None:
    denied = deny(_grant(), replace(_by("st-lead"), reason="no ticket"))
    assert denied.state_at(T0 + 99) is State.DENIED
    with pytest.raises(Conflict):
        revoke(denied, _by("st-lead"))
    approved = approve_as_lead(_grant(), _by("st-lead"), StaffRole.LEAD)
    revoked = revoke(approved, _by("st-security", T0 + 600))
    assert revoked.state_at(T0 + 600) is State.REVOKED
    assert not revoked.active_at(T0 + 600)
    assert revoked.ends_at == T0 + 600
    with pytest.raises(Conflict, match="revoked"):
        revoke(revoked, _by("st-lead", T0 + 601))
    with pytest.raises(Conflict, match="expired"):
        revoke(approved, _by("st-lead", T0 + 60 + 3600))
    assert revoke(_grant(), _by("st-engineer")).stored_state is State.REVOKED  # withdrawn


def test_who_may_read_and_revoke() -> None:
    grant = _grant()
    assert may_read(grant, "st-engineer", StaffRole.ENGINEER)
    assert not may_read(grant, "st-other", StaffRole.ENGINEER)
    assert may_read(grant, "st-other", StaffRole.SECURITY)
    assert may_revoke(grant, "st-other", StaffRole.LEAD)
    assert not may_revoke(grant, "st-other", StaffRole.ENGINEER)


@pytest.mark.parametrize(
    ("reason", "ticket", "minutes", "fields"),
    [
        ("  ", "SUP-1", 60, ["reason"]),
        ("why", "", 60, ["ticket"]),
        ("why", "SUP-1", 241, ["duration_minutes"]),
        ("", "", 0, ["reason", "ticket", "duration_minutes"]),
    ],
)
def test_a_request_needs_a_reason_a_ticket_and_at_most_four_hours(
    reason: str, ticket: str, minutes: int, fields: list[str]
) -> None:
    with pytest.raises(InvalidInput) as refused:
        check_request(reason, ticket, minutes)
    named = [refused.value.details.get("field")] + [
        str(problem["column"]) for problem in refused.value.details.get("errors", [])[1:]
    ]
    assert named == fields
    assert check_request(" why ", " SUP-1 ", 240) == ("why", "SUP-1")
