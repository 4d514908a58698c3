"""The answer shape of a staff access request, shared by the staff's routes and the tenant's
(the tenant's adds the number of requests made under it)."""

from __future__ import annotations

from pydantic import BaseModel

from footprint.domain.staff_access import Grant, Scope, StaffRole, State
from footprint.identity import clock


class AccessRequestView(BaseModel):
    request_id: str
    tenant_id: str
    staff_id: str
    staff_name: str
    staff_role: StaffRole
    scope: Scope
    reason: str
    ticket: str
    duration_minutes: int
    state: State
    requested_at: str
    needs_customer_approval: bool
    approver_name: str | None = None
    customer_approver_name: str | None = None
    closed_by_name: str | None = None
    closed_reason: str | None = None
    starts_at: str | None = None
    ends_at: str | None = None

    @classmethod
    def of(cls, grant: Grant) -> AccessRequestView:
        return cls(
            request_id=grant.grant_id,
            tenant_id=grant.tenant_id,
            staff_id=grant.staff_id,
            staff_name=grant.staff_name,
            staff_role=grant.staff_role,
            scope=grant.scope,
            reason=grant.reason,
            ticket=grant.ticket,
            duration_minutes=grant.duration_minutes,
            state=grant.state_at(clock.now()),
            requested_at=clock.iso(grant.requested_at),
            needs_customer_approval=grant.needs_customer_approval,
            approver_name=grant.lead_approval.by_name if grant.lead_approval else None,
            customer_approver_name=(
                grant.customer_approval.by_name if grant.customer_approval else None
            ),
            closed_by_name=grant.closed.by_name if grant.closed else None,
            closed_reason=grant.closed.reason if grant.closed else None,
            starts_at=clock.iso(grant.starts_at) if grant.starts_at is not None else None,
            ends_at=clock.iso(grant.ends_at) if grant.ends_at is not None else None,
        )
