"""/v1/audit: the tenant's audit events, newest first (admins and auditors)."""

from __future__ import annotations

import base64
import json
from typing import Annotated, Any

from aws_lambda_powertools.event_handler.openapi.params import Query
from aws_lambda_powertools.event_handler.router import APIGatewayRouter
from pydantic import BaseModel

from footprint.api.access import current_context, roles
from footprint.domain.errors import InvalidInput
from footprint.domain.tenancy import Role
from footprint.identity import audit

router = APIGatewayRouter()  # type: ignore[no-untyped-call]


class AuditPage(BaseModel):
    events: list[audit.AuditEvent]
    next_cursor: str | None = None


def _decode(cursor: str) -> dict[str, Any]:
    try:
        value = json.loads(base64.urlsafe_b64decode(cursor.encode("ascii")))
    except ValueError:
        raise InvalidInput("The cursor is not valid.", field="query.cursor") from None
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise InvalidInput("The cursor is not valid.", field="query.cursor")
    return value


@router.get(
    "/v1/audit",
    summary="Audit events: sign-ins, failures, lockouts, MFA, role and settings changes",
    tags=["audit"],
    openapi_extensions=roles(Role.ADMIN, Role.AUDITOR),
)
def list_audit(
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Annotated[str | None, Query(max_length=2048)] = None,
) -> AuditPage:
    context = current_context(router)
    try:
        events, following = audit.list_events(
            context, limit=limit, cursor=_decode(cursor) if cursor else None
        )
    except PermissionError:
        # A cursor naming another tenant's keys: the repository refused it.
        raise InvalidInput("The cursor is not valid.", field="query.cursor") from None
    encoded = (
        base64.urlsafe_b64encode(json.dumps(following).encode("utf-8")).decode("ascii")
        if following
        else None
    )
    return AuditPage(events=events, next_cursor=encoded)
