"""Quarterly access reviews of each tenant: opening them, deciding items, reminding the
reviewers, raising the alarm at the deadline, and the evidence for auditors.

A review lives in the tenant's key space under ``ACCESS_REVIEW#<review id>``: the review
itself (``REVIEW``, indexed under ``ACCESS_REVIEWS`` for listing) and one ``ITEM#<id>`` per
person and per staff grant to the tenant active since the previous quarter began, a snapshot
of that access when the review opened. The review id names the quarter
and the tenant (``domain.access_review.review_id_for``), so opening is claimed by a
conditional put of the review in state ``opening``: a second opening of the quarter finds it
and does nothing, and one cut short (a failed step, retried) finishes the items and opens
it. A decision is one transaction: the item (on the condition it is undecided) and the
review's count of decided items (on the condition the count and status are as read), so two
reviewers deciding at once cannot both count, nor one decide an item twice. ``revoke`` acts
through the users service before it is recorded: the person is disabled (their sessions end
at once) or, if only invited, removed (which cancels the invitation); a staff grant still
active is revoked.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from boto3.dynamodb.conditions import Attr, ConditionBase

from footprint.adapters import notifications
from footprint.adapters.repository import (
    ConditionFailed,
    PlatformRepository,
    Put,
    TenantRepository,
    Update,
)
from footprint.domain.access_review import (
    Decision,
    ReviewStatus,
    check_decision,
    deadlines,
    export_csv,
    overdue_message,
    quarter_of,
    review_id_for,
    reviewed_since,
    status_after,
)
from footprint.domain.errors import Conflict, NotFound
from footprint.domain.staff_access import Grant
from footprint.domain.tenancy import Role, TenantContext
from footprint.identity import audit, clock, staff_access, tenants, users
from footprint.observability import logger

WORKFLOW_SOURCE = "access-review-workflow"
WORKFLOW_ACTOR = "platform"
OPENING = "opening"  # claimed, items being written: not shown until it opens
REVIEWS = ("ACCESS_REVIEWS",)  # the index every review of a store is listed under
_DECISION_ATTEMPTS = 5
_SSO_METHODS = ("saml",)
_GRANT = "staff_grant"  # an item's kind: a staff grant to the tenant, co-signed by its admins


def partition(review_id: str) -> tuple[str, ...]:
    return ("ACCESS_REVIEW", review_id)


def review_key(review_id: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return partition(review_id), ("REVIEW",)


def item_key(review_id: str, item_id: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return partition(review_id), ("ITEM", item_id)


def _sign_in_method(user: users.User) -> str:
    """password or sso: how the user last signed in, else how they can; none for an invitee
    who has set no password yet."""
    if user.last_sign_in_method:
        return "sso" if user.last_sign_in_method in _SSO_METHODS else "password"
    return "password" if user.has_password else "none"


def _user_item(user: users.User) -> dict[str, Any]:
    return {
        "item_id": user.user_id,
        "kind": "user",
        "subject_id": user.user_id,
        "email": user.email,
        "name": user.name,
        "role": user.role.value,
        "status": user.status,
        "sign_in_method": _sign_in_method(user),
        "last_signed_in_at": user.last_signed_in_at,
        "mfa_enabled": user.mfa_enabled,
    }


def _grant_item(grant: Grant, requests: int) -> dict[str, Any]:
    approver = grant.lead_approval
    return {
        "item_id": grant.grant_id,
        "kind": _GRANT,
        "subject_id": grant.staff_id,
        "name": grant.staff_name,
        "role": grant.staff_role.value,
        "status": grant.stored_state.value,
        "scope": grant.scope.value,
        "grant_reason": grant.reason,
        "ticket": grant.ticket,
        "approved_by": approver.by_name if approver else None,
        "starts_at": clock.iso(grant.starts_at) if grant.starts_at is not None else None,
        "ends_at": clock.iso(grant.ends_at) if grant.ends_at is not None else None,
        "requests": requests,
    }


def _items(context: TenantContext, opened: datetime) -> list[dict[str, Any]]:
    """Every user of the tenant, and every staff grant to it active since the start of the
    previous quarter (the tenant's admins co-sign those)."""
    people = [_user_item(user) for user in users.list_users(context)]
    grants = staff_access.active_within(
        context.tenant_id, reviewed_since(opened).timestamp(), opened.timestamp()
    )
    return people + [
        {key: value for key, value in _grant_item(grant, requests).items() if value is not None}
        for grant, requests in grants
    ]


def _iso(moment: datetime) -> str:
    return clock.iso(moment.timestamp())


def open_once(
    repository: TenantRepository | PlatformRepository,
    identifier: str,
    opened: datetime,
    *,
    items_at: Callable[[datetime], list[dict[str, Any]]],
    status_of: Callable[[int], ReviewStatus],
    fields: Mapping[str, str],
) -> dict[str, Any] | None:
    """Open review ``identifier`` of ``opened``'s quarter, in either realm's store: claim it,
    write its items as they were at ``items_at`` its opening, then open it (``status_of`` its
    count of items). None when it is open already, or a concurrent opening finished it."""
    remind_at, due_at = deadlines(opened)
    claim: Mapping[str, Any] = {
        "review_id": identifier,
        "quarter": quarter_of(opened),
        **fields,
        "status": OPENING,
        "opened_at": _iso(opened),
        "remind_at": _iso(remind_at),
        "due_at": _iso(due_at),
    }
    try:
        repository.put(
            *review_key(identifier), claim, gsi1=(REVIEWS, (identifier,)), if_absent=True
        )
    except ConditionFailed:
        existing = repository.get(*review_key(identifier))
        if existing is None or existing.get("status") != OPENING:
            return None
        claim = existing  # an opening cut short: finish it with its own dates
    repository.delete_partition(partition(identifier), where=lambda sk: sk[0] == "ITEM")
    items = items_at(datetime.fromisoformat(str(claim["opened_at"])))
    repository.put_many(Put(*item_key(identifier, item["item_id"]), item) for item in items)
    try:
        return repository.update(
            *review_key(identifier),
            set_values={
                "status": status_of(len(items)).value,
                "item_count": len(items),
                "decided_count": 0,
            },
            condition=Attr("status").eq(OPENING),
        )
    except ConditionFailed:
        return None


def opened_details(review: Mapping[str, Any]) -> dict[str, str]:
    """What the audit log records of an opening."""
    return {"items": str(review["item_count"]), "due_at": str(review["due_at"])}


def open_review(context: TenantContext, opened: datetime) -> dict[str, Any] | None:
    """Open the tenant's review of ``opened``'s quarter; None when it is open already."""
    identifier = review_id_for(quarter_of(opened), context.tenant_id)
    review = open_once(
        TenantRepository(context),
        identifier,
        opened,
        items_at=lambda started: _items(context, started),
        status_of=lambda _count: ReviewStatus.OPEN,
        fields={"tenant_id": context.tenant_id},
    )
    if review is None:
        return None
    audit.record(
        context,
        action="access_review.opened",
        outcome="success",
        source_ip=WORKFLOW_SOURCE,
        actor=WORKFLOW_ACTOR,
        target=identifier,
        details=opened_details(review),
    )
    _tell_reviewers(context, review, "opened")
    return review


def shown(review: Mapping[str, Any] | None) -> dict[str, Any]:
    if review is None or review.get("status") == OPENING:
        raise NotFound("No such access review.")
    return dict(review)


def list_reviews(context: TenantContext) -> list[dict[str, Any]]:
    """The tenant's reviews, newest first."""
    return listed(TenantRepository(context))


def listed(repository: TenantRepository | PlatformRepository) -> list[dict[str, Any]]:
    """The store's reviews (those opened), newest first."""
    found = repository.query_all(REVIEWS, index="gsi1")
    reviews = [dict(review) for review in found if review.get("status") != OPENING]
    return sorted(reviews, key=lambda review: str(review["review_id"]), reverse=True)


def get_review(
    context: TenantContext, review_id: str
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The review and its items (in item order)."""
    repository = TenantRepository(context)
    review = shown(repository.get(*review_key(review_id)))
    items = [item for item in repository.query_all(partition(review_id)) if "item_id" in item]
    return review, sorted(items, key=lambda item: str(item["item_id"]))


def decide(
    context: TenantContext,
    review_id: str,
    item_id: str,
    *,
    decision: Decision,
    reason: str,
    source_ip: str,
) -> dict[str, Any]:
    """Record a reviewer's decision on one item (``revoke`` takes effect first); answers the
    decided item."""
    reviewer_id = context.require_user()
    repository = TenantRepository(context)
    shown(repository.get(*review_key(review_id)))
    item = repository.get(*item_key(review_id, item_id))
    if item is None:
        raise NotFound("No such item in this review.")
    cleaned = check_decision(
        reviewer_id=reviewer_id,
        subject_id=str(item["subject_id"]),
        decided="decision" in item,
        decision=decision,
        reason=reason,
    )
    if decision is Decision.REVOKE and item.get("kind") == _GRANT:
        staff_access.revoke_if_open(context, item_id, source_ip=source_ip)
    elif decision is Decision.REVOKE:
        _revoke(context, str(item["subject_id"]), source_ip)
    reviewer = users.get_user(context, reviewer_id)
    recorded = {
        "decision": decision.value,
        "reason": cleaned,
        "decided_by": reviewer_id,
        "decided_by_email": reviewer.email,
        "decided_at": clock.iso(),
    }
    record_decision(repository, review_id, item_id, recorded)
    audit.record(
        context,
        action=f"access_review.{'attested' if decision is Decision.ATTEST else 'revoked'}",
        outcome="success",
        source_ip=source_ip,
        target=str(item["subject_id"]),
        details={"review_id": review_id, "item_id": item_id, "reason": cleaned},
    )
    return {**item, **recorded}


def _revoke(context: TenantContext, user_id: str, source_ip: str) -> None:
    """End the user's access now: disable them (sessions end), or remove an invitee (the
    invitation is cancelled). Someone removed since the review opened has none left."""
    try:
        current = users.get_user(context, user_id)
    except NotFound:
        return
    if current.status == users.INVITED:
        users.delete_user(context, user_id, source_ip=source_ip)
    elif current.status == users.ACTIVE:
        users.update_user(context, user_id, role=None, disabled=True, source_ip=source_ip)


def record_decision(
    repository: TenantRepository | PlatformRepository,
    review_id: str,
    item_id: str,
    recorded: Mapping[str, Any],
) -> None:
    """Write a decision and count it on the review, once (the tenant's or the platform's
    review: the same keys in either store)."""
    for _ in range(_DECISION_ATTEMPTS):
        review = shown(repository.get(*review_key(review_id)))
        decided = int(review["decided_count"]) + 1
        status = status_after(
            decided,
            int(review["item_count"]),
            overdue=review["status"] == ReviewStatus.OVERDUE.value,
        )
        changes: dict[str, Any] = {"decided_count": decided, "status": status.value}
        if status is ReviewStatus.COMPLETED:
            changes["completed_at"] = recorded["decided_at"]
        try:
            repository.transact(
                [
                    Update(
                        *item_key(review_id, item_id),
                        set_values=recorded,
                        condition=Attr("decision").not_exists(),
                    ),
                    Update(
                        *review_key(review_id),
                        set_values=changes,
                        condition=Attr("decided_count").eq(decided - 1)
                        & Attr("status").eq(review["status"]),
                    ),
                ]
            )
            return
        except ConditionFailed:
            current = repository.get(*item_key(review_id, item_id))
            if current is None or "decision" in current:
                raise Conflict("This item has been decided already.") from None
    raise ConditionFailed()


def export(context: TenantContext, review_id: str, *, source_ip: str) -> tuple[bytes, str]:
    """The review as CSV and its SHA-256 (hex), which the audit log records with the export,
    so evidence handed to an auditor can be checked against the log."""
    review, items = get_review(context, review_id)
    body = export_csv(review, items)
    digest = hashlib.sha256(body).hexdigest()
    audit.record(
        context,
        action="access_review.exported",
        outcome="success",
        source_ip=source_ip,
        target=review_id,
        details={"format": "csv", "sha256": digest, "rows": str(len(items))},
    )
    return body, digest


# ---------------------------------------------------------------- the quarterly workflow


def _tenants() -> list[TenantContext]:
    """Every active tenant, as the workflow reaches it."""
    contexts = [TenantContext.for_workflow(tenant_id) for tenant_id in tenants.registered()]
    return [context for context in contexts if tenants.tenant_exists(context)]


def open_all(opened: datetime) -> dict[str, Any]:
    """Open ``opened``'s quarter's review of every active tenant (none twice); answers the
    quarter, the tenants whose review opened now, and when to remind and close."""
    opened_now = [
        context.tenant_id for context in _tenants() if open_review(context, opened) is not None
    ]
    remind_at, due_at = deadlines(opened)
    logger.info(
        "access reviews opened",
        extra={"event": "access_review.opened", "quarter": quarter_of(opened)},
    )
    return {
        "quarter": quarter_of(opened),
        "opened": opened_now,
        "opened_count": len(opened_now),
        "remind_at": _iso(remind_at),
        "due_at": _iso(due_at),
    }


def _open_past(
    repository: TenantRepository | PlatformRepository,
    review_id: str,
    moment: str,
    now: str,
    *,
    set_values: Mapping[str, Any],
    condition: ConditionBase,
) -> dict[str, Any] | None:
    """The review as it was, once ``set_values`` is written, if it is open and its ``moment``
    has come; None if not, or if ``condition`` failed (another run wrote it first)."""
    review = repository.get(*review_key(review_id))
    if (
        review is None
        or review.get("status") != ReviewStatus.OPEN.value
        or str(review[moment]) > now
    ):
        return None
    try:
        repository.update(*review_key(review_id), set_values=set_values, condition=condition)
    except ConditionFailed:
        return None
    return review


def reminder_due(
    repository: TenantRepository | PlatformRepository, review_id: str
) -> dict[str, Any] | None:
    """The review, now marked reminded, if it is open at its reminder and nobody was reminded
    yet (so each reminder goes once); else None."""
    now = clock.iso()
    return _open_past(
        repository,
        review_id,
        "remind_at",
        now,
        set_values={"reminded_at": now},
        condition=Attr("reminded_at").not_exists(),
    )


def deadline_passed(
    repository: TenantRepository | PlatformRepository, review_id: str
) -> dict[str, Any] | None:
    """The review, now marked overdue, if it is still open at its deadline; else None (it was
    completed, or closed by another run, meanwhile)."""
    now = clock.iso()
    return _open_past(
        repository,
        review_id,
        "due_at",
        now,
        set_values={"status": ReviewStatus.OVERDUE.value, "overdue_at": now},
        condition=Attr("status").eq(ReviewStatus.OPEN.value),
    )


def remind_all(quarter: str) -> list[str]:
    """Remind the reviewers of each open review of ``quarter`` whose reminder is due and not
    yet sent (once each); answers the tenants reminded."""
    reminded = []
    for context in _tenants():
        review_id = review_id_for(quarter, context.tenant_id)
        review = reminder_due(TenantRepository(context), review_id)
        if review is not None:
            _tell_reviewers(context, review, "reminder")
            reminded.append(context.tenant_id)
    return reminded


def close_all(quarter: str) -> list[str]:
    """Mark overdue each open review of ``quarter`` past its deadline and send the security
    topic the items nobody decided (once each); answers the tenants whose review is overdue."""
    overdue = []
    for context in _tenants():
        review_id = review_id_for(quarter, context.tenant_id)
        review = deadline_passed(TenantRepository(context), review_id)
        if review is not None:
            _raise_overdue_alarm(context, review)
            overdue.append(context.tenant_id)
    return overdue


def _raise_overdue_alarm(context: TenantContext, review: Mapping[str, Any]) -> None:
    review_id = str(review["review_id"])
    _, items = get_review(context, review_id)
    pending = [item for item in items if "decision" not in item]
    notifications.send(
        notifications.SECURITY_TOPIC,
        f"Access review {review_id} overdue",
        overdue_message(context.tenant_id, review_id, str(review["due_at"]), pending),
        {"tenant_id": context.tenant_id, "event": "access_review.overdue"},
    )
    logger.warning(
        "access review overdue",
        extra={
            "event": "access_review.overdue",
            "tenant_id": context.tenant_id,
            "review_id": review_id,
            "undecided": len(pending),
        },
    )
    audit.record(
        context,
        action="access_review.overdue",
        outcome="failure",
        source_ip=WORKFLOW_SOURCE,
        actor=WORKFLOW_ACTOR,
        target=review_id,
        details={"undecided": ",".join(str(item["item_id"]) for item in pending)},
    )


def _tell_reviewers(context: TenantContext, review: Mapping[str, Any], kind: str) -> None:
    """A message to the reviewers' topic (the tenant's admins, by e-mail), which names the
    review and its deadline and no one's access."""
    reviewers = sorted(
        user.email
        for user in users.list_users(context)
        if user.role is Role.ADMIN and user.status == users.ACTIVE
    )
    review_id = str(review["review_id"])
    opening = "is open" if kind == "opened" else "still awaits decisions"
    notifications.send(
        notifications.ACCESS_REVIEW_TOPIC,
        f"Access review {review_id} {opening}",
        f"The access review {review_id} of your Footprint organisation {opening}: decide each "
        f"item (attest or revoke) by {review['due_at']} at /v1/access-reviews/{review_id}.\n"
        f"Reviewers: {', '.join(reviewers)}",
        {
            "tenant_id": context.tenant_id,
            "event": f"access_review.{kind}",
            "to": ",".join(reviewers),
        },
    )


def erase_person(context: TenantContext, user_id: str) -> int:
    """Remove the name and e-mail of ``user_id`` from every review item about them or
    decided by them (for an erasure); the number of items changed."""
    repository = TenantRepository(context)
    changed = 0
    for review in list_reviews(context):
        review_id = str(review["review_id"])
        for item in get_review(context, review_id)[1]:
            remove = [
                *(("email", "name") if item.get("subject_id") == user_id else ()),
                *(("decided_by_email",) if item.get("decided_by") == user_id else ()),
            ]
            if remove:
                repository.update(*item_key(review_id, str(item["item_id"])), remove=remove)
                changed += 1
    return changed
