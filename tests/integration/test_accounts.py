"""A user's own sessions and an admin's MFA reset on the local platform, over HTTP."""

from __future__ import annotations

import httpx
import pytest

from local.running import RunningPlatform
from tests.support.platform_accounts import PASSWORD, Tenant, join, onboard, sign_in


@pytest.fixture(scope="module")
def initech(platform: RunningPlatform) -> Tenant:
    with platform.client() as client:
        return onboard(platform, client, "Initech Accounts", "admin@initech-acct.example")


def test_a_session_ended_in_the_list_stops_refreshing(
    client: httpx.Client, initech: Tenant
) -> None:
    member = join(client, initech.admin, "two-devices@initech-acct.example", "viewer")
    second = sign_in(client, member)
    assert second.status_code == 200
    listed = client.get("/v1/me/sessions", headers=member.headers).json()["sessions"]
    assert len(listed) == 2
    other = next(s for s in listed if not s["current"])
    assert other["session_id"] == second.json()["refresh_token"].split(".")[2]
    # httpx says who it is in its User-Agent: the session keeps only that coarse label.
    assert {s["device"] for s in listed} == {"Python httpx"}
    ended = client.delete(f"/v1/me/sessions/{other['session_id']}", headers=member.headers)
    assert ended.status_code == 204
    refused = client.post(
        "/v1/auth/refresh", json={"refresh_token": second.json()["refresh_token"]}
    )
    assert refused.status_code == 401
    second_headers = {"Authorization": f"Bearer {second.json()['access_token']}"}
    assert client.get("/v1/me", headers=second_headers).status_code == 401
    assert client.get("/v1/me", headers=member.headers).status_code == 200


def test_an_mfa_reset_forces_set_up_at_next_sign_in(client: httpx.Client, initech: Tenant) -> None:
    member = join(client, initech.admin, "lost-phone@initech-acct.example", "editor")
    reset = client.post(f"/v1/users/{member.user_id}/mfa-reset", headers=initech.admin.headers)
    assert reset.status_code == 204
    assert client.get("/v1/me", headers=member.headers).status_code == 401
    login = client.post("/v1/auth/login", json={"email": member.email, "password": PASSWORD})
    assert login.json()["challenge"] == "MFA_SETUP"
    events = client.get(
        "/v1/audit", params={"action": "user.mfa_reset"}, headers=initech.admin.headers
    ).json()["events"]
    assert [(e["actor"], e["target"]) for e in events] == [(initech.admin.user_id, member.user_id)]


def test_a_wrong_password_or_code_is_refused_without_signing_out(
    client: httpx.Client, initech: Tenant
) -> None:
    member = join(client, initech.admin, "typo@initech-acct.example", "viewer")
    wrong_password = client.post(
        "/v1/me/password",
        json={
            "current_password": "not my password",
            "new_password": "an entirely new passphrase 7",
            "code": member.code(),
        },
        headers=member.headers,
    )
    assert wrong_password.status_code == 403
    assert wrong_password.json()["error"]["details"]["field"] == "current_password"
    wrong_code = client.post(
        "/v1/me/recovery-codes", json={"code": "000000"}, headers=member.headers
    )
    assert wrong_code.status_code == 403
    assert wrong_code.json()["error"]["details"]["field"] == "code"
    assert client.get("/v1/me", headers=member.headers).status_code == 200
    changed = client.post(
        "/v1/me/password",
        json={
            "current_password": PASSWORD,
            "new_password": "an entirely new passphrase 7",
            "code": member.code(),
        },
        headers=member.headers,
    )
    assert changed.status_code == 204
