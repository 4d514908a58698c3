"""Staff access to a tenant: requests, approvals, revocations, and the use of a grant.

The lifecycle's rules are ``footprint.domain.staff_access``'; this module keeps grants and
tells of them. A grant is one platform record, ``PLATFORM#GRANTS`` / ``<grant id>`` (ids
begin with their creation time, so the partition reads newest first), indexed for its tenant
under ``gsi1`` (``PLATFORM#TENANT-GRANTS#<tenant>``). Every transition is one conditional
update on the state it starts from (and on the approval it adds being absent), so of two
approvals or revocations racing one wins and the other is refused (409).

Each transition is an audit event in the platform's log and in the tenant's, and a message
on the stage's SNS topic (``adapters.notifications``). Every request made under a grant is an
event in the tenant's log (grant, staff member's name, route, status), indexed under
``TENANT#<t>#STAFF-GRANT#<grant id>`` for the grant's activity, and counted on the grant;
its first use is a stage of its own.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from dataclasses import asdict, replace
from typing import Any

from boto3.dynamodb.conditions import Attr, ConditionBase

from footprint.adapters import notifications
from footprint.adapters.repository import ConditionFailed, PlatformRepository, TenantRepository
from footprint.domain import access_review as review_rules
from footprint.domain import staff_access as rules
from footprint.domain.errors import Conflict, Forbidden, InvalidInput, NotFound, Unauthenticated
from footprint.domain.ids import valid_id
from footprint.domain.staff_access import Decision, Grant, Scope, StaffRole, State
from footprint.domain.tenancy import Role, TenantContext
from footprint.identity import audit, clock, signin, staff, tenants, users
from footprint.identity.accounts import StaffAccount

GRANTS = ("GRANTS",)
HISTORY_SECONDS = 365 * 24 * 3600  # what a tenant reads: the last 12 months
_DECISIONS = ("lead_approval", "customer_approval", "closed")


def _tenant_index(tenant_id: str) -> tuple[str, ...]:
    return ("TENANT-GRANTS", tenant_id)


def new_grant_id() -> str:
    """``g-`` then the creation time in ms (12 hex) and randomness: newest sorts last."""
    return f"{new_grant_id_at(clock.now())}{secrets.token_hex(5)}"


# ---------------------------------------------------------------- records


def _decision(value: Any) -> Decision | None:
    if not isinstance(value, Mapping):
        return None
    reason = value.get("reason")
    return Decision(
        by_id=str(value["by_id"]),
        by_name=str(value.get("by_name", "")),
        at=int(value["at"]),
        reason=str(reason) if reason is not None else None,
    )


def _optional_int(value: Any) -> int | None:
    return int(value) if value is not None else None


def to_grant(item: Mapping[str, Any]) -> Grant:
    return Grant(
        grant_id=str(item["grant_id"]),
        tenant_id=str(item["tenant_id"]),
        staff_id=str(item["staff_id"]),
        staff_name=str(item["staff_name"]),
        staff_role=StaffRole(str(item["staff_role"])),
        scope=Scope(str(item["scope"])),
        reason=str(item["reason"]),
        ticket=str(item["ticket"]),
        duration_minutes=int(item["duration_minutes"]),
        requested_at=int(item["requested_at"]),
        stored_state=State(str(item["state"])),
        needs_customer_approval=bool(item.get("needs_customer_approval", False)),
        lead_approval=_decision(item.get("lead_approval")),
        customer_approval=_decision(item.get("customer_approval")),
        closed=_decision(item.get("closed")),
        starts_at=_optional_int(item.get("starts_at")),
        ends_at=_optional_int(item.get("ends_at")),
    )


def _attributes(grant: Grant) -> dict[str, Any]:
    fields = asdict(grant)
    fields["state"] = fields.pop("stored_state").value
    for name in ("staff_role", "scope"):
        fields[name] = fields[name].value
    for name in _DECISIONS:
        if fields[name] is not None:
            fields[name] = {k: v for k, v in fields[name].items() if v is not None}
    return {name: value for name, value in fields.items() if value is not None}


def get_grant(grant_id: str) -> Grant | None:
    """The grant, read consistently; None for an id that names none."""
    if not valid_id(grant_id):
        return None
    item = PlatformRepository().get(GRANTS, (grant_id,))
    return to_grant(item) if item else None


def requests_made(grant_id: str) -> int:
    item = PlatformRepository().get(GRANTS, (grant_id,))
    return int(item.get("requests", 0)) if item else 0


def _found(grant_id: str) -> Grant:
    grant = get_grant(grant_id)
    if grant is None:
        raise NotFound("No such access request.")
    return grant


def _save(before: Grant, after: Grant, condition: ConditionBase) -> Grant:
    """Write a transition on the condition that the stored grant is still as read."""
    changed = {
        name: value
        for name, value in _attributes(after).items()
        if _attributes(before).get(name) != value
    }
    PlatformRepository().update(GRANTS, (after.grant_id,), set_values=changed, condition=condition)
    return after


def _still(grant: Grant, *absent: str) -> ConditionBase:
    condition: ConditionBase = Attr("state").eq(grant.stored_state.value)
    for name in absent:
        condition = condition & Attr(name).not_exists()
    return condition


# ---------------------------------------------------------------- telling


def _tell(
    grant: Grant,
    stage: str,
    *,
    actor: str,
    source_ip: str,
    details: Mapping[str, str] | None = None,
) -> None:
    """A stage of ``grant``: the platform's log, the tenant's log, the stage's topic."""
    facts = {"grant_id": grant.grant_id, "staff_name": grant.staff_name, **(details or {})}
    audit.record_platform(
        action=f"staff_access.{stage}",
        outcome="success",
        source_ip=source_ip,
        actor=actor,
        target=grant.grant_id,
        details={"tenant_id": grant.tenant_id, **facts},
    )
    audit.record(
        TenantContext.for_grant_record(grant.tenant_id),
        action=f"staff_access.{stage}",
        outcome="success",
        source_ip=source_ip,
        actor=actor,
        target=grant.grant_id,
        details=facts,
    )
    notifications.publish(stage, grant_id=grant.grant_id, tenant_id=grant.tenant_id, at=clock.iso())


