"""/v1/me/personal-data and /v1/users/{id}/personal-data: what is held about one person,
nothing about another, for whom."""

from __future__ import annotations

import json
from typing import Any

from footprint.domain.tenancy import Role
from footprint.identity import audit
from tests.support.clock import Clock
from tests.support.handlers import invoke, proxy_event
from tests.support.identity import Tenant, authorizer_context, make_tenant

MINE = "/v1/me/personal-data"
THEIRS = "/v1/users/{user_id}/personal-data"


def call(
    resource: str, caller: dict[str, str], *, path: dict[str, str] | None = None
) -> tuple[int, dict[str, Any]]:
    return invoke(
        "fp_users.app", proxy_event("GET", resource, path_parameters=path, authorizer=caller)
    )


def test_a_user_reads_their_own_data_and_nothing_of_another_person(
    tenant: Tenant, members: dict[Role, dict[str, str]]
) -> None:
    viewer = members[Role.VIEWER]
    status, data = call(MINE, viewer)
    assert status == 200
    assert data["profile"]["user_id"] == viewer["user_id"]
    assert data["profile"]["email"] == "viewer@acme.example"
    assert data["sessions"]
    # Refresh-token digests are held about the person but are credentials: never answered.
    for session in data["sessions"]:
        assert set(session) <= {
            "status",
            "method",
            "device",
            "created_at",
            "issued_at",
            "source_ip",
            "last_used_at",
            "last_ip",
        }
    assert {event["action"] for event in data["audit_events"]} >= {"signin.success"}
    assert all(
        viewer["user_id"] in (event.get("actor"), event.get("target"))
        for event in data["audit_events"]
    )
    text = json.dumps(data)
    # Events about the viewer may name the admin who acted by id, never by e-mail.
    for other in ("admin@acme.example", "editor@acme.example", "auditor@acme.example"):
        assert other not in text
    assert not {"password_hash", "totp_secret"} & set(data["profile"])


def test_an_admin_exports_a_users_data_and_the_export_is_audited(
    tenant: Tenant, members: dict[Role, dict[str, str]]
) -> None:
    editor_id = members[Role.EDITOR]["user_id"]
    status, data = call(THEIRS, members[Role.ADMIN], path={"user_id": editor_id})
    assert status == 200
    assert data["profile"]["email"] == "editor@acme.example"
    # The invitation the admin sent names the editor as its target.
    assert any(
        event["target"] == editor_id and event["action"].startswith("user.")
        for event in data["audit_events"]
    )
    events, _ = audit.list_events(tenant.context)
    assert any(
        event.action == "user.personal_data_exported" and event.target == editor_id
        for event in events
    )


def test_only_admins_export_another_users_data(
    tenant: Tenant, members: dict[Role, dict[str, str]]
) -> None:
    for role in (Role.EDITOR, Role.VIEWER, Role.AUDITOR):
        status, _ = call(THEIRS, members[role], path={"user_id": tenant.admin_id})
        assert status == 403
    status, _ = call(THEIRS, members[Role.ADMIN], path={"user_id": "u-nobody"})
    assert status == 404


def test_another_tenants_admin_cannot_read_the_person(
    tenant: Tenant, members: dict[Role, dict[str, str]], clock: Clock
) -> None:
    other = make_tenant("Globex", "admin@globex.example", clock)
    caller = authorizer_context(other.context, other.admin_id, Role.ADMIN, other.admin_tokens)
    status, _ = call(THEIRS, caller, path={"user_id": members[Role.VIEWER]["user_id"]})
    assert status == 404
