"""Integration tokens through the functions as API Gateway calls them: made and revoked by
an admin, checked by the authorizer and again by the handlers on every request (the
authorizer's answer is cached), kept off identity routes, counted and audited."""

from __future__ import annotations

import json
from typing import Any

import pytest

from footprint.api.access import IDENTITY_EXTENSION, NO_TOKEN
from footprint.domain.tenancy import Role
from footprint.identity import audit, tenants
from footprint.identity.integration_tokens import HASH_KEY_VARIABLE
from local.openapi import OUTPUT, api_function_modules
from local.template import load_template
from tests.support.clock import Clock
from tests.support.handlers import invoke, proxy_event, route_functions
from tests.support.identity import SOURCE_IP, Tenant, table_items
from tests.support.uploads import UploadsStack

USERS, UPLOADS, EMISSIONS = "fp_users.app", "fp_uploads.app", "fp_emissions.app"
# Fits every path parameter's pattern (user ids, token ids), so no route answers 400 first.
SOME_ID = "0123456789abcdef01234567"
METHOD_ARN = "arn:aws:execute-api:us-east-2:123456789012:abc123/dev/GET/v1/uploads"
PRESIGN = {"filename": "a.csv", "content_type": "text/csv", "size": 10}


@pytest.fixture(autouse=True)
def hash_key(monkeypatch: pytest.MonkeyPatch, uploads: UploadsStack) -> None:
    api_function_modules(load_template())  # every function's code on the import path
    monkeypatch.setenv(HASH_KEY_VARIABLE, "a-test-key-of-the-platforms-secret-store")


def _make(
    members: dict[Role, dict[str, str]], role: str = "editor", days: int = 30
) -> tuple[str, dict[str, Any]]:
    status, answer = invoke(
        USERS,
        proxy_event(
            "POST",
            "/v1/tenant/tokens",
            body={"name": "ERP export", "role": role, "expires_in_days": days},
            authorizer=members[Role.ADMIN],
        ),
    )
    assert status == 201, answer
    return str(answer["secret"]), answer["token"]


def _authorize(secret: str, source_ip: str = SOURCE_IP) -> dict[str, Any]:
    from fp_authorizer.app import authorize

    answer: dict[str, Any] = authorize(
        {
            "type": "REQUEST",
            "methodArn": METHOD_ARN,
            "headers": {"Authorization": f"Bearer {secret}"},
            "requestContext": {"identity": {"sourceIp": source_ip}},
        }
    )
    return answer


def _call(
    module: str, method: str, resource: str, context: dict[str, str], body: Any = None
) -> tuple[int, dict[str, Any]]:
    return invoke(module, proxy_event(method, resource, body=body, authorizer=context))


def test_a_token_is_answered_once_and_only_its_digest_is_kept(
    tenant: Tenant, members: dict[Role, dict[str, str]]
) -> None:
    secret, token = _make(members)
    assert secret.startswith(f"fpt_{tenant.context.tenant_id}_{token['token_id']}_")
    assert len(secret.rsplit("_", 1)[1]) == 64  # 256 random bits
    assert secret not in str(table_items())
    status, listed = _call(USERS, "GET", "/v1/tenant/tokens", members[Role.ADMIN])
    assert status == 200
    assert secret not in str(listed)
    assert "secret" not in listed["tokens"][0]
    assert "hash" not in listed["tokens"][0]
    assert listed["tokens"][0]["created_by"] == tenant.admin_id
    assert listed["tokens"][0]["state"] == "active"


def test_only_admins_manage_tokens_and_roles_are_editor_or_viewer(
    members: dict[Role, dict[str, str]],
) -> None:
    event = proxy_event(
        "POST",
        "/v1/tenant/tokens",
        body={"name": "x", "role": "viewer", "expires_in_days": 30},
        authorizer=members[Role.EDITOR],
    )
    assert invoke(USERS, event)[0] == 403
    for body in (
        {"name": "x", "role": "admin", "expires_in_days": 30},
        {"name": "x", "role": "viewer", "expires_in_days": 366},
    ):
        event = proxy_event("POST", "/v1/tenant/tokens", body=body, authorizer=members[Role.ADMIN])
        assert invoke(USERS, event)[0] == 400


def test_a_revoked_token_is_refused_on_its_next_call_despite_the_cache(
    members: dict[Role, dict[str, str]],
) -> None:
    secret, token = _make(members)
    cached = _authorize(secret)  # what API Gateway keeps for 300 s
    assert cached["policyDocument"]["Statement"][0]["Effect"] == "Allow"
    context = cached["context"]
    assert context["kind"] == "token"
    assert secret not in str(cached)
    assert _call(UPLOADS, "GET", "/v1/uploads", context)[0] == 200
    revoke = f"/v1/tenant/tokens/{token['token_id']}/revoke"
    event = proxy_event(
        "POST",
        "/v1/tenant/tokens/{token_id}/revoke",
        path_parameters={"token_id": token["token_id"]},
        authorizer=members[Role.ADMIN],
    )
    status, revoked = invoke(USERS, event)
    assert (status, revoked["state"]) == (200, "revoked"), revoke
    assert _call(UPLOADS, "GET", "/v1/uploads", context)[0] == 401
    with pytest.raises(Exception, match=r"^Unauthorized$"):
        _authorize(secret)


def test_an_expired_token_is_refused(members: dict[Role, dict[str, str]], clock: Clock) -> None:
    secret, _ = _make(members, days=1)
    context = _authorize(secret)["context"]
    clock.advance(86_400 - 1)
    assert _call(UPLOADS, "GET", "/v1/uploads", context)[0] == 200
    clock.advance(1)
    assert _call(UPLOADS, "GET", "/v1/uploads", context)[0] == 401
    with pytest.raises(Exception, match=r"^Unauthorized$"):
        _authorize(secret)


