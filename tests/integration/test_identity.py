"""Identity on the local platform, over HTTP with httpx and a real TOTP generator (pyotp):
operator onboarding, first sign-in, invitations, roles, sessions, lockout, IP allowlist,
two-tenant isolation and every route against every role."""

from __future__ import annotations

import re
import time

import httpx
import pyotp
import pytest

from local.running import RunningPlatform
from tests.support.platform_accounts import (
    PASSWORD,
    ROLES,
    Tenant,
    create_tenant,
    join,
    onboard,
    open_access_reviews,
    setup_mfa,
    sign_in,
    staff_member,
)


@pytest.fixture(scope="module")
def acme(platform: RunningPlatform) -> Tenant:
    with platform.client() as client:
        return onboard(platform, client, "Acme", "admin@acme-it.example")


@pytest.fixture(scope="module")
def globex(platform: RunningPlatform) -> Tenant:
    with platform.client() as client:
        return onboard(platform, client, "Globex", "admin@globex-it.example")


def test_operator_onboarding_and_first_sign_in(
    platform: RunningPlatform, client: httpx.Client
) -> None:
    created = create_tenant(platform, "Initech", "admin@initech-it.example")
    login = client.post(
        "/v1/auth/login",
        json={"email": "admin@initech-it.example", "password": created["temporary_password"]},
    )
    assert login.status_code == 200
    session = login.json()["session"]
    weak = client.post(
        "/v1/auth/challenge", json={"session": session, "new_password": "password1234"}
    )
    assert weak.status_code == 400
    assert weak.json()["error"]["details"]["field"] == "new_password"
    setup = client.post("/v1/auth/challenge", json={"session": session, "new_password": PASSWORD})
    assert setup.json()["challenge"] == "MFA_SETUP"
    assert setup.json()["otpauth_uri"].startswith("otpauth://totp/Footprint:")
    wrong = client.post(
        "/v1/auth/challenge", json={"session": setup.json()["session"], "code": "000000"}
    )
    assert wrong.status_code == 401
    admin = setup_mfa(client, setup.json(), created["admin_user_id"], "admin@initech-it.example")
    assert admin.tokens["token_type"] == "Bearer"
    assert len(admin.tokens["recovery_codes"]) == 10
    me = client.get("/v1/me", headers=admin.headers)
    assert me.status_code == 200
    assert me.json()["role"] == "admin"
    assert me.json()["tenant_id"] == created["tenant_id"]
    # A TOTP code is good once.
    code = admin.code()
    first = client.post("/v1/auth/login", json={"email": admin.email, "password": PASSWORD})
    assert (
        client.post(
            "/v1/auth/challenge", json={"session": first.json()["session"], "code": code}
        ).status_code
        == 200
    )
    again = client.post("/v1/auth/login", json={"email": admin.email, "password": PASSWORD})
    replay = client.post(
        "/v1/auth/challenge", json={"session": again.json()["session"], "code": code}
    )
    assert replay.status_code == 401


def test_unknown_email_and_wrong_password_look_the_same(client: httpx.Client, acme: Tenant) -> None:
    answers = []
    for email in (acme.admin.email, "nobody-at-all@nowhere-it.example"):
        response = client.post(
            "/v1/auth/login", json={"email": email, "password": "not the password!"}
        )
        answers.append((response.status_code, response.json()))
    assert answers[0] == answers[1]
    assert answers[0][0] == 401


def test_five_failures_lock_the_account(client: httpx.Client, acme: Tenant) -> None:
    victim = join(client, acme.admin, "locked@acme-it.example", "viewer")
    for _ in range(5):
        assert (
            client.post(
                "/v1/auth/login", json={"email": victim.email, "password": "wrong password here"}
            ).status_code
            == 401
        )
    locked = client.post("/v1/auth/login", json={"email": victim.email, "password": PASSWORD})
    assert locked.status_code == 423
    assert locked.json()["error"]["details"]["retry_after_seconds"] <= 60
    events = client.get("/v1/audit", params={"limit": 200}, headers=acme.admin.headers).json()[
        "events"
    ]
    assert any(e["action"] == "signin.locked" and e["actor"] == victim.user_id for e in events)


