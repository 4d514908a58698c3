"""Integration tokens over HTTP on the local platform: an admin makes one, a machine client
reads with it, never reaches an identity route, its uses are in the audit log and the list,
and after revocation its next call is refused."""

from __future__ import annotations

import httpx
import pytest

from local.running import RunningPlatform
from tests.support.platform_accounts import onboard

pytestmark = pytest.mark.integration

SUMMARY = "/v1/emissions/summary?from=2025-01&to=2025-12&group_by=scope"
TOKENS = "/v1/tenant/tokens"


def _bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def test_make_use_audit_and_revoke_a_token(platform: RunningPlatform, client: httpx.Client) -> None:
    tenant = onboard(platform, client, "Machines Ltd", "admin@machines.example")
    admin = tenant.admin.headers
    made = client.post(
        TOKENS, headers=admin, json={"name": "ERP export", "role": "viewer", "expires_in_days": 30}
    )
    assert made.status_code == 201, made.text
    secret, token_id = made.json()["secret"], made.json()["token"]["token_id"]
    assert secret.startswith("fpt_")
    machine = _bearer(secret)
    assert client.get(SUMMARY, headers=machine).status_code == 200
    assert client.get("/v1/uploads", headers=machine).status_code == 200
    # A viewer token cannot upload; no token reaches an identity route.
    assert client.post("/v1/uploads", headers=machine, json={}).status_code == 403
    for route in ("/v1/users", "/v1/me", TOKENS, "/v1/tenant/settings", "/v1/audit"):
        assert client.get(route, headers=machine).status_code == 403, route
    # The inventory settings are the tenant's data, not identity: a token reads them.
    assert client.get("/v1/tenant/inventory", headers=machine).status_code == 200
    listed = client.get(TOKENS, headers=admin)
    assert listed.status_code == 200
    assert secret not in listed.text
    (row,) = listed.json()["tokens"]
    assert row["uses"] >= 2
    assert row["last_used_at"] is not None
    audited = client.get("/v1/audit", headers=admin).text
    assert f"token:{token_id}" in audited
    assert "integration_token.request" in audited
    assert secret not in audited
    revoked = client.post(f"{TOKENS}/{token_id}/revoke", headers=admin)
    assert revoked.status_code == 200, revoked.text
    assert revoked.json()["state"] == "revoked"
    assert client.get(SUMMARY, headers=machine).status_code == 401
    assert client.get("/v1/uploads", headers=machine).status_code == 401


def test_an_unknown_or_altered_token_is_refused(client: httpx.Client) -> None:
    forged = "fpt_t-0000000000000000_0123456789abcdef_" + "0" * 64
    assert client.get("/v1/uploads", headers=_bearer(forged)).status_code == 401
