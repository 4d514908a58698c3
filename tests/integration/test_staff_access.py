"""Staff access over HTTP on the local platform: a member of staff signs in (password, TOTP),
asks for access to a tenant, a lead approves with a TOTP code, the member reads the tenant's
summary with the grant, the tenant's admin sees the grant and its activity, then revokes it
and the member's next request is refused."""

from __future__ import annotations

import httpx
import pytest

from local.running import RunningPlatform
from tests.support.platform_accounts import onboard, staff_member

pytestmark = pytest.mark.integration

SUMMARY = "/v1/emissions/summary?from=2025-01&to=2025-12&group_by=scope"


def test_request_approve_use_see_and_revoke(
    platform: RunningPlatform, client: httpx.Client
) -> None:
    tenant = onboard(platform, client, "Lockbox Ltd", "admin@lockbox.example")
    engineer = staff_member(platform, client, "Grace Hopper", "grace@ops.example", "engineer")
    lead = staff_member(platform, client, "Ada Lovelace", "ada@ops.example", "lead")
    # A staff token is no tenant user's: refused on the tenant's routes without a grant.
    assert client.get(SUMMARY, headers=engineer.headers).status_code == 403
    assert client.get("/v1/staff/access-requests", headers=tenant.admin.headers).status_code == 403
    created = client.post(
        "/v1/staff/access-requests",
        headers=engineer.headers,
        json={
            "tenant_id": tenant.tenant_id,
            "scope": "read",
            "reason": "Customer asked about Scope 2 totals",
            "ticket": "SUP-2026-17",
            "duration_minutes": 30,
        },
    )
    assert created.status_code == 201, created.text
    request_id = created.json()["request_id"]
    path = f"/v1/staff/access-requests/{request_id}"
    refused = client.post(
        f"{path}/approve", headers=engineer.headers, json={"code": engineer.code()}
    )
    assert refused.status_code == 403  # an engineer approves nothing, least of all their own
    approved = client.post(f"{path}/approve", headers=lead.headers, json={"code": lead.code()})
    assert approved.status_code == 200, approved.text
    assert approved.json()["state"] == "approved"
    under_grant = {**engineer.headers, "X-Footprint-Grant": request_id}
    summary = client.get(SUMMARY, headers=under_grant)
    assert summary.status_code == 200, summary.text
    assert client.get("/v1/users", headers=under_grant).status_code == 403  # never admin
    assert client.post("/v1/uploads", headers=under_grant, json={}).status_code == 403  # read
    listed = client.get("/v1/tenant/staff-access", headers=tenant.admin.headers)
    assert listed.status_code == 200
    (grant,) = listed.json()["grants"]
    assert (grant["staff_name"], grant["approver_name"], grant["state"]) == (
        "Grace Hopper",
        "Ada Lovelace",
        "approved",
    )
    assert grant["requests_made"] == 2
    activity = client.get(
        f"/v1/tenant/staff-access/{request_id}/activity", headers=tenant.admin.headers
    )
    routes = sorted(
        (event["details"]["route"], event["details"]["status"])
        for event in activity.json()["events"]
    )
    assert routes == [("GET /v1/emissions/summary", "200"), ("POST /v1/uploads", "403")]
    revoked = client.post(
        f"/v1/tenant/staff-access/{request_id}/revoke", headers=tenant.admin.headers
    )
    assert revoked.json()["state"] == "revoked"
    after = client.get(SUMMARY, headers=under_grant)
    assert after.status_code == 403
    assert "revoked" in after.json()["error"]["message"]
