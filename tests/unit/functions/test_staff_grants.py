"""A staff member on a tenant's routes under a grant (``X-Footprint-Grant``), through the
functions as API Gateway calls them: the grant's tenant and scope, checked on every request
whatever the authorizer cached, each request in the tenant's audit log."""

from __future__ import annotations

from typing import Any

import pytest

from footprint.adapters.aws import session_span
from footprint.adapters.upload_records import UploadStore
from footprint.domain.staff_access import Grant, Scope, StaffRole
from footprint.domain.tenancy import GrantScope, Role
from footprint.identity import audit, staff, staff_access, tenants
from local.openapi import api_function_modules
from local.template import load_template
from tests.support.clock import Clock
from tests.support.handlers import invoke, proxy_event
from tests.support.identity import SOURCE_IP, Tenant, make_tenant
from tests.support.staff import Member, make_member, staff_authorizer_context
from tests.support.uploads import UploadsStack, received_upload

UPLOADS = "fp_uploads.app"


@pytest.fixture
def people(tenant: Tenant, clock: Clock, uploads: UploadsStack) -> dict[str, Member]:
    api_function_modules(load_template())  # every function's code on the import path
    return {
        "engineer": make_member(
            "Grace Hopper", "grace@footprint.example", StaffRole.ENGINEER, clock
        ),
        "other": make_member("Linus", "linus@footprint.example", StaffRole.ENGINEER, clock),
        "lead": make_member("Ada Lovelace", "ada@footprint.example", StaffRole.LEAD, clock),
    }


def _grant(
    people: dict[str, Member],
    clock: Clock,
    tenant_id: str,
    scope: Scope = Scope.READ,
    minutes: int = 60,
    who: str = "engineer",
) -> Grant:
    requested = staff_access.request_access(
        staff.get_member(people[who].staff_id),
        tenant_id=tenant_id,
        scope=scope,
        reason="SUP-7: totals look wrong",
        ticket="SUP-7",
        duration_minutes=minutes,
        source_ip=SOURCE_IP,
    )
    lead = people["lead"]
    return staff_access.approve(
        staff.get_member(lead.staff_id),
        requested.grant_id,
        code=lead.code(clock),
        source_ip=SOURCE_IP,
    )


def _call(
    member: Member,
    method: str,
    resource: str,
    grant_id: str | None,
    *,
    body: Any = None,
    upload_id: str | None = None,
) -> tuple[int, dict[str, Any]]:
    event = proxy_event(
        method,
        resource,
        path_parameters={"upload_id": upload_id} if upload_id else None,
        body=body,
        authorizer=staff_authorizer_context(member),  # the same cached answer every time
    )
    if grant_id:
        event["headers"]["X-Footprint-Grant"] = grant_id
        event["multiValueHeaders"]["X-Footprint-Grant"] = [grant_id]
    return invoke(UPLOADS, event)


def test_a_read_grant_reads_and_cannot_upload(
    tenant: Tenant, people: dict[str, Member], clock: Clock
) -> None:
    grant = _grant(people, clock, tenant.context.tenant_id)
    engineer = people["engineer"]
    assert _call(engineer, "GET", "/v1/uploads", grant.grant_id)[0] == 200
    presign = {"filename": "a.csv", "content_type": "text/csv", "size": 10}
    status, answer = _call(engineer, "POST", "/v1/uploads", grant.grant_id, body=presign)
    assert status == 403
    assert "scope" in answer["error"]["message"]
    write = _grant(people, clock, tenant.context.tenant_id, scope=Scope.WRITE)
    assert _call(engineer, "POST", "/v1/uploads", write.grant_id, body=presign)[0] == 201


def test_a_grant_reaches_its_own_tenant_only(
    tenant: Tenant, people: dict[str, Member], clock: Clock
) -> None:
    other_tenant = make_tenant("Bravo", "admin@bravo.example", clock)
    theirs = received_upload(UploadStore(other_tenant.context))
    grant_a = _grant(people, clock, tenant.context.tenant_id)
    engineer = people["engineer"]
    status, _ = _call(
        engineer, "GET", "/v1/uploads/{upload_id}", grant_a.grant_id, upload_id=theirs
    )
    assert status == 404
    status, listed = _call(engineer, "GET", "/v1/uploads", grant_a.grant_id)
    assert theirs not in str(listed)
    # Another member's grant to tenant B is no key for this member.
    grant_b = _grant(people, clock, other_tenant.context.tenant_id, who="other")
    status, answer = _call(
        engineer, "GET", "/v1/uploads/{upload_id}", grant_b.grant_id, upload_id=theirs
    )
    assert (status, answer["error"]["message"]) == (403, "No such grant of yours.")
    # The control: B's own grant to that member does reach it.
    assert (
        _call(
            people["other"], "GET", "/v1/uploads/{upload_id}", grant_b.grant_id, upload_id=theirs
        )[0]
        == 200
    )


def test_a_revoked_grant_stops_at_its_very_next_request(
    tenant: Tenant, people: dict[str, Member], clock: Clock
) -> None:
    grant = _grant(people, clock, tenant.context.tenant_id)
    engineer = people["engineer"]
    assert _call(engineer, "GET", "/v1/uploads", grant.grant_id)[0] == 200
    # The access token and the authorizer's answer are those issued before the revocation.
    staff_access.revoke(staff.get_member(people["lead"].staff_id), grant.grant_id, source_ip="x")
    status, answer = _call(engineer, "GET", "/v1/uploads", grant.grant_id)
    assert (status, answer["error"]["message"]) == (403, "This grant is not active (revoked).")