def test_refresh_rotation_reuse_detection_and_logout(client: httpx.Client, acme: Tenant) -> None:
    member = join(client, acme.admin, "sessions@acme-it.example", "editor")
    original = member.tokens["refresh_token"]
    rotated = client.post("/v1/auth/refresh", json={"refresh_token": original})
    assert rotated.status_code == 200
    reuse = client.post("/v1/auth/refresh", json={"refresh_token": original})
    assert reuse.status_code == 401
    # The family is revoked: the newest refresh token and its access token stop at once.
    assert (
        client.post(
            "/v1/auth/refresh", json={"refresh_token": rotated.json()["refresh_token"]}
        ).status_code
        == 401
    )
    assert (
        client.get(
            "/v1/me", headers={"Authorization": f"Bearer {rotated.json()['access_token']}"}
        ).status_code
        == 401
    )
    fresh = sign_in(client, member)
    assert fresh.status_code == 200
    headers = {"Authorization": f"Bearer {fresh.json()['access_token']}"}
    assert client.get("/v1/me", headers=headers).status_code == 200
    assert (
        client.post(
            "/v1/auth/logout", json={"refresh_token": fresh.json()["refresh_token"]}
        ).status_code
        == 204
    )
    assert client.get("/v1/me", headers=headers).status_code == 401  # despite the authorizer cache
    events = client.get("/v1/audit", params={"limit": 200}, headers=acme.admin.headers).json()[
        "events"
    ]
    assert any(e["action"] == "refresh.reuse_detected" for e in events)


def test_disabling_and_role_changes_take_effect_at_once(client: httpx.Client, acme: Tenant) -> None:
    member = join(client, acme.admin, "disabled@acme-it.example", "editor")
    assert client.get("/v1/me", headers=member.headers).json()["role"] == "editor"
    demoted = client.patch(
        f"/v1/users/{member.user_id}", json={"role": "viewer"}, headers=acme.admin.headers
    )
    assert demoted.status_code == 200
    assert client.get("/v1/me", headers=member.headers).json()["role"] == "viewer"
    assert (
        client.patch(
            f"/v1/users/{member.user_id}", json={"disabled": True}, headers=acme.admin.headers
        ).status_code
        == 200
    )
    assert client.get("/v1/me", headers=member.headers).status_code == 401
    assert (
        client.post(
            "/v1/auth/refresh", json={"refresh_token": member.tokens["refresh_token"]}
        ).status_code
        == 401
    )


def test_last_admin_and_user_removal(client: httpx.Client, acme: Tenant) -> None:
    refused = client.patch(
        f"/v1/users/{acme.admin.user_id}", json={"role": "viewer"}, headers=acme.admin.headers
    )
    assert refused.status_code == 409
    assert (
        client.delete(f"/v1/users/{acme.admin.user_id}", headers=acme.admin.headers).status_code
        == 409
    )
    temporary = join(client, acme.admin, "temporary@acme-it.example", "auditor")
    assert (
        client.delete(f"/v1/users/{temporary.user_id}", headers=acme.admin.headers).status_code
        == 204
    )
    assert client.get("/v1/me", headers=temporary.headers).status_code == 401
    listed = client.get("/v1/users", headers=acme.admin.headers).json()["users"]
    assert temporary.user_id not in {user["user_id"] for user in listed}


