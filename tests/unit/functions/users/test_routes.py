"""The Users function's routes over API Gateway proxy events: claims refused, users, settings
and the audit log."""

from __future__ import annotations

import json
from typing import Any

import pytest

from footprint.domain.errors import NotFound
from footprint.domain.tenancy import Role
from footprint.identity import signin, users
from tests.support.clock import Clock
from tests.support.handlers import invoke, proxy_event
from tests.support.identity import (
    PASSWORD,
    SOURCE_IP,
    Tenant,
    authorizer_context,
    expiry,
    make_tenant,
)


def test_a_protected_route_without_claims_is_refused(tenant: Tenant) -> None:
    status, _ = invoke("fp_users.app", proxy_event("GET", "/v1/me", authorizer={"x": "y"}))
    assert status == 401


def test_an_answer_cached_past_the_tokens_expiry_is_refused(tenant: Tenant, clock: Clock) -> None:
    admin = authorizer_context(tenant.context, tenant.admin_id, Role.ADMIN, tenant.admin_tokens)
    assert invoke("fp_users.app", proxy_event("GET", "/v1/users", authorizer=admin))[0] == 200
    clock.now = expiry(tenant.admin_tokens) + 60  # API Gateway still serves its cached answer
    status, answer = invoke("fp_users.app", proxy_event("GET", "/v1/users", authorizer=admin))
    assert status == 401
    assert answer["error"]["code"] == "unauthenticated"


def test_me_and_users(tenant: Tenant, members: dict[Role, dict[str, str]]) -> None:
    status, me = invoke(
        "fp_users.app", proxy_event("GET", "/v1/me", authorizer=members[Role.VIEWER])
    )
    assert status == 200
    assert me["role"] == "viewer"
    assert me["tenant_id"] == tenant.context.tenant_id
    assert "password_hash" not in me
    assert "totp_secret" not in me
    assert me["has_password"] is True  # the account screen offers a password change
    status, listed = invoke(
        "fp_users.app", proxy_event("GET", "/v1/users", authorizer=members[Role.ADMIN])
    )
    assert status == 200
    assert len(listed["users"]) == 4
    assert all(
        set(user) == {"user_id", "email", "name", "role", "status", "mfa_enabled", "has_password"}
        for user in listed["users"]
    )


def test_an_invited_user_is_removed_not_disabled(tenant: Tenant, clock: Clock) -> None:
    admin = authorizer_context(tenant.context, tenant.admin_id, Role.ADMIN, tenant.admin_tokens)
    invitee, invitation, _ = users.invite_user(
        tenant.context.acting_as(tenant.admin_id, Role.ADMIN),
        email="later@acme.example",
        name="",
        role=Role.ADMIN,
        source_ip=SOURCE_IP,
    )
    path = {"user_id": invitee.user_id}
    status, refused = invoke(
        "fp_users.app",
        proxy_event(
            "PATCH",
            "/v1/users/{user_id}",
            path_parameters=path,
            body={"role": "viewer", "disabled": True},
            authorizer=admin,
        ),
    )
    assert status == 409
    assert refused["error"]["details"] == {"field": "disabled"}
    assert f"DELETE /v1/users/{invitee.user_id}" in refused["error"]["message"]
    assert users.get_user(tenant.context, invitee.user_id).role is Role.ADMIN  # unchanged
    status, _ = invoke(
        "fp_users.app",
        proxy_event("DELETE", "/v1/users/{user_id}", path_parameters=path, authorizer=admin),
    )
    assert status == 204
    with pytest.raises(NotFound):
        signin.redeem_invitation(invitation, PASSWORD, source_ip=SOURCE_IP)


def test_invite_change_and_remove_over_the_api(
    tenant: Tenant, members: dict[Role, dict[str, str]]
) -> None:
    admin = members[Role.ADMIN]
    status, invited = invoke(
        "fp_users.app",
        proxy_event(
            "POST",
            "/v1/users",
            body={"email": "x@acme.example", "role": "editor"},
            authorizer=admin,
        ),
    )
    assert status == 201
    assert invited["user"]["status"] == "invited"
    assert invited["invitation"].count(".") == 2
    user_id = invited["user"]["user_id"]
    status, changed = invoke(
        "fp_users.app",
        proxy_event(
            "PATCH",
            "/v1/users/{user_id}",
            path_parameters={"user_id": user_id},
            body={"role": "auditor"},
            authorizer=admin,
        ),
    )
    assert (status, changed["role"]) == (200, "auditor")
    status, _ = invoke(
        "fp_users.app",
        proxy_event(
            "DELETE", "/v1/users/{user_id}", path_parameters={"user_id": user_id}, authorizer=admin
        ),
    )
    assert status == 204
    status, refused = invoke(
        "fp_users.app",
        proxy_event(
            "PATCH",
            "/v1/users/{user_id}",
            path_parameters={"user_id": tenant.admin_id},
            body={"role": "viewer"},
            authorizer=admin,
        ),
    )
    assert status == 409
    assert "last admin" in refused["error"]["message"]
    assert refused["error"]["details"] == {"reason": "last_admin"}  # for a client to explain