def test_a_grant_used_a_second_after_its_end_is_refused_with_the_cache_warm(
    tenant: Tenant, people: dict[str, Member], clock: Clock
) -> None:
    grant = _grant(people, clock, tenant.context.tenant_id, minutes=10)
    engineer = people["engineer"]
    assert grant.ends_at is not None
    clock.now = grant.ends_at - 1
    assert _call(engineer, "GET", "/v1/uploads", grant.grant_id)[0] == 200
    clock.now = grant.ends_at + 1  # API Gateway would still serve its cached Allow
    status, answer = _call(engineer, "GET", "/v1/uploads", grant.grant_id)
    assert (status, answer["error"]["message"]) == (403, "This grant is not active (expired).")


def test_overlapping_grants_of_one_person_to_one_tenant_are_independent(
    tenant: Tenant, people: dict[str, Member], clock: Clock
) -> None:
    short = _grant(people, clock, tenant.context.tenant_id, minutes=5)
    long = _grant(people, clock, tenant.context.tenant_id, minutes=60)
    third = _grant(people, clock, tenant.context.tenant_id, minutes=60)
    engineer = people["engineer"]
    staff_access.revoke(staff.get_member(engineer.staff_id), third.grant_id, source_ip="x")
    assert _call(engineer, "GET", "/v1/uploads", long.grant_id)[0] == 200
    clock.advance(6 * 60)  # the short one's end
    assert _call(engineer, "GET", "/v1/uploads", short.grant_id)[0] == 403
    assert _call(engineer, "GET", "/v1/uploads", long.grant_id)[0] == 200


def test_without_a_grant_or_on_an_admin_route_a_member_is_refused(
    tenant: Tenant, people: dict[str, Member], clock: Clock
) -> None:
    grant = _grant(people, clock, tenant.context.tenant_id, scope=Scope.WRITE)
    engineer = people["engineer"]
    assert _call(engineer, "GET", "/v1/uploads", None)[0] == 403
    event = proxy_event("GET", "/v1/users", authorizer=staff_authorizer_context(engineer))
    event["headers"]["X-Footprint-Grant"] = grant.grant_id
    assert invoke("fp_users.app", event)[0] == 403  # a write grant is an editor, never admin


def test_the_tenants_allowlist_applies_to_staff(
    tenant: Tenant, people: dict[str, Member], clock: Clock
) -> None:
    grant = _grant(people, clock, tenant.context.tenant_id)
    admin = tenant.context.acting_as(tenant.admin_id, Role.ADMIN)
    tenants.update_allowlist(admin, ["203.0.113.0/24", f"{SOURCE_IP}/32"], caller_ip=SOURCE_IP)
    engineer = people["engineer"]
    assert _call(engineer, "GET", "/v1/uploads", grant.grant_id)[0] == 200
    tenants.update_allowlist(admin, ["203.0.113.0/24"], caller_ip="203.0.113.9")
    status, answer = _call(engineer, "GET", "/v1/uploads", grant.grant_id)
    assert (status, answer["error"]["message"]) == (403, "Access from this address is not allowed.")


def test_every_request_under_a_grant_is_in_the_tenants_log_and_counted(
    tenant: Tenant,
    people: dict[str, Member],
    clock: Clock,
    assumed_roles: list[dict[str, Any]],
) -> None:
    grant = _grant(people, clock, tenant.context.tenant_id)
    engineer = people["engineer"]
    assert _call(engineer, "GET", "/v1/uploads", grant.grant_id)[0] == 200
    assert _call(engineer, "POST", "/v1/uploads", grant.grant_id, body={})[0] == 403
    events = [e for e in audit.list_events(tenant.context)[0] if e.action == "staff_access.request"]
    # (The test's clock stands still: both events have one time, so compare them unordered.)
    assert sorted((e.details["route"], e.details["status"]) for e in events) == [
        ("GET /v1/uploads", "200"),
        ("POST /v1/uploads", "403"),
    ]
    assert all(e.details["staff_name"] == "Grace Hopper" for e in events)
    assert all(e.details["grant_id"] == grant.grant_id for e in events)
    assert staff_access.requests_made(grant.grant_id) == 2
    actions = [e.action for e in audit.list_events(tenant.context)[0]]
    assert actions.count("staff_access.first_used") == 1
    # The tenant's data was reached with the tenant's credentials, tagged with the grant.
    tagged = [
        call
        for call in assumed_roles
        if {"Key": "grant_id", "Value": grant.grant_id} in call["Tags"]
    ]
    assert tagged
    assert {"Key": "tenant_id", "Value": tenant.context.tenant_id} in tagged[0]["Tags"]
    assert tagged[0]["RoleSessionName"] == f"grant-{grant.grant_id}"
    assert 900 <= tagged[0]["DurationSeconds"] <= 3600


def test_a_grant_session_lasts_no_longer_than_the_grant_where_sts_allows() -> None:
    now = 1_800_000_000.0
    assert session_span(now, None) == (3600, now + 2400)
    assert session_span(now, GrantScope("g-1", int(now) + 2 * 3600)) == (3600, now + 2400)
    assert session_span(now, GrantScope("g-1", int(now) + 1800)) == (1800, now + 1800)
    # Under 15 minutes left: STS's floor, and the session is kept no later than the end.
    assert session_span(now, GrantScope("g-1", int(now) + 120)) == (900, now + 120)