def test_a_forged_or_altered_value_is_refused(
    tenant: Tenant, members: dict[Role, dict[str, str]]
) -> None:
    secret, _ = _make(members)
    altered = secret[:-1] + ("0" if secret[-1] != "0" else "1")
    for value in (altered, "fpt_nonsense", f"fpt_{tenant.context.tenant_id}_{'0' * 16}_{'0' * 64}"):
        with pytest.raises(Exception, match=r"^Unauthorized$"):
            _authorize(value)


def _routes() -> list[tuple[str, str, dict[str, Any]]]:
    document = json.loads(OUTPUT.read_text(encoding="utf-8"))
    return [
        (method.upper(), path, operation)
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
    ]


def test_every_route_about_people_or_access_declares_itself_an_identity_route() -> None:
    # Users, the signed-in user, the tenant's sign-in and access settings, tokens, access
    # reviews, the audit log; the inventory settings (and the uncertainty figures stated
    # beside them) are the tenant's data, not identity.
    about_people = ("/v1/me", "/v1/users", "/v1/tenant/", "/v1/access-reviews", "/v1/audit")
    for method, path, operation in _routes():
        inventory = path == "/v1/tenant/inventory" or path.startswith("/v1/tenant/inventory/")
        expected = path.startswith(about_people) and not inventory
        assert (operation.get(IDENTITY_EXTENSION) is True) == expected, (method, path)


def test_a_token_never_reaches_an_identity_route(members: dict[Role, dict[str, str]]) -> None:
    secret, _ = _make(members, role="editor")
    context = _authorize(secret)["context"]
    functions = route_functions()
    identity = [route for route in _routes() if route[2].get(IDENTITY_EXTENSION) is True]
    assert len(identity) >= 30
    for method, path, operation in identity:
        parameters = {
            p["name"]: SOME_ID for p in operation.get("parameters", []) if p["in"] == "path"
        }
        event = proxy_event(
            method,
            path,
            path_parameters=parameters or None,
            body={} if "requestBody" in operation else None,
            authorizer=context,
        )
        status, answer = invoke(functions[(method, path)], event)
        assert status == 403, (method, path, status, answer)
        assert answer["error"]["message"] == NO_TOKEN


def test_a_token_reads_the_inventory_settings_and_only_an_admin_changes_them(
    members: dict[Role, dict[str, str]],
) -> None:
    settings = {"base_year": 2024, "consolidation": "operational"}
    for role in ("viewer", "editor"):
        context = _authorize(_make(members, role=role)[0])["context"]
        status, answer = _call(EMISSIONS, "GET", "/v1/tenant/inventory", context)
        assert status == 200, answer
        assert answer["configured"] is False
        # A token is never an admin (editor or viewer), and the settings are an admin's.
        status, answer = _call(EMISSIONS, "PUT", "/v1/tenant/inventory", context, body=settings)
        assert status == 403, answer
    status, answer = _call(
        EMISSIONS, "PUT", "/v1/tenant/inventory", members[Role.ADMIN], body=settings
    )
    assert status == 200, answer
    viewer = _authorize(_make(members, role="viewer")[0])["context"]
    assert _call(EMISSIONS, "GET", "/v1/tenant/inventory", viewer)[1]["base_year"] == 2024


def test_a_viewer_token_reads_but_cannot_upload(members: dict[Role, dict[str, str]]) -> None:
    viewer = _authorize(_make(members, role="viewer")[0])["context"]
    assert _call(UPLOADS, "GET", "/v1/uploads", viewer)[0] == 200
    assert _call(UPLOADS, "POST", "/v1/uploads", viewer, body=PRESIGN)[0] == 403
    editor = _authorize(_make(members, role="editor")[0])["context"]
    assert _call(UPLOADS, "POST", "/v1/uploads", editor, body=PRESIGN)[0] == 201


def test_the_tenants_allowlist_applies_to_tokens(
    tenant: Tenant, members: dict[Role, dict[str, str]]
) -> None:
    secret, _ = _make(members)
    context = _authorize(secret)["context"]
    admin = tenant.context.acting_as(tenant.admin_id, Role.ADMIN)
    tenants.update_allowlist(admin, ["203.0.113.0/24"], caller_ip="203.0.113.9")
    status, answer = _call(UPLOADS, "GET", "/v1/uploads", context)
    assert (status, answer["error"]["message"]) == (403, "Access from this address is not allowed.")
    assert _authorize(secret)["policyDocument"]["Statement"][0]["Effect"] == "Deny"
    assert _authorize(secret, "203.0.113.20")["context"]["kind"] == "token"


def test_every_use_is_counted_and_the_audit_log_names_the_token(
    tenant: Tenant, members: dict[Role, dict[str, str]]
) -> None:
    secret, token = _make(members, role="viewer")
    context = _authorize(secret)["context"]
    assert _call(UPLOADS, "GET", "/v1/uploads", context)[0] == 200
    assert _call(UPLOADS, "POST", "/v1/uploads", context, body=PRESIGN)[0] == 403
    listed = _call(USERS, "GET", "/v1/tenant/tokens", members[Role.ADMIN])[1]["tokens"][0]
    assert listed["uses"] == 2
    assert listed["last_used_at"] is not None
    events, _ = audit.list_events(tenant.context)
    uses = [event for event in events if event.action == "integration_token.request"]
    assert {(event.details["route"], event.details["status"], event.outcome) for event in uses} == {
        ("POST /v1/uploads", "403", "failure"),
        ("GET /v1/uploads", "200", "success"),
    }
    assert all(event.actor == f"token:{token['token_id']}" for event in uses)
    assert all(event.details["name"] == "ERP export" for event in uses)
    assert secret not in str(table_items())