# ---------------------------------------------------------------- staff's use cases


def request_access(
    member: staff.StaffMember,
    *,
    tenant_id: str,
    scope: Scope,
    reason: str,
    ticket: str,
    duration_minutes: int,
    source_ip: str,
) -> Grant:
    """A pending request of ``member`` for access to ``tenant_id``."""
    cleaned_reason, cleaned_ticket = rules.check_request(reason, ticket, duration_minutes)
    registry = PlatformRepository()
    if not (valid_id(tenant_id) and registry.get(("TENANT", tenant_id), ("TENANT",))):
        raise InvalidInput("No such tenant.", field="tenant_id")
    tenant = tenants.get_tenant(TenantContext.for_grant_record(tenant_id))
    if tenant is None or tenant.status != tenants.ACTIVE:
        raise InvalidInput("No such tenant.", field="tenant_id")
    grant = Grant(
        grant_id=new_grant_id(),
        tenant_id=tenant_id,
        staff_id=member.staff_id,
        staff_name=member.name,
        staff_role=member.role,
        scope=scope,
        reason=cleaned_reason,
        ticket=cleaned_ticket,
        duration_minutes=duration_minutes,
        requested_at=int(clock.now()),
        needs_customer_approval=tenant.staff_access_requires_customer_approval,
    )
    PlatformRepository().put(
        GRANTS,
        (grant.grant_id,),
        {**_attributes(grant), "requests": 0},
        gsi1=(_tenant_index(tenant_id), (grant.grant_id,)),
        if_absent=True,
    )
    _tell(
        grant,
        "requested",
        actor=member.staff_id,
        source_ip=source_ip,
        details={"scope": scope.value, "ticket": cleaned_ticket},
    )
    return grant


