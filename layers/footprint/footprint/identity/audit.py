"""Audit events: who did what, when, from where, with what outcome.

Stored under the tenant (``TENANT#<id>#AUDIT``, newest first by time) and readable by the
tenant's admins and auditors. Details are screened: no key that names a password, token,
code, secret or assertion is accepted, so a careless caller fails loudly in tests instead
of writing a credential into the log. Sign-in failures for an e-mail that matches no tenant
go to a platform-level log (``PLATFORM#AUDIT#<day>``) with the e-mail hashed, beside the
events of the platform's own staff (their records, sign-ins and grants).
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from footprint.adapters.repository import PlatformRepository, TenantRepository
from footprint.domain.tenancy import TenantContext
from footprint.identity import clock

_FORBIDDEN_DETAIL = re.compile(
    r"pass|token|code|secret|assertion|otp|session|credential|private", re.IGNORECASE
)
_MAX_DETAIL_LENGTH = 200


class AuditEvent(BaseModel):
    event_id: str
    at: str
    action: str
    outcome: str
    actor: str | None = None
    target: str | None = None
    source_ip: str
    details: dict[str, str] = {}


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
) -> AuditEvent:
    event = _event(
        action=action,
        outcome=outcome,
        source_ip=source_ip,
        actor=actor if actor is not None else context.user_id,
        target=target,
        details=details,
    )
    TenantRepository(context).put(
        ("AUDIT",), (event.at, event.event_id), event.model_dump(exclude_none=True)
    )
    return event


def record_unknown_account(email: str, *, action: str, source_ip: str) -> None:
    """A failed sign-in for an e-mail no tenant has: kept for the operator, e-mail hashed."""
    digest = hashlib.sha256(email.strip().lower().encode("utf-8")).hexdigest()
    at = clock.iso()
    PlatformRepository().put(
        ("AUDIT", at[:10]),
        (at, uuid.uuid4().hex),
        {"action": action, "outcome": "failure", "source_ip": source_ip, "email_sha256": digest},
    )


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
    PlatformRepository().put(
        ("AUDIT", event.at[:10]), (event.at, event.event_id), event.model_dump(exclude_none=True)
    )
    return event


def list_platform_events(day: str) -> list[AuditEvent]:
    """The platform's events of one day (``YYYY-MM-DD``), staff's only (not the hashed
    e-mails of failed sign-ins)."""
    items = PlatformRepository().query_all(("AUDIT", day))
    return [AuditEvent.model_validate(item) for item in items if "event_id" in item]


def list_events(
    context: TenantContext, *, limit: int = 50, cursor: Mapping[str, Any] | None = None
) -> tuple[list[AuditEvent], dict[str, Any] | None]:
    page = TenantRepository(context).query(
        ("AUDIT",), limit=limit, cursor=cursor, newest_first=True
    )
    return [AuditEvent.model_validate(item) for item in page.items], page.cursor
