"""The platform's quarterly access review: every member of staff and every staff grant.

One review per quarter (``2026-q4-platform``), kept in the platform's store under the same
keys as a tenant's review (``PLATFORM#ACCESS_REVIEW#<id>``: the review, indexed under
``ACCESS_REVIEWS``, and one ``ITEM#<id>`` per member of staff and per grant active since the
previous quarter began). The reviewers are the ``security`` staff; nobody decides their own
item, nor a grant of their own. ``revoke`` acts before it is recorded: a member of staff is
disabled (every session ends at once), a grant still active is revoked.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from footprint.adapters import notifications
from footprint.adapters.repository import PlatformRepository
from footprint.domain.access_review import (
    Decision,
    active_within,
    check_decision,
    export_csv,
    overdue_message,
    platform_review_id_for,
    quarter_of,
    reviewed_since,
    status_after,
)
from footprint.domain.errors import Forbidden, NotFound
from footprint.domain.staff_access import PENDING_SECONDS, REVOCABLE, StaffRole
from footprint.identity import audit, clock, staff, staff_access
from footprint.identity.access_reviews import (
    WORKFLOW_ACTOR,
    WORKFLOW_SOURCE,
    deadline_passed,
    item_key,
    listed,
    open_once,
    opened_details,
    partition,
    record_decision,
    reminder_due,
    review_key,
    shown,
)

_STAFF, _GRANT = "staff", "staff_grant"  # the items' kinds


def _staff_item(member: staff.StaffMember) -> dict[str, Any]:
    return {
        "item_id": member.staff_id,
        "kind": _STAFF,
        "subject_id": member.staff_id,
        "email": member.email,
        "name": member.name,
        "role": member.role.value,
        "status": member.status,
        "last_signed_in_at": member.last_sign_in,
        "mfa_enabled": member.mfa_enabled,
    }


def _grant_items(opened: datetime) -> list[dict[str, Any]]:
    since, until = reviewed_since(opened).timestamp(), opened.timestamp()
    found = PlatformRepository().query_all(
        staff_access.GRANTS,
        sk_span=(staff_access.new_grant_id_at(since - PENDING_SECONDS), "g-~"),
    )
    items = []
    for record in found:
        grant = staff_access.to_grant(record)
        if not active_within(grant.starts_at, grant.ends_at, since, until):
            continue
        approver = grant.lead_approval
        item = {
            "item_id": grant.grant_id,
            "kind": _GRANT,
            "subject_id": grant.staff_id,
            "grant_tenant_id": grant.tenant_id,
            "name": grant.staff_name,
            "role": grant.staff_role.value,
            "status": grant.stored_state.value,
            "scope": grant.scope.value,
            "grant_reason": grant.reason,
            "ticket": grant.ticket,
            "approved_by": approver.by_name if approver else None,
            "starts_at": clock.iso(grant.starts_at) if grant.starts_at is not None else None,
            "ends_at": clock.iso(grant.ends_at) if grant.ends_at is not None else None,
            "requests": int(record.get("requests", 0)),
        }
        items.append({key: value for key, value in item.items() if value is not None})
    return items


def _items(started: datetime) -> list[dict[str, Any]]:
    return [_staff_item(member) for member in staff.list_members()] + _grant_items(started)


def open_review(opened: datetime) -> dict[str, Any] | None:
    """Open the platform's review of ``opened``'s quarter; None when it is open already."""
    identifier = platform_review_id_for(quarter_of(opened))
    review = open_once(
        PlatformRepository(),
        identifier,
        opened,
        items_at=_items,
        # no staff yet: nothing to decide, the review is complete as it opens
        status_of=lambda count: status_after(0, count, overdue=False),
        fields={},
    )
    if review is None:
        return None
    audit.record_platform(
        action="access_review.opened",
        outcome="success",
        source_ip=WORKFLOW_SOURCE,
        actor=WORKFLOW_ACTOR,
        target=identifier,
        details=opened_details(review),
    )
    _tell_reviewers(review, "opened")
    return review


def _reviewer(member: staff.StaffMember) -> None:
    if member.role is not StaffRole.SECURITY or member.status != staff.ACTIVE:
        raise Forbidden("Only security staff review the platform's access.")


def list_reviews(member: staff.StaffMember) -> list[dict[str, Any]]:
    """The platform's reviews, newest first."""
    _reviewer(member)
    return listed(PlatformRepository())


