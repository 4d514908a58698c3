"""A staff token is refused on every tenant route without an active grant: the published
OpenAPI document is walked, and each protected tenant route is called through its function
with the authorizer context of a staff token (engineer, lead and security alike)."""

from __future__ import annotations

import json
from typing import Any

from footprint.api.access import NO_GRANT, PUBLIC, ROLES_EXTENSION
from footprint.domain.staff_access import StaffRole
from local.openapi import OUTPUT
from tests.support.clock import Clock
from tests.support.handlers import invoke, proxy_event, route_functions
from tests.support.identity import Tenant
from tests.support.staff import make_member, staff_authorizer_context

# Fits every path parameter's pattern (user ids, upload ids), so no route answers 400 first.
SOME_ID = "0123456789abcdef01234567"


def _tenant_routes() -> list[tuple[str, str, dict[str, Any]]]:
    document = json.loads(OUTPUT.read_text(encoding="utf-8"))
    return [
        (method.upper(), path, operation)
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        if operation.get(ROLES_EXTENSION) not in (None, [PUBLIC])
    ]


def test_a_staff_token_without_a_grant_is_refused_on_every_tenant_route(
    tenant: Tenant, clock: Clock
) -> None:
    functions = route_functions()
    routes = _tenant_routes()
    assert len(routes) >= 15
    members = [
        make_member(role.value, f"{role.value}@footprint.example", role, clock)
        for role in StaffRole
    ]
    for method, path, operation in routes:
        parameters = {
            p["name"]: SOME_ID for p in operation.get("parameters", []) if p["in"] == "path"
        }
        for member in members:
            # Even were a tenant named beside the staff token, the realm decides.
            authorizer = {**staff_authorizer_context(member), "tenant_id": tenant.context.tenant_id}
            event = proxy_event(
                method,
                path,
                path_parameters=parameters or None,
                body={} if "requestBody" in operation else None,
                authorizer=authorizer,
            )
            status, answer = invoke(functions[(method, path)], event)
            assert status == 403, (method, path, member.role, status, answer)
            assert answer["error"]["message"] == NO_GRANT
