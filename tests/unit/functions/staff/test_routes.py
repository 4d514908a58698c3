"""The Staff function's routes over API Gateway proxy events: staff tokens only, bad input
answered 400 naming its fields, the request-approve-revoke path."""

from __future__ import annotations

from typing import Any

from footprint.domain.staff_access import StaffRole
from footprint.domain.tenancy import Role
from tests.support.clock import Clock
from tests.support.handlers import invoke, proxy_event
from tests.support.identity import Tenant, authorizer_context
from tests.support.staff import make_member, staff_authorizer_context

APP = "fp_staff.app"
REQUESTS = "/v1/staff/access-requests"


def _call(
    method: str, path: str, authorizer: dict[str, str], body: Any = None, request_id: str = ""
) -> tuple[int, dict[str, Any]]:
    parameters = {"request_id": request_id} if request_id else None
    return invoke(
        APP, proxy_event(method, path, path_parameters=parameters, body=body, authorizer=authorizer)
    )


def test_staff_routes_admit_staff_tokens_only(tenant: Tenant, clock: Clock) -> None:
    admin = authorizer_context(tenant.context, tenant.admin_id, Role.ADMIN, tenant.admin_tokens)
    status, answer = _call("GET", REQUESTS, admin)
    assert (status, answer["error"]["code"]) == (403, "forbidden")
    engineer = make_member("Grace", "grace@footprint.example", StaffRole.ENGINEER, clock)
    assert _call("GET", REQUESTS, staff_authorizer_context(engineer))[0] == 200


def test_bad_input_names_its_fields(tenant: Tenant, clock: Clock) -> None:
    engineer = staff_authorizer_context(
        make_member("Grace", "grace@footprint.example", StaffRole.ENGINEER, clock)
    )
    status, answer = _call(
        "POST",
        REQUESTS,
        engineer,
        {
            "tenant_id": tenant.context.tenant_id,
            "scope": "admin",
            "reason": "",
            "ticket": "x",
            "duration_minutes": 241,
        },
    )
    assert status == 400
    fields = {problem["field"] for problem in answer["error"]["details"]["errors"]}
    assert fields == {"scope", "reason", "duration_minutes"}
    status, answer = _call("POST", REQUESTS, engineer, {})
    assert status == 400
    assert {"tenant_id", "scope", "reason", "ticket", "duration_minutes"} <= {
        problem["field"] for problem in answer["error"]["details"]["errors"]
    }


def test_request_approve_and_revoke(tenant: Tenant, clock: Clock) -> None:
    engineer = make_member("Grace", "grace@footprint.example", StaffRole.ENGINEER, clock)
    lead = make_member("Ada", "ada@footprint.example", StaffRole.LEAD, clock)
    as_engineer, as_lead = staff_authorizer_context(engineer), staff_authorizer_context(lead)
    status, created = _call(
        "POST",
        REQUESTS,
        as_engineer,
        {
            "tenant_id": tenant.context.tenant_id,
            "scope": "read",
            "reason": "SUP-1 totals",
            "ticket": "SUP-1",
            "duration_minutes": 30,
        },
    )
    assert (status, created["state"], created["staff_name"]) == (201, "pending", "Grace")
    request_id = created["request_id"]
    path = f"{REQUESTS}/{{request_id}}"
    assert (
        _call("POST", path + "/approve", as_engineer, {"code": engineer.code(clock)}, request_id)[0]
        == 403
    )
    status, answer = _call("POST", path + "/approve", as_lead, {"code": "12"}, request_id)
    assert (status, answer["error"]["details"]["errors"][0]["field"]) == (400, "code")
    status, approved = _call(
        "POST", path + "/approve", as_lead, {"code": lead.code(clock)}, request_id
    )
    assert (status, approved["state"], approved["approver_name"]) == (200, "approved", "Ada")
    status, again = _call(
        "POST", path + "/approve", as_lead, {"code": lead.code(clock)}, request_id
    )
    assert (status, again["error"]["code"]) == (409, "conflict")
    status, revoked = _call("POST", path + "/revoke", as_engineer, None, request_id)
    assert (status, revoked["state"]) == (200, "revoked")
    assert _call("GET", path, as_engineer, None, request_id)[1]["state"] == "revoked"
    assert _call("GET", path, as_engineer, None, "g-0000000000000000000000")[0] == 404
