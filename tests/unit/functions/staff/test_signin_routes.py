"""The Staff function's sign-in routes over API Gateway proxy events: the staff console's
cookie mode beside the JSON mode, with a cookie of the staff realm's own (another name, the
staff routes' paths, the 8-hour session) that the tenant routes never read, nor it theirs;
and /v1/staff/me, which the console reads the member's role from."""

from __future__ import annotations

import json
from typing import Any

import pyotp

from footprint.api import refresh_cookie
from footprint.domain.auth.tokens import Realm
from footprint.domain.staff_access import StaffRole
from footprint.identity import signin
from tests.support.clock import Clock
from tests.support.handlers import invoke, proxy_answer, proxy_event
from tests.support.identity import PASSWORD, SOURCE_IP, Tenant
from tests.support.staff import Member, make_member, staff_authorizer_context

STAFF_APP, AUTH_APP = "fp_staff.app", "fp_auth.app"
COOKIE = "__Secure-fp_staff_refresh"
EIGHT_HOURS = 8 * 3600


def _post(
    path: str, body: dict[str, Any], cookie: str | None = None, name: str = COOKIE
) -> dict[str, Any]:
    headers = {"Cookie": f"theme=dark; {name}={cookie}"} if cookie else None
    app = STAFF_APP if path.startswith("/v1/staff/") else AUTH_APP
    return proxy_answer(app, proxy_event("POST", path, body=body, headers=headers))


def _set_cookies(answer: dict[str, Any]) -> list[str]:
    return list((answer.get("multiValueHeaders") or {}).get("Set-Cookie", []))


def _cookie_value(answer: dict[str, Any]) -> str:
    (value,) = {c.split(";")[0].split("=", 1)[1] for c in _set_cookies(answer)}
    return value


def _browser_sign_in(member: Member, clock: Clock) -> dict[str, Any]:
    clock.advance(30)  # each TOTP step is accepted once
    step = signin.login(member.email, PASSWORD, source_ip=SOURCE_IP, realm=Realm.STAFF)
    assert step.challenge == "MFA"
    return _post(
        "/v1/staff/auth/challenge",
        {
            "session": step.session,
            "code": pyotp.TOTP(member.secret).at(clock.now),
            "refresh_token_delivery": "cookie",
        },
    )


def test_the_console_gets_the_staff_cookie_on_the_staff_paths_only(clock: Clock) -> None:
    member = make_member("Grace", "grace@footprint.example", StaffRole.ENGINEER, clock)
    answer = _browser_sign_in(member, clock)
    assert answer["statusCode"] == 200
    assert set(json.loads(answer["body"])) == {
        "access_token",
        "expires_in",
        "token_type",
        "recovery_codes",
    }
    cookies = _set_cookies(answer)
    assert sorted(c.split("; Path=")[1].split(";")[0] for c in cookies) == [
        "/v1/staff/auth/logout",
        "/v1/staff/auth/refresh",
    ]
    for cookie in cookies:
        assert cookie.startswith(f"{COOKIE}=")
        attributes = cookie.split("; ")[1:]
        assert {"HttpOnly", "Secure", "SameSite=Strict", f"Max-Age={EIGHT_HOURS}"} <= set(
            attributes
        )
    assert _cookie_value(answer).startswith("staff.")
    assert refresh_cookie.STAFF.name != refresh_cookie.TENANT.name


def test_the_json_mode_keeps_the_refresh_token_in_the_body(clock: Clock) -> None:
    member = make_member("Grace", "grace@footprint.example", StaffRole.ENGINEER, clock)
    rotated = _post("/v1/staff/auth/refresh", {"refresh_token": member.tokens.refresh_token})
    assert rotated["statusCode"] == 200
    assert json.loads(rotated["body"])["refresh_token"].startswith("staff.")
    assert _set_cookies(rotated) == []


def test_the_staff_cookie_rotates_and_a_replayed_one_revokes_the_session(clock: Clock) -> None:
    member = make_member("Grace", "grace@footprint.example", StaffRole.ENGINEER, clock)
    first = _cookie_value(_browser_sign_in(member, clock))
    rotated = _post("/v1/staff/auth/refresh", {}, cookie=first)
    assert rotated["statusCode"] == 200
    assert "refresh_token" not in json.loads(rotated["body"])
    second = _cookie_value(rotated)
    assert second != first
    assert _post("/v1/staff/auth/refresh", {}, cookie=first)["statusCode"] == 401
    assert _post("/v1/staff/auth/refresh", {}, cookie=second)["statusCode"] == 401


def test_each_realm_reads_its_own_cookie_only(tenant: Tenant, clock: Clock) -> None:
    member = make_member("Grace", "grace@footprint.example", StaffRole.ENGINEER, clock)
    staff_token = _cookie_value(_browser_sign_in(member, clock))
    # The staff cookie at the tenant's refresh, under either name: refused.
    assert _post("/v1/auth/refresh", {}, cookie=staff_token)["statusCode"] == 401
    tenant_name = refresh_cookie.TENANT.name
    assert _post("/v1/auth/refresh", {}, cookie=staff_token, name=tenant_name)["statusCode"] == 401
    # A tenant user's refresh token in the tenant's cookie, at the staff refresh: refused.
    tenant_token = tenant.admin_tokens.refresh_token
    assert (
        _post("/v1/staff/auth/refresh", {}, cookie=tenant_token, name=tenant_name)["statusCode"]
        == 401
    )
    assert _post("/v1/staff/auth/refresh", {}, cookie=tenant_token)["statusCode"] == 401
    # Neither refusal touched the staff session.
    assert _post("/v1/staff/auth/refresh", {}, cookie=staff_token)["statusCode"] == 200


def test_signing_out_by_cookie_ends_the_session_and_clears_the_cookie(clock: Clock) -> None:
    member = make_member("Grace", "grace@footprint.example", StaffRole.ENGINEER, clock)
    token = _cookie_value(_browser_sign_in(member, clock))
    answer = _post("/v1/staff/auth/logout", {}, cookie=token)
    assert answer["statusCode"] == 204
    cleared = _set_cookies(answer)
    assert len(cleared) == 2
    assert all(c.startswith(f"{COOKIE}=;") and "Max-Age=0" in c for c in cleared)
    assert _post("/v1/staff/auth/refresh", {}, cookie=token)["statusCode"] == 401
    assert _post("/v1/staff/auth/logout", {})["statusCode"] == 401  # no cookie, no token


def test_signing_out_everywhere_ends_the_members_other_sessions(clock: Clock) -> None:
    member = make_member("Grace", "grace@footprint.example", StaffRole.ENGINEER, clock)
    browser = _cookie_value(_browser_sign_in(member, clock))
    other_device = member.tokens.refresh_token
    clock.advance(1)  # a session opened in the second of the cut-off ends too
    assert _post("/v1/staff/auth/logout", {"everywhere": True}, cookie=browser)["statusCode"] == 204
    assert _post("/v1/staff/auth/refresh", {"refresh_token": other_device})["statusCode"] == 401


def test_me_names_the_member_and_their_role(tenant: Tenant, clock: Clock) -> None:
    lead = make_member("Ada", "ada@footprint.example", StaffRole.LEAD, clock)
    status, me = invoke(
        STAFF_APP, proxy_event("GET", "/v1/staff/me", authorizer=staff_authorizer_context(lead))
    )
    assert (status, me) == (
        200,
        {"staff_id": lead.staff_id, "email": lead.email, "name": "Ada", "role": "lead"},
    )
