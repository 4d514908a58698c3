"""Everything the platform holds about one of a tenant's users, for their right of access
(GDPR art. 15, CCPA right to know): profile, sessions, audit events naming them as actor
or target, their access-review items, and the staff-access decisions they made as an admin.

Secrets (password hashes, TOTP seeds, recovery codes, refresh-token digests) are held
about the person too but are never answered: the export says they exist, not what they are.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from footprint.adapters.repository import TenantRepository
from footprint.domain.errors import Conflict, NotFound
from footprint.domain.tenancy import TenantContext
from footprint.identity import access_reviews, audit, staff_access, users

# Session attributes that are the person's data; the rest are token digests.
_SESSION_FIELDS = (
    "status",
    "method",
    "device",
    "created_at",
    "issued_at",
    "source_ip",
    "last_used_at",
    "last_ip",
)
_EVENTS_PER_PAGE = 200


class PersonalData(BaseModel):
    profile: dict[str, Any]
    sessions: list[dict[str, Any]]
    audit_events: list[audit.AuditEvent]
    access_review_items: list[dict[str, Any]]
    staff_access_decisions: list[dict[str, Any]]


def _sessions(context: TenantContext, user_id: str) -> list[dict[str, Any]]:
    partition = users.profile(user_id)[0]
    found = TenantRepository(context).query(partition, sk_prefix=("SESSION",), limit=1000)
    return [{name: item[name] for name in _SESSION_FIELDS if name in item} for item in found.items]


def _events(context: TenantContext, user_id: str) -> list[audit.AuditEvent]:
    """Every event of the tenant's log whose actor or target is the person."""
    named: list[audit.AuditEvent] = []
    cursor: dict[str, Any] | None = None
    while True:
        events, cursor = audit.list_events(context, limit=_EVENTS_PER_PAGE, cursor=cursor)
        named += [event for event in events if user_id in (event.actor, event.target)]
        if cursor is None:
            return named


def _review_items(context: TenantContext, user_id: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for review in access_reviews.list_reviews(context):
        _, listed = access_reviews.get_review(context, str(review["review_id"]))
        items += [
            {"review_id": review["review_id"], **item}
            for item in listed
            if item.get("subject_id") == user_id or item.get("decided_by") == user_id
        ]
    return items


def _decisions(context: TenantContext, user_id: str) -> list[dict[str, Any]]:
    decisions: list[dict[str, Any]] = []
    for grant, _ in staff_access.list_for_tenant(context):
        for kind, decision in (
            ("customer_approval", grant.customer_approval),
            ("closed", grant.closed),
        ):
            if decision is not None and decision.by_id == user_id:
                decisions.append(
                    {
                        "grant_id": grant.grant_id,
                        "decision": kind,
                        "by_name": decision.by_name,
                        "at": decision.at,
                        **({"reason": decision.reason} if decision.reason else {}),
                    }
                )
    return decisions


def export(context: TenantContext, user_id: str) -> PersonalData:
    """What the tenant holds about ``user_id`` (NotFound when no such user)."""
    user = users.get_user(context, user_id)
    return PersonalData(
        profile={
            "user_id": user.user_id,
            "email": user.email,
            "name": user.name,
            "role": user.role.value,
            "status": user.status,
            "mfa_enabled": user.mfa_enabled,
            "has_password": user.has_password,
            "last_signed_in_at": user.last_signed_in_at,
            "last_sign_in_method": user.last_sign_in_method,
        },
        sessions=_sessions(context, user_id),
        audit_events=_events(context, user_id),
        access_review_items=_review_items(context, user_id),
        staff_access_decisions=_decisions(context, user_id),
    )


def erase(context: TenantContext, user_id: str, *, source_ip: str) -> None:
    """Erase a disabled or deleted user's name and e-mail everywhere the tenant holds them
    (right to erasure). A disabled user is deleted first (profile, sessions, invitation and
    e-mail registration go); review items and grant decisions keep their facts with the
    person's user id, which audit events already name them by, as the stable pseudonym."""
    record = users.get_record(context, user_id)
    if record is not None:
        if record.get("status") != users.DISABLED:
            raise Conflict("Disable the user before erasing them.")
        users.delete_user(context, user_id, source_ip=source_ip)
    reviewed = access_reviews.erase_person(context, user_id)
    decided = staff_access.pseudonymise_decisions(context, user_id, user_id)
    if record is None and not reviewed and not decided:
        # Never this tenant's user, or nothing of theirs is left: an id of another tenant's
        # user answers as an unknown one, and no event records a guess.
        raise NotFound("This tenant holds no user, and nothing of a user, with this id.")
    audit.record(
        context,
        action="user.erased",
        outcome="success",
        source_ip=source_ip,
        target=user_id,
        details={"review_items": str(reviewed), "grant_decisions": str(decided)},
    )