def test_settings_refuse_self_lockout_over_the_api(members: dict[Role, dict[str, str]]) -> None:
    admin = members[Role.ADMIN]
    status, refused = invoke(
        "fp_users.app",
        proxy_event(
            "PUT", "/v1/tenant/settings", body={"ip_allowlist": ["10.0.0.0/8"]}, authorizer=admin
        ),
    )
    assert status == 400
    assert refused["error"]["details"]["field"] == "ip_allowlist"
    status, saved = invoke(
        "fp_users.app",
        proxy_event(
            "PUT",
            "/v1/tenant/settings",
            body={"ip_allowlist": [f"{SOURCE_IP}/32"]},
            authorizer=admin,
        ),
    )
    assert (status, saved) == (
        200,
        {"ip_allowlist": [f"{SOURCE_IP}/32"], "staff_access_requires_customer_approval": False},
    )
    status, _ = invoke(
        "fp_users.app",
        proxy_event("GET", "/v1/tenant/settings", authorizer=admin, source_ip="203.0.113.9"),
    )
    assert status == 403  # the handler's own check: the authorizer's cached allow is not enough


def test_audit_log_is_paged_newest_first_without_secrets(
    tenant: Tenant, members: dict[Role, dict[str, str]]
) -> None:
    status, page = invoke(
        "fp_users.app",
        proxy_event("GET", "/v1/audit", authorizer=members[Role.AUDITOR]),
    )
    assert status == 200
    times = [event["at"] for event in page["events"]]
    assert times == sorted(times, reverse=True)
    assert {"signin.success", "mfa.enabled", "user.invited"} <= {
        e["action"] for e in page["events"]
    }
    event = page["events"][0]
    assert {"event_id", "at", "action", "outcome", "source_ip"} <= set(event)
    text = json.dumps(page)
    assert tenant.admin_tokens.refresh_token.rsplit(".", 1)[1] not in text
    event = proxy_event("GET", "/v1/audit", authorizer=members[Role.ADMIN])
    event["queryStringParameters"] = {"limit": "2"}
    event["multiValueQueryStringParameters"] = {"limit": ["2"]}
    status, first = invoke("fp_users.app", event)
    assert status == 200
    assert len(first["events"]) == 2
    assert first["next_cursor"]
    status, second = invoke("fp_users.app", _audit_page(members[Role.ADMIN], first["next_cursor"]))
    assert status == 200
    assert second["events"]
    assert second["events"][0]["at"] <= first["events"][-1]["at"]
    assert {e["event_id"] for e in first["events"]}.isdisjoint(
        e["event_id"] for e in second["events"]
    )


def _audit_query(authorizer: dict[str, str], **query: str) -> tuple[int, dict[str, Any]]:
    event = proxy_event("GET", "/v1/audit", authorizer=authorizer)
    event["queryStringParameters"] = query
    event["multiValueQueryStringParameters"] = {name: [value] for name, value in query.items()}
    return invoke("fp_users.app", event)


def test_the_audit_log_is_filtered_by_actor_action_and_time(
    tenant: Tenant, members: dict[Role, dict[str, str]]
) -> None:
    auditor = members[Role.AUDITOR]
    status, everything = _audit_query(auditor)
    assert status == 200
    status, invitations = _audit_query(auditor, action="user.")
    assert status == 200
    assert invitations["events"]
    assert {e["action"] for e in invitations["events"]} == {"user.invited"}
    status, admins = _audit_query(auditor, actor=tenant.admin_id)
    assert {e["actor"] for e in admins["events"]} == {tenant.admin_id}
    newest = everything["events"][0]["at"]
    status, latest = _audit_query(auditor, **{"from": newest, "to": newest})
    assert status == 200
    same_moment = [e["event_id"] for e in everything["events"] if e["at"] == newest]
    assert [e["event_id"] for e in latest["events"]] == same_moment
    status, none = _audit_query(auditor, to="2000-01-01T00:00:00Z")
    assert (status, none["events"]) == (200, [])
    status, refused = _audit_query(auditor, **{"from": "yesterday"})
    assert status == 400
    assert refused["error"]["details"]["errors"][0]["field"] == "from"


def _audit_page(authorizer: dict[str, str], cursor: str) -> dict[str, Any]:
    event = proxy_event("GET", "/v1/audit", authorizer=authorizer)
    event["queryStringParameters"] = {"limit": "2", "cursor": cursor}
    event["multiValueQueryStringParameters"] = {"limit": ["2"], "cursor": [cursor]}
    return event


def _first_audit_cursor(authorizer: dict[str, str]) -> str:
    event = proxy_event("GET", "/v1/audit", authorizer=authorizer)
    event["queryStringParameters"] = {"limit": "1"}
    event["multiValueQueryStringParameters"] = {"limit": ["1"]}
    status, page = invoke("fp_users.app", event)
    assert status == 200
    cursor: str = page["next_cursor"]
    assert cursor
    return cursor


def test_an_audit_cursor_is_refused_to_another_tenant_and_when_altered(
    tenant: Tenant, clock: Clock
) -> None:
    other = make_tenant("Globex", "admin@globex.example", clock)
    acme = authorizer_context(tenant.context, tenant.admin_id, Role.ADMIN, tenant.admin_tokens)
    globex = authorizer_context(other.context, other.admin_id, Role.ADMIN, other.admin_tokens)
    cursor = _first_audit_cursor(acme)
    assert invoke("fp_users.app", _audit_page(acme, cursor))[0] == 200

    status, refused = invoke("fp_users.app", _audit_page(globex, cursor))
    assert status == 400
    assert refused["error"]["details"] == {"field": "cursor"}
    flipped = cursor[:10] + ("A" if cursor[10] != "A" else "B") + cursor[11:]
    for altered in (flipped, cursor[:-4], "bm90IGEgY3Vyc29y", "%%%"):
        status, refused = invoke("fp_users.app", _audit_page(acme, altered))
        assert (status, refused["error"]["details"]) == (400, {"field": "cursor"}), altered
