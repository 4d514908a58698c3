"""Audit events: who did what, when, from where, with what outcome.

Stored under the tenant (``TENANT#<id>#AUDIT``, newest first by time) and readable by the
tenant's admins and auditors. Details are screened: no key that names a password, token,
code, secret or assertion is accepted, so a careless caller fails loudly in tests instead
of writing a credential into the log. Sign-in failures for an e-mail that matches no tenant
go to a platform-level log (``PLATFORM#AUDIT#<day>``) with the e-mail hashed, beside the
events of the platform's own staff (their records, sign-ins and grants).

Each log is a hash chain (``footprint.domain.audit_chain``), the platform's a set of chains
(lanes) of which each event joins one at random: an event is written in one transaction with
its chain's head item, on the condition that the head is still the one the event was sealed
after. Of two events recorded at once, one wins and the other seals itself again after the
winner, so a chain never forks.

An event's source address enters its chain as its network and a keyed digest (chain version
2, ``audit_chain``), under the platform's audit key (``FOOTPRINT_AUDIT_DIGEST_KEY``, from the
secret store through the functions' environment), so that the retention job
(``footprint.identity.ip_retention``) can truncate it after 13 months without breaking the
chain. Without the key an event is sealed as before (version 1, the full address hashed):
the audited action still happens, and the job re-anchors such events when it truncates them.
"""

from __future__ import annotations

import functools
import hashlib
import operator
import os
import random
import re
import time
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from boto3.dynamodb.conditions import Attr, ConditionBase
from pydantic import BaseModel

from footprint.adapters.repository import (
    ConditionFailed,
    KeyParts,
    PlatformRepository,
    Put,
    TenantRepository,
    Update,
    Write,
)
from footprint.domain import audit_chain, audit_ip, keys
from footprint.domain.tenancy import TenantContext
from footprint.identity import clock

DIGEST_KEY_VARIABLE = "FOOTPRINT_AUDIT_DIGEST_KEY"
# The scope of the platform's log in its keyed digests (a tenant's is its id).
PLATFORM_SCOPE = "platform"

_FORBIDDEN_DETAIL = re.compile(
    r"pass|token|code|secret|assertion|otp|session|credential|private", re.IGNORECASE
)
_MAX_DETAIL_LENGTH = 200
# A burst of events for one log contends for its head: each round, one writer wins.
_APPEND_ATTEMPTS = 25
_BACKOFF_SECONDS = 0.004


class AuditEvent(BaseModel):
    event_id: str
    at: str
    action: str
    outcome: str
    actor: str | None = None
    target: str | None = None
    source_ip: str
    details: dict[str, str] = {}


def audit_key(scope: str) -> audit_chain.AuditKey | None:
    """The platform's audit key for the log ``scope`` names, None where it is not set."""
    key = os.environ.get(DIGEST_KEY_VARIABLE, "")
    return audit_chain.AuditKey(key.encode(), scope) if key else None


def _keyed(fields: Mapping[str, Any], scope: str) -> dict[str, Any]:
    """``fields`` in the chain form that lets the address be truncated later (version 2):
    its keyed digest beside it. Without the key, as they are (version 1)."""
    key = audit_key(scope)
    if key is None:
        return dict(fields)
    source = str(fields["source_ip"])
    return {
        **fields,
        audit_chain.VERSION_FIELD: audit_chain.KEYED_IP,
        audit_chain.DIGEST_FIELD: audit_ip.digest(key.key, scope, source),
    }


def _screen(details: Mapping[str, str] | None) -> dict[str, str]:
    screened: dict[str, str] = {}
    for name, value in (details or {}).items():
        if _FORBIDDEN_DETAIL.search(name):
            raise ValueError(f"audit details must not carry credentials ({name!r})")
        screened[name] = str(value)[:_MAX_DETAIL_LENGTH]
    return screened


def _event(
    *,
    action: str,
    outcome: str,
    source_ip: str,
    actor: str | None,
    target: str | None,
    details: Mapping[str, str] | None,
) -> AuditEvent:
    if outcome not in ("success", "failure"):
        raise ValueError("outcome is success or failure")
    return AuditEvent(
        event_id=uuid.uuid4().hex,
        at=clock.iso(),
        action=action,
        outcome=outcome,
        actor=actor,
        target=target,
        source_ip=source_ip,
        details=_screen(details),
    )


