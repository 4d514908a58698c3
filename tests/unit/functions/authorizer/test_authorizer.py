"""The REQUEST authorizer: KMS-signed tokens, pinned algorithm, status, session, IP allowlist."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from footprint.domain.staff_access import StaffRole
from footprint.domain.tenancy import Role
from footprint.identity import sessions, staff, tenants, users
from tests.support.clock import Clock
from tests.support.identity import SOURCE_IP, Tenant, add_member, expiry
from tests.support.staff import make_member

METHOD_ARN = "arn:aws:execute-api:us-east-2:123456789012:abc123/dev/GET/v1/me"


def _event(token: str | None, source_ip: str = SOURCE_IP, **headers: str) -> dict[str, Any]:
    all_headers = dict(headers)
    if token is not None:
        all_headers["Authorization"] = f"Bearer {token}"
    return {
        "type": "REQUEST",
        "methodArn": METHOD_ARN,
        "headers": all_headers,
        "requestContext": {"identity": {"sourceIp": source_ip}},
    }


def _authorize(event: dict[str, Any]) -> dict[str, Any]:
    from fp_authorizer.app import authorize

    answer: dict[str, Any] = authorize(event)
    return answer


def _refused(event: dict[str, Any]) -> None:
    with pytest.raises(Exception, match=r"^Unauthorized$"):
        _authorize(event)


def test_a_valid_token_is_allowed_on_the_whole_api_with_string_context(tenant: Tenant) -> None:
    answer = _authorize(_event(tenant.admin_tokens.access_token))
    statement = answer["policyDocument"]["Statement"][0]
    assert statement == {
        "Action": "execute-api:Invoke",
        "Effect": "Allow",
        "Resource": "arn:aws:execute-api:us-east-2:123456789012:abc123/dev/*/*",
    }
    context = answer["context"]
    assert context["tenant_id"] == tenant.context.tenant_id
    assert context["user_id"] == tenant.admin_id
    assert context["role"] == "admin"
    assert context["expires_at"] == str(expiry(tenant.admin_tokens))  # the guard checks it
    assert all(isinstance(value, str) for value in context.values())
    assert answer["principalId"] == tenant.admin_id


@pytest.mark.parametrize("header", [None, "", "Basic abc", "Bearer", "Bearer not.a.token"])
def test_missing_or_malformed_tokens_are_unauthorized(tenant: Tenant, header: str | None) -> None:
    event = _event(None)
    if header is not None:
        event["headers"]["Authorization"] = header
    _refused(event)


def test_a_tampered_token_is_unauthorized(tenant: Tenant) -> None:
    header, claims, signature = tenant.admin_tokens.access_token.split(".")
    decoded = json.loads(base64.urlsafe_b64decode(claims + "=" * (-len(claims) % 4)))
    decoded["role"] = "admin"
    decoded["tenant_id"] = "t-0000000000000000"
    forged = base64.urlsafe_b64encode(json.dumps(decoded).encode()).rstrip(b"=").decode()
    _refused(_event(f"{header}.{forged}.{signature}"))


def test_an_expired_token_is_unauthorized(tenant: Tenant, monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    later = time.time() + 3600
    monkeypatch.setattr("footprint.domain.auth.tokens.time.time", lambda: later)
    _refused(_event(tenant.admin_tokens.access_token))


def test_a_token_of_another_issuer_is_unauthorized(
    tenant: Tenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FOOTPRINT_TOKEN_ISSUER", "https://another-stack.footprint/dev")
    _refused(_event(tenant.admin_tokens.access_token))


def test_disabled_users_and_revoked_sessions_are_unauthorized(tenant: Tenant, clock: Clock) -> None:
    user_id, tokens = add_member(tenant, Role.VIEWER, "v@acme.example", clock)
    assert _authorize(_event(tokens.access_token))["context"]["role"] == "viewer"
    admin = tenant.context.acting_as(tenant.admin_id, Role.ADMIN)
    users.update_user(admin, user_id, role=None, disabled=True, source_ip=SOURCE_IP)
    _refused(_event(tokens.access_token))
    sessions.logout(tenant.admin_tokens.refresh_token, source_ip=SOURCE_IP)
    _refused(_event(tenant.admin_tokens.access_token))


def test_the_allowlist_uses_the_source_ip_never_forwarded_headers(tenant: Tenant) -> None:
    admin = tenant.context.acting_as(tenant.admin_id, Role.ADMIN)
    tenants.update_allowlist(admin, [f"{SOURCE_IP}/32"], caller_ip=SOURCE_IP)
    assert (
        _authorize(_event(tenant.admin_tokens.access_token))["policyDocument"]["Statement"][0][
            "Effect"
        ]
        == "Allow"
    )
    spoofed = _event(
        tenant.admin_tokens.access_token, source_ip="203.0.113.50", **{"X-Forwarded-For": SOURCE_IP}
    )
    answer = _authorize(spoofed)
    assert answer["policyDocument"]["Statement"][0]["Effect"] == "Deny"
    assert answer["context"] == {}


def test_behind_cloudfront_the_allowlist_sees_the_viewer_the_secret_vouches_for(
    tenant: Tenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FOOTPRINT_ORIGIN_SECRET", "origin-secret-of-the-stack")
    admin = tenant.context.acting_as(tenant.admin_id, Role.ADMIN)
    tenants.update_allowlist(admin, [f"{SOURCE_IP}/32"], caller_ip=SOURCE_IP)
    edge = "130.176.0.10"  # a CloudFront edge, outside the allowlist

    def effect(**headers: str) -> str:
        answer = _authorize(_event(tenant.admin_tokens.access_token, source_ip=edge, **headers))
        return str(answer["policyDocument"]["Statement"][0]["Effect"])

    viewer = {"X-Footprint-Viewer-Ip": SOURCE_IP}
    assert effect(**viewer, **{"X-Footprint-Origin-Verify": "origin-secret-of-the-stack"}) == (
        "Allow"
    )
    # Without the secret (a direct call to the API naming an allowed viewer) the header is
    # ignored: the caller is the connection's address.
    assert effect(**viewer) == "Deny"
    assert effect(**viewer, **{"X-Footprint-Origin-Verify": "a guess"}) == "Deny"


def test_the_handler_entry_point_answers_like_authorize(tenant: Tenant) -> None:
    from fp_authorizer.app import lambda_handler
    from local.lambdas import LambdaContext

    answer = lambda_handler(
        _event(tenant.admin_tokens.access_token), LambdaContext("authorizer", 1024, 25)
    )
    assert answer["policyDocument"]["Statement"][0]["Effect"] == "Allow"


def test_a_staff_token_is_allowed_as_staff_naming_no_tenant(clock: Clock) -> None:
    member = make_member("Ada", "ada@footprint.example", StaffRole.LEAD, clock)
    answer = _authorize(_event(member.tokens.access_token))
    assert answer["policyDocument"]["Statement"][0]["Effect"] == "Allow"
    context = answer["context"]
    assert context["realm"] == "staff"
    assert "tenant_id" not in context
    assert (context["user_id"], context["role"]) == (member.staff_id, "lead")
    staff.set_status(member.staff_id, active=False)
    _refused(_event(member.tokens.access_token))