def read_grant(member: staff.StaffMember, grant_id: str) -> Grant:
    grant = get_grant(grant_id)
    if grant is None or not rules.may_read(grant, member.staff_id, member.role):
        raise NotFound("No such access request.")
    return grant


def list_for_staff(member: staff.StaffMember, *, limit: int = 200) -> list[Grant]:
    """The member's own requests, newest first; every request for leads and security."""
    found: list[Grant] = []
    cursor: Mapping[str, Any] | None = None
    while len(found) < limit:
        page = PlatformRepository().query(GRANTS, limit=100, cursor=cursor, newest_first=True)
        for item in page.items:
            grant = to_grant(item)
            if rules.may_read(grant, member.staff_id, member.role):
                found.append(grant)
        if page.cursor is None:
            break
        cursor = page.cursor
    return found[:limit]


def _me(member: staff.StaffMember) -> Decision:
    return Decision(by_id=member.staff_id, by_name=member.name, at=int(clock.now()))


def approve(member: staff.StaffMember, grant_id: str, *, code: str, source_ip: str) -> Grant:
    """A lead's approval, with a fresh TOTP code of the lead's (counted like a sign-in
    guess): a stolen session alone cannot approve."""
    grant = _found(grant_id)
    approved = rules.approve_as_lead(grant, _me(member), member.role)
    account = StaffAccount(member.staff_id)
    record = account.record()
    if record is None:
        raise Forbidden("Access to this resource is denied.")
    try:
        signin.check_totp(account, record, code, source_ip=source_ip)
    except Unauthenticated:
        # The caller's session is good: a wrong code refuses this act, not the session.
        raise Forbidden("The code is not valid.", field="code") from None
    try:
        _save(grant, approved, _still(grant, "lead_approval"))
    except ConditionFailed:
        raise Conflict("This request changed meanwhile: read it again.") from None
    _told_approval(approved, actor=member.staff_id, source_ip=source_ip, by="lead")
    return approved


def _told_approval(grant: Grant, *, actor: str, source_ip: str, by: str) -> None:
    if grant.stored_state is State.APPROVED:
        _tell(
            grant,
            "approved",
            actor=actor,
            source_ip=source_ip,
            details={"by": by, "ends_at": clock.iso(grant.ends_at)},
        )
    else:  # an approval recorded, another still to come: the tenant's log has it
        audit.record(
            TenantContext.for_grant_record(grant.tenant_id),
            action="staff_access.approval_recorded",
            outcome="success",
            source_ip=source_ip,
            actor=actor,
            target=grant.grant_id,
            details={"grant_id": grant.grant_id, "by": by},
        )


def deny(member: staff.StaffMember, grant_id: str, *, reason: str, source_ip: str) -> Grant:
    if member.role is not StaffRole.LEAD:
        raise Forbidden("Only a lead denies access requests.")
    return _deny(_found(grant_id), replace(_me(member), reason=_reason(reason)), source_ip)


def _reason(reason: str) -> str:
    cleaned = reason.strip()
    if not cleaned:
        raise InvalidInput("A reason is required.", field="reason")
    return cleaned[: rules.MAX_REASON_LENGTH]


def _deny(grant: Grant, denier: Decision, source_ip: str) -> Grant:
    denied = rules.deny(grant, denier)
    try:
        _save(grant, denied, _still(grant))
    except ConditionFailed:
        raise Conflict("This request changed meanwhile: read it again.") from None
    _tell(denied, "denied", actor=denier.by_id, source_ip=source_ip)
    return denied


def revoke(member: staff.StaffMember, grant_id: str, *, source_ip: str) -> Grant:
    grant = _found(grant_id)
    if not rules.may_revoke(grant, member.staff_id, member.role):
        raise NotFound("No such access request.")
    return _revoke(grant, _me(member), source_ip)