def record(
    context: TenantContext,
    *,
    action: str,
    outcome: str,
    source_ip: str,
    actor: str | None = None,
    target: str | None = None,
    details: Mapping[str, str] | None = None,
    alongside: Sequence[Write] = (),
) -> AuditEvent:
    """Append the event to the tenant's log; ``alongside`` are the changes it records,
    written in the same transaction (see ``append``), so the event is in the log exactly
    when they are made."""
    event = _event(
        action=action,
        outcome=outcome,
        source_ip=source_ip,
        actor=actor if actor is not None else context.user_id,
        target=target,
        details=details,
    )
    append(
        TenantRepository(context),
        ("AUDIT",),
        (event.at, event.event_id),
        _keyed(event.model_dump(exclude_none=True), context.tenant_id),
        alongside=alongside,
    )
    return event


def record_unknown_account(email: str, *, action: str, source_ip: str) -> None:
    """A failed sign-in for an e-mail no tenant has: kept for the operator, e-mail hashed."""
    digest = hashlib.sha256(email.strip().lower().encode("utf-8")).hexdigest()
    at = clock.iso()
    event_id = uuid.uuid4().hex
    append(
        PlatformRepository(),
        ("AUDIT", at[:10]),
        (at, event_id),
        _keyed(
            {
                "event_id": event_id,
                "at": at,
                "action": action,
                "outcome": "failure",
                "source_ip": source_ip,
                "email_sha256": digest,
            },
            PLATFORM_SCOPE,
        ),
        lanes=audit_chain.PLATFORM_LANES,
    )


def append(
    repository: TenantRepository | PlatformRepository,
    pk: KeyParts,
    sk: KeyParts,
    fields: Mapping[str, Any],
    *,
    lanes: Sequence[str] = (),
    alongside: Sequence[Write] = (),
) -> None:
    """Write the event ``fields`` (with ``event_id`` and ``at``) at ``pk``/``sk`` as the next
    link of the repository's chain, or of one of its ``lanes`` drawn at random, sealing it
    again (in a lane drawn anew) after whichever event won a race. ``alongside`` are written
    in the same transaction (the changes a truncation event accounts for)."""
    for attempt in range(_APPEND_ATTEMPTS):
        head_key: tuple[KeyParts, KeyParts] = audit_chain.HEAD
        linked = dict(fields)
        if lanes:
            lane = random.choice(lanes)  # noqa: S311 (spreading writes, not a secret)
            head_key, linked["lane"] = audit_chain.lane_head(lane), lane
        after = _head(repository.get(*head_key))
        sealed = audit_chain.seal(linked, after)
        head = audit_chain.head_of(sealed).to_attributes()
        if after is None:
            # "since": the chain's first day, from which the platform's daily logs are read.
            moved = Update(
                *head_key,
                set_values={**head, "since": str(fields["at"])[:10]},
                condition=Attr("pk").not_exists(),
                must_exist=False,
            )
        else:
            moved = Update(
                *head_key, set_values=head, condition=Attr("sequence").eq(after.sequence)
            )
        try:
            repository.transact([*alongside, Put(pk, sk, sealed), moved])
            return
        except ConditionFailed:
            if attempt + 1 == _APPEND_ATTEMPTS:
                raise
            time.sleep(random.uniform(0, _BACKOFF_SECONDS * (attempt + 1)))  # noqa: S311


def verify_tenant(
    context: TenantContext, vault_head: audit_chain.Head | None = None
) -> audit_chain.Verdict:
    """Walk the tenant's log (see ``audit_chain.walk``)."""
    repository = TenantRepository(context)
    return audit_chain.walk(
        repository.query_all(("AUDIT",), page_size=500),
        recorded_head=_head(repository.get(*audit_chain.HEAD)),
        vault_head=vault_head,
        key=audit_key(context.tenant_id),
    )


def verify_platform(
    vault_heads: Mapping[str, audit_chain.Head] | None = None,
) -> audit_chain.Verdict:
    """Walk the platform's log, every lane (see ``audit_chain.walk_lanes``): its daily
    partitions from the first lane's first day to today."""
    repository = PlatformRepository()
    items = repository.get_many(
        [audit_chain.lane_head(lane) for lane in audit_chain.PLATFORM_LANES]
    )
    heads = dict(zip(audit_chain.PLATFORM_LANES, items, strict=True))
    begun = [item for item in heads.values() if item is not None]
    events: Iterator[dict[str, Any]] = iter(())
    if begun:
        since = min(str(item["since"]) for item in begun)
        last = max(str(item["at"])[:10] for item in begun)
        events = (
            event
            for day in _days(since, last)
            for event in repository.query_all(("AUDIT", day), page_size=500)
        )
    return audit_chain.walk_lanes(
        events,
        recorded_heads={lane: _head(item) for lane, item in heads.items()},
        vault_heads=vault_heads,
        key=audit_key(PLATFORM_SCOPE),
    )