def get_review(
    member: staff.StaffMember, review_id: str
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    _reviewer(member)
    return _read(review_id)


def _read(review_id: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    repository = PlatformRepository()
    review = shown(repository.get(*review_key(review_id)))
    items = [item for item in repository.query_all(partition(review_id)) if "item_id" in item]
    return review, sorted(items, key=lambda item: str(item["item_id"]))


def decide(
    member: staff.StaffMember,
    review_id: str,
    item_id: str,
    *,
    decision: Decision,
    reason: str,
    source_ip: str,
) -> dict[str, Any]:
    """A security reviewer's decision on one item (``revoke`` takes effect first)."""
    _reviewer(member)
    repository = PlatformRepository()
    shown(repository.get(*review_key(review_id)))
    item = repository.get(*item_key(review_id, item_id))
    if item is None:
        raise NotFound("No such item in this review.")
    cleaned = check_decision(
        reviewer_id=member.staff_id,
        subject_id=str(item["subject_id"]),
        decided="decision" in item,
        decision=decision,
        reason=reason,
    )
    if decision is Decision.REVOKE:
        _revoke(member, item, source_ip)
    recorded = {
        "decision": decision.value,
        "reason": cleaned,
        "decided_by": member.staff_id,
        "decided_by_email": member.email,
        "decided_at": clock.iso(),
    }
    record_decision(repository, review_id, item_id, recorded)
    audit.record_platform(
        action=f"access_review.{'attested' if decision is Decision.ATTEST else 'revoked'}",
        outcome="success",
        source_ip=source_ip,
        actor=member.staff_id,
        target=str(item["subject_id"]),
        details={"review_id": review_id, "item_id": item_id, "reason": cleaned},
    )
    return {**item, **recorded}


def _revoke(member: staff.StaffMember, item: Mapping[str, Any], source_ip: str) -> None:
    """Disable the member of staff now, or end the grant if it is still open."""
    if item["kind"] == _STAFF:
        try:
            current = staff.get_member(str(item["subject_id"]))
        except NotFound:
            return
        if current.status == staff.ACTIVE:
            staff.set_status(
                current.staff_id, active=False, actor=member.staff_id, source_ip=source_ip
            )
        return
    grant = staff_access.get_grant(str(item["item_id"]))
    if grant is not None and grant.state_at(clock.now()) in REVOCABLE:
        staff_access.revoke(member, grant.grant_id, source_ip=source_ip)


def export(member: staff.StaffMember, review_id: str, *, source_ip: str) -> tuple[bytes, str]:
    """The review as CSV and its SHA-256 (hex), recorded in the platform's audit log."""
    review, items = get_review(member, review_id)
    body = export_csv(review, items)
    digest = hashlib.sha256(body).hexdigest()
    audit.record_platform(
        action="access_review.exported",
        outcome="success",
        source_ip=source_ip,
        actor=member.staff_id,
        target=review_id,
        details={"format": "csv", "sha256": digest, "rows": str(len(items))},
    )
    return body, digest


# ---------------------------------------------------------------- the quarterly workflow


def remind(quarter: str) -> bool:
    """Remind the security staff if the quarter's review is open at its reminder (once)."""
    review = reminder_due(PlatformRepository(), platform_review_id_for(quarter))
    if review is None:
        return False
    _tell_reviewers(review, "reminder")
    return True


def close(quarter: str) -> bool:
    """Mark the quarter's review overdue at its deadline and send the security topic the
    items nobody decided (once)."""
    review_id = platform_review_id_for(quarter)
    review = deadline_passed(PlatformRepository(), review_id)
    if review is None:
        return False
    _, items = _read(review_id)
    pending = [item for item in items if "decision" not in item]
    notifications.send(
        notifications.SECURITY_TOPIC,
        f"Access review {review_id} overdue",
        overdue_message(None, review_id, str(review["due_at"]), pending),
        {"event": "access_review.overdue", "review_id": review_id},
    )
    audit.record_platform(
        action="access_review.overdue",
        outcome="failure",
        source_ip=WORKFLOW_SOURCE,
        actor=WORKFLOW_ACTOR,
        target=review_id,
        details={"undecided": ",".join(str(item["item_id"]) for item in pending)},
    )
    return True


def _tell_reviewers(review: Mapping[str, Any], kind: str) -> None:
    """A message to the reviewers' topic for the security staff, naming the review and its
    deadline, and no one's access."""
    reviewers = sorted(
        member.email
        for member in staff.list_members()
        if member.role is StaffRole.SECURITY and member.status == staff.ACTIVE
    )
    review_id = str(review["review_id"])
    opening = "is open" if kind == "opened" else "still awaits decisions"
    notifications.send(
        notifications.ACCESS_REVIEW_TOPIC,
        f"Access review {review_id} {opening}",
        f"The platform's access review {review_id} {opening}: decide each item (attest or "
        f"revoke) by {review['due_at']} at /v1/staff/access-reviews/{review_id}.\n"
        f"Reviewers: {', '.join(reviewers)}",
        {
            "event": f"access_review.{kind}",
            "review_id": review_id,
            **({"to": ",".join(reviewers)} if reviewers else {}),  # SNS refuses an empty one
        },
    )