def test_ip_allowlist_refuses_self_lockout(client: httpx.Client, acme: Tenant) -> None:
    lockout = client.put(
        "/v1/tenant/settings", json={"ip_allowlist": ["10.0.0.0/8"]}, headers=acme.admin.headers
    )
    assert lockout.status_code == 400
    assert lockout.json()["error"]["details"]["your_address"] == "127.0.0.1"
    bad = client.put(
        "/v1/tenant/settings", json={"ip_allowlist": ["nonsense"]}, headers=acme.admin.headers
    )
    assert bad.status_code == 400
    saved = client.put(
        "/v1/tenant/settings",
        json={"ip_allowlist": ["127.0.0.0/8", "::1/128"]},
        headers=acme.admin.headers,
    )
    assert saved.json() == {
        "ip_allowlist": ["127.0.0.0/8", "::1/128"],
        "staff_access_requires_customer_approval": False,
    }
    assert client.get("/v1/tenant/settings", headers=acme.admin.headers).status_code == 200
    assert (
        client.put(
            "/v1/tenant/settings", json={"ip_allowlist": []}, headers=acme.admin.headers
        ).status_code
        == 200
    )


def _protected_routes(client: httpx.Client) -> list[tuple[str, str, list[str]]]:
    document = client.get("/v1/openapi.json").json()
    routes = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            declared = operation.get("x-footprint-roles")
            if declared and declared != ["public"]:
                routes.append((method.upper(), path, list(declared)))
    assert len(routes) >= 10
    return routes


def _fill(path: str, values: dict[str, str]) -> str:
    return re.sub(r"\{([^}]+)\}", lambda m: values.get(m.group(1), values["*"]), path)


def test_every_route_answers_every_role_as_declared(client: httpx.Client, globex: Tenant) -> None:
    members = {"admin": globex.admin}
    for role in ROLES[1:]:
        members[role] = join(client, globex.admin, f"{role}@globex-it.example", role)
    for method, path, declared in _protected_routes(client):
        url = _fill(path, {"user_id": "u-0000000000000000", "*": "x-0000000000000000"})
        for role, member in members.items():
            body = {"unexpected": True} if method in ("POST", "PUT", "PATCH") else None
            answer = client.request(method, url, json=body, headers=member.headers)
            if role in declared:
                assert answer.status_code not in (401, 403), (method, path, role, answer.text)
            else:
                assert answer.status_code == 403, (method, path, role, answer.status_code)


