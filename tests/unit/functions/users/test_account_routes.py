"""/v1/me/sessions, /v1/me/password, /v1/me/recovery-codes and the admin's
/v1/users/{id}/mfa-reset, /password-reset, /sessions over API Gateway proxy events."""

from __future__ import annotations

from functools import partial

import pyotp

from footprint.domain.tenancy import Role
from tests.support.clock import Clock
from tests.support.handlers import call_route
from tests.support.identity import PASSWORD, Tenant

call = partial(call_route, "fp_users.app")


def test_every_role_lists_and_ends_its_own_sessions(
    members: dict[Role, dict[str, str]],
) -> None:
    for role, caller in members.items():
        status, listed = call("GET", "/v1/me/sessions", caller)
        assert status == 200, role
        assert [(s["session_id"], s["current"]) for s in listed["sessions"]] == [
            (caller["session_id"], True)
        ]
    viewer = members[Role.VIEWER]
    status, _ = call(
        "DELETE",
        "/v1/me/sessions/{session_id}",
        viewer,
        path={"session_id": viewer["session_id"]},
    )
    assert status == 204
    status, _ = call("GET", "/v1/me/sessions", viewer)  # that was this very session
    assert status == 401


def test_a_password_change_is_answered_field_by_field(
    tenant: Tenant, clock: Clock, members: dict[Role, dict[str, str]]
) -> None:
    clock.advance(30)
    code = pyotp.TOTP(tenant.admin_secret).at(clock.now)
    status, error = call(
        "POST",
        "/v1/me/password",
        members[Role.ADMIN],
        body={"current_password": PASSWORD, "new_password": "short", "code": code},
    )
    assert status == 400
    assert error["error"]["details"]["field"] == "new_password"


def test_only_an_admin_resets_mfa_passwords_and_sessions(
    members: dict[Role, dict[str, str]],
) -> None:
    target = {"user_id": members[Role.EDITOR]["user_id"]}
    routes = [
        ("POST", "/v1/users/{user_id}/mfa-reset"),
        ("POST", "/v1/users/{user_id}/password-reset"),
        ("DELETE", "/v1/users/{user_id}/sessions"),
    ]
    for role in (Role.EDITOR, Role.VIEWER, Role.AUDITOR):
        for method, resource in routes:
            status, _ = call(method, resource, members[role], path=target)
            assert status == 403, (role, resource)
    for method, resource in routes:
        status, _ = call(method, resource, members[Role.ADMIN], path=target)
        assert status == 204, resource
    own = {"user_id": members[Role.ADMIN]["user_id"]}
    status, error = call("POST", "/v1/users/{user_id}/mfa-reset", members[Role.ADMIN], path=own)
    assert status == 409
    assert error["error"]["details"]["field"] == "user_id"


def test_a_wrong_password_or_code_is_403_naming_the_field_and_the_session_lives(
    tenant: Tenant, clock: Clock, members: dict[Role, dict[str, str]]
) -> None:
    admin = members[Role.ADMIN]
    clock.advance(30)
    code = pyotp.TOTP(tenant.admin_secret).at(clock.now)
    attempts = [
        (
            "/v1/me/password",
            {"current_password": "not it", "new_password": "a new long passphrase", "code": code},
            "current_password",
        ),
        ("/v1/me/recovery-codes", {"code": "000000"}, "code"),
    ]
    for resource, body, field in attempts:
        status, error = call("POST", resource, admin, body=body)
        assert status == 403, resource
        assert error["error"]["details"] == {"field": field}
    status, _ = call("GET", "/v1/me/sessions", admin)  # a 401 would have signed them out
    assert status == 200


def test_an_admin_lists_a_users_sessions_with_their_devices(
    members: dict[Role, dict[str, str]],
) -> None:
    editor = members[Role.EDITOR]
    target = {"user_id": editor["user_id"]}
    status, listed = call("GET", "/v1/users/{user_id}/sessions", members[Role.ADMIN], path=target)
    assert status == 200
    assert [(s["session_id"], s["current"]) for s in listed["sessions"]] == [
        (editor["session_id"], False)
    ]
    assert set(listed["sessions"][0]) >= {"device", "source_ip", "created_at", "last_used_at"}
    for role in (Role.EDITOR, Role.VIEWER, Role.AUDITOR):
        status, _ = call("GET", "/v1/users/{user_id}/sessions", members[role], path=target)
        assert status == 403, role
    status, _ = call(
        "GET", "/v1/users/{user_id}/sessions", members[Role.ADMIN], path={"user_id": "u-nobody"}
    )
    assert status == 404