def _revoke(grant: Grant, revoker: Decision, source_ip: str) -> Grant:
    revoked = rules.revoke(grant, revoker)
    try:
        _save(grant, revoked, _still(grant))
    except ConditionFailed:
        raise Conflict("This grant changed meanwhile: read it again.") from None
    _tell(revoked, "revoked", actor=revoker.by_id, source_ip=source_ip)
    return revoked


def record_expiries(grants: Iterable[Grant], *, source_ip: str) -> list[Grant]:
    """Write down the grants whose end (or whose 24 hours pending) has passed, and tell of
    it; each once, whichever run sees it first. Answers those this call wrote."""
    now = clock.now()
    written = []
    for grant in grants:
        state = grant.state_at(now)
        if state not in (State.EXPIRED, State.EXPIRED_PENDING) or state is grant.stored_state:
            continue
        try:
            PlatformRepository().update(
                GRANTS,
                (grant.grant_id,),
                set_values={"state": state.value},
                condition=_still(grant),
            )
        except ConditionFailed:
            continue  # revoked meanwhile, or written by another run
        expired = replace(grant, stored_state=state)
        details = {"state": state.value}
        _tell(expired, "expired", actor="platform", source_ip=source_ip, details=details)
        written.append(expired)
    return written


def open_grants(*, since_seconds: int) -> list[Grant]:
    """Grants requested within ``since_seconds`` still stored pending or approved: the only
    ones whose end can be due (a request waits 24 hours at most, a grant lasts 4)."""
    since = new_grant_id_at(clock.now() - since_seconds)
    found = []
    for item in PlatformRepository().query_all(GRANTS, sk_span=(since, "g-~")):
        grant = to_grant(item)
        if grant.stored_state in rules.REVOCABLE:
            found.append(grant)
    return found


def new_grant_id_at(moment: float) -> str:
    """The smallest grant id made at ``moment``: a bound for reading grants by time."""
    return f"g-{int(moment * 1000):012x}"


# ---------------------------------------------------------------- the tenant's use cases


def _admin(context: TenantContext) -> Decision:
    user_id = context.require_user()
    if context.role is not Role.ADMIN or context.grant is not None:
        raise Forbidden("Access to this resource is denied.")
    user = users.get_user(context, user_id)
    return Decision(by_id=user_id, by_name=user.name or user.email, at=int(clock.now()))


def _tenants_grant(context: TenantContext, grant_id: str) -> Grant:
    grant = get_grant(grant_id)
    if grant is None or grant.tenant_id != context.tenant_id:
        raise NotFound("No such access request.")
    return grant


def customer_approve(context: TenantContext, grant_id: str, *, source_ip: str) -> Grant:
    """The tenant admin's approval, where the tenant requires one (a customer lockbox)."""
    grant = _tenants_grant(context, grant_id)
    admin = _admin(context)
    approved = rules.approve_as_customer(grant, admin)
    try:
        _save(grant, approved, _still(grant, "customer_approval"))
    except ConditionFailed:
        raise Conflict("This request changed meanwhile: read it again.") from None
    _told_approval(approved, actor=admin.by_id, source_ip=source_ip, by="customer")
    return approved


def customer_deny(context: TenantContext, grant_id: str, *, reason: str, source_ip: str) -> Grant:
    grant = _tenants_grant(context, grant_id)
    return _deny(grant, replace(_admin(context), reason=_reason(reason)), source_ip)


def customer_revoke(context: TenantContext, grant_id: str, *, source_ip: str) -> Grant:
    grant = _tenants_grant(context, grant_id)
    return _revoke(grant, _admin(context), source_ip)


def list_for_tenant(context: TenantContext) -> list[tuple[Grant, int]]:
    """Every grant to the tenant of the last 12 months and every pending request, newest
    first, each with the number of requests made under it."""
    since = new_grant_id_at(clock.now() - HISTORY_SECONDS)
    items = PlatformRepository().query_all(
        _tenant_index(context.tenant_id), index="gsi1", sk_span=(since, "g-~")
    )
    listed = [(to_grant(item), int(item.get("requests", 0))) for item in items]
    return sorted(listed, key=lambda pair: pair[0].grant_id, reverse=True)


