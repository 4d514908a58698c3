"""What the tenant sees of staff access (/v1/tenant/staff-access) and its own approval when
its settings ask for it, over API Gateway proxy events to the Users and Uploads functions."""

from __future__ import annotations

from typing import Any

from footprint.domain.staff_access import Scope, StaffRole
from footprint.domain.tenancy import Role
from footprint.identity import staff, staff_access
from local.openapi import api_function_modules
from local.template import load_template
from tests.support.clock import Clock
from tests.support.handlers import invoke, proxy_event
from tests.support.identity import SOURCE_IP, Tenant, authorizer_context
from tests.support.staff import Member, make_member, staff_authorizer_context
from tests.support.uploads import UploadsStack

USERS = "fp_users.app"


def _admin(tenant: Tenant) -> dict[str, str]:
    return authorizer_context(tenant.context, tenant.admin_id, Role.ADMIN, tenant.admin_tokens)


def _tenant_call(
    tenant: Tenant, method: str, path: str, request_id: str | None = None, body: Any = None
) -> tuple[int, dict[str, Any]]:
    event = proxy_event(
        method,
        path,
        path_parameters={"request_id": request_id} if request_id else None,
        body=body,
        authorizer=_admin(tenant),
    )
    return invoke(USERS, event)


def _staff_read(member: Member, grant_id: str) -> int:
    event = proxy_event("GET", "/v1/uploads", authorizer=staff_authorizer_context(member))
    event["headers"]["X-Footprint-Grant"] = grant_id
    return invoke("fp_uploads.app", event)[0]


def _request(member: Member, tenant: Tenant) -> str:
    return staff_access.request_access(
        staff.get_member(member.staff_id),
        tenant_id=tenant.context.tenant_id,
        scope=Scope.READ,
        reason="Customer asked why March doubled",
        ticket="SUP-99",
        duration_minutes=45,
        source_ip=SOURCE_IP,
    ).grant_id


def _approve(lead: Member, grant_id: str, clock: Clock) -> None:
    staff_access.approve(
        staff.get_member(lead.staff_id), grant_id, code=lead.code(clock), source_ip=SOURCE_IP
    )


def test_the_tenant_sees_who_reached_its_data_and_what_they_did(
    tenant: Tenant, clock: Clock, uploads: UploadsStack
) -> None:
    api_function_modules(load_template())
    engineer = make_member("Grace Hopper", "grace@footprint.example", StaffRole.ENGINEER, clock)
    lead = make_member("Ada Lovelace", "ada@footprint.example", StaffRole.LEAD, clock)
    grant_id = _request(engineer, tenant)
    pending = _request(engineer, tenant)
    _approve(lead, grant_id, clock)
    assert _staff_read(engineer, grant_id) == 200
    status, listed = _tenant_call(tenant, "GET", "/v1/tenant/staff-access")
    assert status == 200
    by_id = {grant["request_id"]: grant for grant in listed["grants"]}
    assert set(by_id) == {grant_id, pending}
    seen = by_id[grant_id]
    assert (seen["staff_name"], seen["staff_role"], seen["scope"]) == (
        "Grace Hopper",
        "engineer",
        "read",
    )
    assert (seen["reason"], seen["ticket"], seen["approver_name"]) == (
        "Customer asked why March doubled",
        "SUP-99",
        "Ada Lovelace",
    )
    assert (seen["state"], seen["requests_made"]) == ("approved", 1)
    assert seen["starts_at"] is not None
    assert seen["ends_at"] is not None
    assert by_id[pending]["state"] == "pending"
    status, activity = _tenant_call(
        tenant, "GET", "/v1/tenant/staff-access/{request_id}/activity", grant_id
    )
    assert status == 200
    (event,) = activity["events"]
    assert event["details"] == {
        "grant_id": grant_id,
        "staff_name": "Grace Hopper",
        "route": "GET /v1/uploads",
        "status": "200",
    }
    # The tenant's admin ends it; the member's next request is refused.
    status, revoked = _tenant_call(
        tenant, "POST", "/v1/tenant/staff-access/{request_id}/revoke", grant_id
    )
    assert (status, revoked["state"]) == (200, "revoked")
    assert _staff_read(engineer, grant_id) == 403
    unknown = _tenant_call(
        tenant, "GET", "/v1/tenant/staff-access/{request_id}/activity", "g-000000000000aa"
    )
    assert unknown[0] == 404


def test_with_customer_approval_on_a_leads_approval_alone_does_not_activate_the_grant(
    tenant: Tenant, clock: Clock, uploads: UploadsStack
) -> None:
    api_function_modules(load_template())
    status, settings = _tenant_call(
        tenant,
        "PUT",
        "/v1/tenant/settings",
        body={"ip_allowlist": [], "staff_access_requires_customer_approval": True},
    )
    assert (status, settings["staff_access_requires_customer_approval"]) == (200, True)
    assert _tenant_call(tenant, "GET", "/v1/tenant/settings")[1][
        "staff_access_requires_customer_approval"
    ]
    engineer = make_member("Grace Hopper", "grace@footprint.example", StaffRole.ENGINEER, clock)
    lead = make_member("Ada Lovelace", "ada@footprint.example", StaffRole.LEAD, clock)
    grant_id = _request(engineer, tenant)
    _approve(lead, grant_id, clock)
    assert staff_access.get_grant(grant_id).stored_state.value == "pending"  # type: ignore[union-attr]
    assert _staff_read(engineer, grant_id) == 403
    status, approved = _tenant_call(
        tenant, "POST", "/v1/tenant/staff-access/{request_id}/approve", grant_id
    )
    assert (status, approved["state"]) == (200, "approved")
    assert approved["approver_name"] == "Ada Lovelace"
    assert approved["customer_approver_name"] == "admin@acme.example"
    assert _staff_read(engineer, grant_id) == 200
    # And a tenant's admin may deny instead.
    other = _request(engineer, tenant)
    status, denied = _tenant_call(
        tenant, "POST", "/v1/tenant/staff-access/{request_id}/deny", other, {"reason": "not now"}
    )
    assert (status, denied["state"], denied["closed_reason"]) == (200, "denied", "not now")
    status, answer = _tenant_call(
        tenant, "POST", "/v1/tenant/staff-access/{request_id}/deny", other, {}
    )
    assert status == 400
    assert answer["error"]["details"]["errors"][0]["field"] == "reason"
