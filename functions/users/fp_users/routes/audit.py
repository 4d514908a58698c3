"""/v1/audit: the tenant's audit events, newest first, filtered by actor, action and time
(admins and auditors)."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Query
from aws_lambda_powertools.event_handler.router import APIGatewayRouter
from pydantic import AwareDatetime, BaseModel

from footprint.api.access import current_context, roles
from footprint.api.cursors import decode_cursor, encode_cursor
from footprint.domain.tenancy import Role
from footprint.identity import audit

router = APIGatewayRouter()  # type: ignore[no-untyped-call]

CURSOR_PURPOSE = "audit"


class AuditPage(BaseModel):
    events: list[audit.AuditEvent]
    next_cursor: str | None = None


@router.get(
    "/v1/audit",
    summary="Audit events: sign-ins, failures, lockouts, MFA, role and settings changes",
    description=(
        "Newest first, filtered by actor (a user id), action (`user.` matches every `user.*`) "
        "and time (from, to: instants, both included). A filtered page may hold fewer than "
        "`limit` events while `next_cursor` says more follow."
    ),
    tags=["audit"],
    openapi_extensions=roles(Role.ADMIN, Role.AUDITOR, identity=True),
)
def list_audit(
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Annotated[str | None, Query(max_length=2048)] = None,
    actor: Annotated[str | None, Query(max_length=200)] = None,
    action: Annotated[str | None, Query(max_length=100)] = None,
    since: Annotated[AwareDatetime | None, Query(alias="from")] = None,
    until: Annotated[AwareDatetime | None, Query(alias="to")] = None,
) -> AuditPage:
    context = current_context(router)
    position = decode_cursor(context, cursor, purpose=CURSOR_PURPOSE) if cursor else None
    where = audit.EventFilter(actor=actor, action=action, since=since, until=until)
    events, following = audit.list_events(context, limit=limit, cursor=position, where=where)
    return AuditPage(
        events=events,
        next_cursor=encode_cursor(context, following, purpose=CURSOR_PURPOSE)
        if following
        else None,
    )