def _head(item: Mapping[str, Any] | None) -> audit_chain.Head | None:
    return audit_chain.Head.from_attributes(item) if item else None


def _days(first: str, last: str) -> Iterator[str]:
    """Every day from ``first`` to the later of ``last`` and today (``YYYY-MM-DD``)."""
    today = datetime.fromtimestamp(clock.now(), UTC).date().isoformat()
    return days_between(first, max(last, today))


def days_between(first: str, last: str) -> Iterator[str]:
    """Every day from ``first`` to ``last``, both included (``YYYY-MM-DD``)."""
    day, end = date.fromisoformat(first), date.fromisoformat(last)
    while day <= end:
        yield day.isoformat()
        day += timedelta(days=1)


def record_platform(
    *,
    action: str,
    outcome: str,
    source_ip: str,
    actor: str,
    target: str | None = None,
    details: Mapping[str, str] | None = None,
) -> AuditEvent:
    """An event of the platform's own: staff records, staff sign-ins, grants."""
    event = _event(
        action=action,
        outcome=outcome,
        source_ip=source_ip,
        actor=actor,
        target=target,
        details=details,
    )
    append(
        PlatformRepository(),
        ("AUDIT", event.at[:10]),
        (event.at, event.event_id),
        _keyed(event.model_dump(exclude_none=True), PLATFORM_SCOPE),
        lanes=audit_chain.PLATFORM_LANES,
    )
    return event


def list_platform_events(day: str) -> list[AuditEvent]:
    """The platform's events of one day (``YYYY-MM-DD``), staff's only (not the hashed
    e-mails of failed sign-ins)."""
    items = PlatformRepository().query_all(("AUDIT", day))
    return [AuditEvent.model_validate(item) for item in items if "email_sha256" not in item]


@dataclass(frozen=True)
class EventFilter:
    """Which of a tenant's events to list: by who acted, by action (``user.`` matches every
    ``user.*``), and from ``since`` to ``until`` (instants, both included)."""

    actor: str | None = None
    action: str | None = None
    since: datetime | None = None
    until: datetime | None = None

    def span(self) -> tuple[str, str] | None:
        """The sort-key range of the times asked for (events sort by their ``at``)."""
        if self.since is None and self.until is None:
            return None
        first = clock.iso(self.since.timestamp()) if self.since else "0000"
        last = clock.iso(self.until.timestamp()) if self.until else "9999"
        return keys.sort_range(first, last)

    def condition(self) -> ConditionBase | None:
        parts: list[ConditionBase] = []
        if self.actor:
            parts.append(Attr("actor").eq(self.actor))
        if self.action:
            parts.append(Attr("action").begins_with(self.action))
        return functools.reduce(operator.and_, parts) if parts else None


# Events read at most for one page of a filtered list: a filter that matches few events of a
# long log answers in bounded time, with a shorter page and a cursor to carry on from.
_READ_PER_PAGE = 1000


def list_events(
    context: TenantContext,
    *,
    limit: int = 50,
    cursor: Mapping[str, Any] | None = None,
    where: EventFilter = EventFilter(),
) -> tuple[list[AuditEvent], dict[str, Any] | None]:
    """The tenant's events newest first, ``limit`` at most, and the cursor of the next page
    (None when no more follow)."""
    repository = TenantRepository(context)
    span, condition = where.span(), where.condition()
    events: list[AuditEvent] = []
    read = 0
    position = cursor
    while True:
        # Asking for no more than are still wanted keeps the cursor exact: every item read
        # is either listed or filtered out.
        wanted = limit - len(events)
        page = repository.query(
            ("AUDIT",),
            limit=wanted,
            cursor=position,
            newest_first=True,
            sk_span=span,
            where=condition,
        )
        events += [AuditEvent.model_validate(item) for item in page.items]
        read += wanted
        position = page.cursor
        if position is None or len(events) >= limit or read >= _READ_PER_PAGE:
            return events, position