def _attack(
    platform: RunningPlatform, client: httpx.Client, attacker: Tenant, victim: Tenant
) -> None:
    """Every protected route, with ``attacker``'s admin token and ``victim``'s real ids."""
    upload = client.post(
        "/v1/uploads",
        json={"filename": "victim.csv", "content_type": "text/csv", "size": 64},
        headers=victim.admin.headers,
    )
    assert upload.status_code in (200, 201, 202), upload.text
    engineer = staff_member(
        platform, client, "Eve", f"eve-{victim.tenant_id}@ops.example", "engineer"
    )
    request = client.post(
        "/v1/staff/access-requests",
        json={
            "tenant_id": victim.tenant_id,
            "scope": "read",
            "reason": "a request to the victim",
            "ticket": "SUP-1",
            "duration_minutes": 5,
        },
        headers=engineer.headers,
    )
    assert request.status_code == 201, request.text
    quarter = open_access_reviews(platform)["quarter"]
    sessions = client.get("/v1/me/sessions", headers=victim.admin.headers)
    assert sessions.status_code == 200, sessions.text
    domain = f"{victim.tenant_id}.victim.example"
    claimed = client.post(
        "/v1/tenant/domains", json={"domain": domain}, headers=victim.admin.headers
    )
    assert claimed.status_code in (200, 201), claimed.text
    token = client.post(
        "/v1/tenant/tokens",
        json={"name": "victim's ERP", "role": "viewer", "expires_in_days": 30},
        headers=victim.admin.headers,
    )
    assert token.status_code in (200, 201), token.text
    target = client.post(
        "/v1/targets",
        json={
            "name": "victim's target",
            "scopes": [1, 2],
            "scope2_method": "market",
            "base_year": 2020,
            "target_year": 2030,
            "reduction_pct": 42,
        },
        headers=victim.admin.headers,
    )
    assert target.status_code == 201, target.text
    ids = {
        "tenant_id": victim.tenant_id,
        "user_id": victim.admin.user_id,
        "upload_id": upload.json()["upload_id"],
        "review_id": f"{quarter}-{victim.tenant_id}",
        "item_id": victim.admin.user_id,
        "request_id": request.json()["request_id"],
        "session_id": sessions.json()["sessions"][0]["session_id"],
        "domain": domain,
        "token_id": token.json()["token"]["token_id"],
        "target_id": target.json()["target_id"],
    }
    revealing = [
        victim.tenant_id,
        victim.admin.user_id,
        victim.admin.email,
        ids["upload_id"],
        ids["request_id"],
        ids["session_id"],
        ids["token_id"],
        ids["target_id"],
    ]
    for method, path, _ in _protected_routes(client):
        names = re.findall(r"\{([^}]+)\}", path)
        assert set(names) <= set(ids), f"{path}: add a {names} of the victim's to this test"
        url = _fill(path, {**ids, "*": ""})
        bodies = {"PATCH": {"role": "viewer", "disabled": True}, "PUT": {"ip_allowlist": []}}
        body = bodies.get(method, {} if method == "POST" else None)
        if path.endswith("/items/{item_id}"):  # a valid decision: refused for its ids alone
            body = {"decision": "revoke", "reason": "attack"}
        if path.endswith("/deny"):  # a well-formed body, so the id is what is judged
            body = {"reason": "not yours"}
        answer = client.request(method, url, json=body, headers=attacker.admin.headers)
        if names:
            assert answer.status_code in (403, 404), (method, path, answer.status_code)
        for secret in revealing:
            assert secret not in answer.text, (method, path)
    # The victim's admin is untouched.
    me = client.get("/v1/me", headers=victim.admin.headers)
    assert (me.status_code, me.json()["role"]) == (200, "admin")
    kept = client.get(f"/v1/targets/{ids['target_id']}", headers=victim.admin.headers)
    assert kept.status_code == 200, kept.text


def test_one_tenant_cannot_reach_the_other(
    platform: RunningPlatform, client: httpx.Client, acme: Tenant, globex: Tenant
) -> None:
    _attack(platform, client, acme, globex)
    _attack(platform, client, globex, acme)


def test_the_seeded_demo_admin_signs_in_with_what_the_seed_printed(
    platform: RunningPlatform, client: httpx.Client
) -> None:
    from local.seed import DEMO_EMAIL, DEMO_PASSWORD, DEMO_TOTP_SECRET

    printed = "".join(platform.output)
    assert DEMO_EMAIL in printed
    assert DEMO_TOTP_SECRET in printed
    login = client.post("/v1/auth/login", json={"email": DEMO_EMAIL, "password": DEMO_PASSWORD})
    assert login.json()["challenge"] == "MFA"
    code = pyotp.TOTP(DEMO_TOTP_SECRET).at(time.time() + 30)  # the next step: never used before
    tokens = client.post(
        "/v1/auth/challenge", json={"session": login.json()["session"], "code": code}
    )
    assert tokens.status_code == 200
    me = client.get("/v1/me", headers={"Authorization": f"Bearer {tokens.json()['access_token']}"})
    assert me.json()["role"] == "admin"


def test_logs_hold_no_password_code_or_token(
    platform: RunningPlatform, client: httpx.Client, acme: Tenant
) -> None:
    member = join(client, acme.admin, "logs@acme-it.example", "viewer")
    client.post("/v1/auth/login", json={"email": member.email, "password": "a wrong password!"})
    client.get("/v1/me", headers=member.headers)
    logs = "".join(platform.output)
    assert "sign-in failed" in logs  # the failure was logged...
    for secret in (
        PASSWORD,
        "a wrong password!",
        member.secret,
        member.tokens["access_token"],
        member.tokens["refresh_token"].rsplit(".", 1)[1],
        *member.tokens["recovery_codes"],
    ):
        assert secret not in logs  # ...without what was typed or issued
