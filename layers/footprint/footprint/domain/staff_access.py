"""Staff access to a tenant's data: the staff roles and the just-in-time grant's lifecycle.

Staff have no standing access to any tenant. A member of staff asks for access to one tenant
(a scope, a reason, a ticket and a duration of at most 240 minutes); a lead, who is not the
requester, approves it with a fresh TOTP code, and where the tenant asks for it one of the
tenant's admins approves it too; the grant is active from the approval that completes it and
ends by itself. States::

    pending ──approve──► approved ──(end passes)──► expired
       │                    └──revoke──► revoked
       ├──deny──► denied
       ├──revoke──► revoked  (the requester withdraws it, or anyone who may revoke)
       └──(24 h pass)──► expired-pending

``expired`` and ``expired-pending`` follow from the clock, so a grant is never active a second
past its end whether or not anything has written that down yet; every other state is stored,
and each transition here names the stored state it starts from, so the store can make it a
conditional write: of two approvals or revocations racing, one wins.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from footprint.domain.errors import Conflict, Forbidden, InvalidInput
from footprint.domain.tenancy import Role

MAX_DURATION_MINUTES = 240
PENDING_SECONDS = 24 * 3600
MAX_REASON_LENGTH = 500
MAX_TICKET_LENGTH = 100


class StaffRole(StrEnum):
    """A member of the platform's staff: what they may do about grants."""

    ENGINEER = "engineer"  # asks for access
    LEAD = "lead"  # asks for access; approves and denies others' requests
    SECURITY = "security"  # reads every grant, revokes any; approves nothing


class Scope(StrEnum):
    READ = "read"
    WRITE = "write"


# What a grant lets its holder do inside the tenant: never more than an editor, so staff never
# change users, single sign-on, the allowlist, settings or grants.
SCOPE_ROLES = {Scope.READ: Role.VIEWER, Scope.WRITE: Role.EDITOR}


class State(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    EXPIRED = "expired"
    REVOKED = "revoked"
    DENIED = "denied"
    EXPIRED_PENDING = "expired-pending"


# The states a revocation may start from: a request can be withdrawn, a grant cut short.
REVOCABLE = (State.PENDING, State.APPROVED)


@dataclass(frozen=True)
class Decision:
    """Who approved, denied or revoked, and when."""

    by_id: str
    by_name: str
    at: int
    reason: str | None = None


@dataclass(frozen=True)
class Grant:
    grant_id: str
    tenant_id: str
    staff_id: str
    staff_name: str
    staff_role: StaffRole
    scope: Scope
    reason: str
    ticket: str
    duration_minutes: int
    requested_at: int
    stored_state: State = State.PENDING
    needs_customer_approval: bool = False
    lead_approval: Decision | None = None
    customer_approval: Decision | None = None
    closed: Decision | None = None  # the denial or revocation
    starts_at: int | None = None
    ends_at: int | None = None

    @property
    def role(self) -> Role:
        """The tenant role the grant acts with."""
        return SCOPE_ROLES[self.scope]

    def state_at(self, now: float) -> State:
        if self.stored_state is State.PENDING and now >= self.requested_at + PENDING_SECONDS:
            return State.EXPIRED_PENDING
        if self.stored_state is State.APPROVED and self.ends_at is not None and now >= self.ends_at:
            return State.EXPIRED
        return self.stored_state

    def active_at(self, now: float) -> bool:
        """True while the grant may be used: approved, and its end not reached."""
        return (
            self.state_at(now) is State.APPROVED
            and self.starts_at is not None
            and self.starts_at <= now
        )


def check_request(reason: str, ticket: str, duration_minutes: int) -> tuple[str, str]:
    """The reason and ticket, trimmed; refuses what a request may not be."""
    problems = []
    cleaned_reason, cleaned_ticket = reason.strip(), ticket.strip()
    if not cleaned_reason:
        problems.append(InvalidInput("A reason is required.", field="reason"))
    if not cleaned_ticket:
        problems.append(InvalidInput("A ticket is required.", field="ticket"))
    if not 1 <= duration_minutes <= MAX_DURATION_MINUTES:
        problems.append(
            InvalidInput(
                f"The duration is 1 to {MAX_DURATION_MINUTES} minutes.",
                field="duration_minutes",
            )
        )
    if problems:
        raise InvalidInput.several(problems)
    return cleaned_reason[:MAX_REASON_LENGTH], cleaned_ticket[:MAX_TICKET_LENGTH]


def _pending(grant: Grant, now: float) -> None:
    state = grant.state_at(now)
    if state is not State.PENDING:
        raise Conflict(f"This request is {state.value}, no longer pending.", state=state.value)


def _activated(grant: Grant, now: float) -> Grant:
    """The grant with its approvals complete: active from now for its duration."""
    if grant.lead_approval is None or (
        grant.needs_customer_approval and grant.customer_approval is None
    ):
        return grant
    start = int(now)
    return replace(
        grant,
        stored_state=State.APPROVED,
        starts_at=start,
        ends_at=start + grant.duration_minutes * 60,
    )


def approve_as_lead(grant: Grant, approver: Decision, approver_role: StaffRole) -> Grant:
    """A lead's approval (two-person rule: never the requester's own)."""
    if approver_role is not StaffRole.LEAD:
        raise Forbidden("Only a lead approves access requests.")
    if approver.by_id == grant.staff_id:
        raise Forbidden("A request is approved by another lead, never by its requester.")
    _pending(grant, approver.at)
    if grant.lead_approval is not None:
        raise Conflict("A lead has approved this request already.")
    return _activated(replace(grant, lead_approval=approver), approver.at)


def approve_as_customer(grant: Grant, admin: Decision) -> Grant:
    """The tenant's admin's approval, for a tenant that requires it."""
    if not grant.needs_customer_approval:
        raise Conflict("This tenant does not require its own approval of staff access.")
    _pending(grant, admin.at)
    if grant.customer_approval is not None:
        raise Conflict("An admin of the tenant has approved this request already.")
    return _activated(replace(grant, customer_approval=admin), admin.at)


def deny(grant: Grant, denier: Decision) -> Grant:
    if denier.by_id == grant.staff_id:
        raise Forbidden("A request is denied by another person; its requester revokes it.")
    _pending(grant, denier.at)
    return replace(grant, stored_state=State.DENIED, closed=denier)


def revoke(grant: Grant, revoker: Decision) -> Grant:
    state = grant.state_at(revoker.at)
    if state not in REVOCABLE:
        raise Conflict(f"This grant is {state.value}: nothing to revoke.", state=state.value)
    ends = min(grant.ends_at, int(revoker.at)) if grant.ends_at is not None else None
    return replace(grant, stored_state=State.REVOKED, closed=revoker, ends_at=ends)


def may_revoke(grant: Grant, staff_id: str, role: StaffRole) -> bool:
    """Staff who may revoke: the requester, any lead, any security staff."""
    return staff_id == grant.staff_id or role in (StaffRole.LEAD, StaffRole.SECURITY)


def may_read(grant: Grant, staff_id: str, role: StaffRole) -> bool:
    """Staff read their own requests; leads and security read every one."""
    return staff_id == grant.staff_id or role in (StaffRole.LEAD, StaffRole.SECURITY)
