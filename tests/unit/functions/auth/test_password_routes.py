"""The Auth function's token routes over API Gateway proxy events: the browser's cookie mode
beside the JSON mode (sign-in, refresh with rotation and reuse detection, sign-out)."""

from __future__ import annotations

import json
from typing import Any

import pyotp

from footprint.identity import sessions, signin
from footprint.identity.accounts import TenantAccount
from tests.support.clock import Clock
from tests.support.handlers import proxy_answer, proxy_event
from tests.support.identity import PASSWORD, SOURCE_IP, Tenant, table_items

APP = "fp_auth.app"
COOKIE = "__Secure-fp_refresh"


def _mfa_session(tenant: Tenant, clock: Clock) -> tuple[str, str]:
    """A fresh MFA challenge for the tenant's admin and the code that answers it."""
    clock.advance(30)  # each TOTP step is accepted once
    step = signin.login(tenant.admin_email, PASSWORD, source_ip=SOURCE_IP)
    assert step.challenge == "MFA"
    return step.session, pyotp.TOTP(tenant.admin_secret).at(clock.now)


def _post(path: str, body: dict[str, Any], cookie: str | None = None) -> dict[str, Any]:
    headers = {"Cookie": f"theme=dark; {COOKIE}={cookie}"} if cookie else None
    return proxy_answer(APP, proxy_event("POST", path, body=body, headers=headers))


def _set_cookies(answer: dict[str, Any]) -> list[str]:
    return list((answer.get("multiValueHeaders") or {}).get("Set-Cookie", []))


def _cookie_value(answer: dict[str, Any]) -> str:
    values = {c.split(";")[0].split("=", 1)[1] for c in _set_cookies(answer)}
    (value,) = values
    return value


def _browser_sign_in(tenant: Tenant, clock: Clock) -> dict[str, Any]:
    session, code = _mfa_session(tenant, clock)
    return _post(
        "/v1/auth/challenge",
        {"session": session, "code": code, "refresh_token_delivery": "cookie"},
    )


def test_a_browser_gets_its_refresh_token_in_a_strict_cookie_on_two_paths_only(
    tenant: Tenant, clock: Clock
) -> None:
    answer = _browser_sign_in(tenant, clock)
    assert answer["statusCode"] == 200
    body = json.loads(answer["body"])
    assert set(body) == {"access_token", "expires_in", "token_type", "recovery_codes"}
    cookies = _set_cookies(answer)
    assert sorted(c.split("; Path=")[1].split(";")[0] for c in cookies) == [
        "/v1/auth/logout",
        "/v1/auth/refresh",
    ]
    for cookie in cookies:
        attributes = cookie.split("; ")[1:]
        assert {"HttpOnly", "Secure", "SameSite=Strict"} <= set(attributes)
        assert f"Max-Age={sessions.REFRESH_SECONDS}" in attributes
    assert _cookie_value(answer).startswith(tenant.context.tenant_id + ".")


def test_the_json_mode_keeps_the_refresh_token_in_the_body(tenant: Tenant, clock: Clock) -> None:
    session, code = _mfa_session(tenant, clock)
    answer = _post("/v1/auth/challenge", {"session": session, "code": code})
    assert answer["statusCode"] == 200
    assert json.loads(answer["body"])["refresh_token"].startswith(tenant.context.tenant_id)
    assert _set_cookies(answer) == []
    rotated = _post(
        "/v1/auth/refresh", {"refresh_token": json.loads(answer["body"])["refresh_token"]}
    )
    assert rotated["statusCode"] == 200
    assert "refresh_token" in json.loads(rotated["body"])
    assert _set_cookies(rotated) == []


def test_the_cookie_rotates_and_a_replayed_one_revokes_the_session(
    tenant: Tenant, clock: Clock
) -> None:
    first = _cookie_value(_browser_sign_in(tenant, clock))
    rotated = _post("/v1/auth/refresh", {}, cookie=first)
    assert rotated["statusCode"] == 200
    assert set(json.loads(rotated["body"])) == {
        "access_token",
        "expires_in",
        "token_type",
        "recovery_codes",
    }
    second = _cookie_value(rotated)
    assert second != first
    assert _post("/v1/auth/refresh", {}, cookie=first)["statusCode"] == 401  # a stolen copy
    # Reuse revoked the whole session: the browser's own newer cookie is dead too.
    assert _post("/v1/auth/refresh", {}, cookie=second)["statusCode"] == 401


def test_refresh_without_a_cookie_or_a_token_is_refused(tenant: Tenant) -> None:
    answer = _post("/v1/auth/refresh", {})
    assert answer["statusCode"] == 401
    assert json.loads(answer["body"])["error"]["code"] == "unauthenticated"


def test_signing_out_by_cookie_revokes_the_session_and_clears_the_cookie(
    tenant: Tenant, clock: Clock
) -> None:
    token = _cookie_value(_browser_sign_in(tenant, clock))
    answer = _post("/v1/auth/logout", {}, cookie=token)
    assert answer["statusCode"] == 204
    cleared = _set_cookies(answer)
    assert len(cleared) == 2
    assert all(c.startswith(f"{COOKIE}=;") and "Max-Age=0" in c for c in cleared)
    assert _post("/v1/auth/refresh", {}, cookie=token)["statusCode"] == 401


def test_signing_out_everywhere_by_cookie_ends_the_other_sessions(
    tenant: Tenant, clock: Clock
) -> None:
    browser = _cookie_value(_browser_sign_in(tenant, clock))
    other_device = tenant.admin_tokens.refresh_token
    assert _post("/v1/auth/logout", {"everywhere": True}, cookie=browser)["statusCode"] == 204
    assert _post("/v1/auth/refresh", {"refresh_token": other_device})["statusCode"] == 401


def test_a_session_keeps_a_coarse_device_label_never_the_user_agent(
    tenant: Tenant, clock: Clock
) -> None:
    user_agent = (
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.7; rv:133.0) Gecko/20100101 Firefox/133.0"
    )
    session, code = _mfa_session(tenant, clock)
    answer = proxy_answer(
        APP,
        proxy_event(
            "POST",
            "/v1/auth/challenge",
            body={"session": session, "code": code},
            headers={"user-agent": user_agent},  # headers are read whatever their case
        ),
    )
    assert answer["statusCode"] == 200
    session_id = json.loads(answer["body"])["refresh_token"].split(".")[2]
    account = TenantAccount(tenant.context, tenant.admin_id)
    item = sessions.session_of(account, session_id)
    assert item is not None
    assert item["device"] == "Firefox on macOS"
    assert not any("Gecko" in str(value) for value in table_items())