def active_within(tenant_id: str, since: float, until: float) -> list[tuple[Grant, int]]:
    """The tenant's grants active at some moment of [since, until], oldest first, each with
    the number of requests made under it: what the tenant's access review lists. A grant
    starts at most 24 hours after its request, so the index is read from a day before."""
    items = PlatformRepository().query_all(
        _tenant_index(tenant_id),
        index="gsi1",
        sk_span=(new_grant_id_at(since - rules.PENDING_SECONDS), "g-~"),
    )
    listed = [(to_grant(item), int(item.get("requests", 0))) for item in items]
    return sorted(
        (
            (grant, requests)
            for grant, requests in listed
            if review_rules.active_within(grant.starts_at, grant.ends_at, since, until)
        ),
        key=lambda pair: pair[0].grant_id,
    )


def revoke_if_open(context: TenantContext, grant_id: str, *, source_ip: str) -> None:
    """The tenant admin's revocation of a grant a review flags: it ends now if still active
    (or pending); one that ended already has nothing left to revoke."""
    grant = _tenants_grant(context, grant_id)
    if grant.state_at(clock.now()) in rules.REVOCABLE:
        _revoke(grant, _admin(context), source_ip)


def activity(context: TenantContext, grant_id: str) -> list[audit.AuditEvent]:
    """The requests made under one of the tenant's grants, oldest first (the tenant's log)."""
    _tenants_grant(context, grant_id)
    repository = TenantRepository(context)
    keys = [
        tuple(str(part) for part in (item["at"], item["event_id"]))
        for item in repository.query_all(_activity(grant_id))
    ]
    events = repository.get_many([(("AUDIT",), key) for key in keys])
    return [audit.AuditEvent.model_validate(event) for event in events if event is not None]


def _activity(grant_id: str) -> tuple[str, ...]:
    return ("STAFF-GRANT", grant_id)


# ---------------------------------------------------------------- a grant in use


def record_use(
    context: TenantContext, grant: Grant, *, route: str, status: int, source_ip: str
) -> None:
    """One request made under ``grant`` (``context`` its tenant, acting as the staff
    member): an event in the tenant's log, indexed for the grant's activity, counted on the
    grant; the first tells of the grant's first use."""
    event = audit.record(
        context,
        action="staff_access.request",
        outcome="success" if status < 400 else "failure",
        source_ip=source_ip,
        actor=grant.staff_id,
        target=grant.grant_id,
        details={
            "grant_id": grant.grant_id,
            "staff_name": grant.staff_name,
            "route": route,
            "status": str(status),
        },
    )
    TenantRepository(context).put(
        _activity(grant.grant_id),
        (event.at, event.event_id),
        {"at": event.at, "event_id": event.event_id},
    )
    counted = PlatformRepository().update(GRANTS, (grant.grant_id,), add={"requests": 1})
    if int(counted.get("requests", 0)) == 1:
        _tell(grant, "first_used", actor=grant.staff_id, source_ip=source_ip)


def pseudonymise_decisions(context: TenantContext, user_id: str, pseudonym: str) -> int:
    """Replace the name of the tenant's admin ``user_id`` with ``pseudonym`` in the
    decisions they made on the tenant's grants (for an erasure); the number of grants
    changed."""
    changed = 0
    for grant, _ in list_for_tenant(context):
        renamed = {
            name: {**asdict(decision), "by_name": pseudonym}
            for name in _DECISIONS
            if (decision := getattr(grant, name)) is not None and decision.by_id == user_id
        }
        if renamed:
            cleaned = {
                name: {k: v for k, v in value.items() if v is not None}
                for name, value in renamed.items()
            }
            PlatformRepository().update(GRANTS, (grant.grant_id,), set_values=cleaned)
            changed += 1
    return changed
