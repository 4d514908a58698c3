"""Verified domains on the local platform, over HTTP: a tenant claims a domain, publishes the
TXT record in the platform's local DNS file and verifies it; another tenant then can neither
claim it, invite into it nor let its IdP provision an address in it."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from local.running import RunningPlatform
from tests.support.platform_accounts import Tenant, onboard
from tests.support.platform_sso import configure_idp
from tests.support.saml_idp import OKTA

DOMAIN = "initech-dom.example"


@pytest.fixture(scope="module")
def initech(platform: RunningPlatform) -> Tenant:
    """A tenant that has verified ``DOMAIN``."""
    with platform.client() as client:
        tenant = onboard(platform, client, "Initech", f"admin@{DOMAIN}")
        claimed = client.post(
            "/v1/tenant/domains", json={"domain": DOMAIN}, headers=tenant.admin.headers
        )
        assert claimed.status_code == 201, claimed.text
        record = claimed.json()
        unpublished = client.post(
            f"/v1/tenant/domains/{DOMAIN}/verify", headers=tenant.admin.headers
        )
        assert unpublished.status_code == 409
        assert unpublished.json()["error"]["details"]["field"] == "domain"
        platform.publish_txt(record["record_name"], record["record_value"])
        verified = client.post(f"/v1/tenant/domains/{DOMAIN}/verify", headers=tenant.admin.headers)
        assert verified.status_code == 200, verified.text
        assert verified.json()["status"] == "verified"
        return tenant


def test_another_tenant_cannot_claim_or_invite_into_a_verified_domain(
    platform: RunningPlatform, client: httpx.Client, initech: Tenant
) -> None:
    hooli = onboard(platform, client, "Hooli", "admin@hooli-dom.example")
    claimed = client.post(
        "/v1/tenant/domains", json={"domain": DOMAIN.upper()}, headers=hooli.admin.headers
    )
    assert claimed.status_code == 409
    assert claimed.json()["error"]["details"]["field"] == "domain"
    invited = client.post(
        "/v1/users",
        json={"email": f"peter@{DOMAIN}", "role": "viewer"},
        headers=hooli.admin.headers,
    )
    assert invited.status_code == 409
    assert invited.json()["error"]["details"]["field"] == "email"
    # The holder invites into its own domain.
    own = client.post(
        "/v1/users",
        json={"email": f"peter@{DOMAIN}", "role": "viewer"},
        headers=initech.admin.headers,
    )
    assert own.status_code == 201, own.text
    listed = client.get("/v1/tenant/domains", headers=initech.admin.headers).json()["domains"]
    assert [(d["domain"], d["status"]) for d in listed] == [(DOMAIN, "verified")]


def test_idps_sign_in_only_what_the_verified_domains_allow(
    platform: RunningPlatform, client: httpx.Client, initech: Tenant, tmp_path: Path
) -> None:
    umbrella = onboard(platform, client, "Umbrella", "admin@umbrella-dom.example")
    idp, sp = configure_idp(client, umbrella, tmp_path / "umbrella", OKTA, password_login=True)
    view = client.get("/v1/tenant/sso", headers=umbrella.admin.headers).json()
    assert view["warnings"] == ["no_verified_domain"]

    def acs(email: str) -> httpx.Response:
        response = idp.response(
            sp_entity_id=sp["entity_id"], destination=sp["acs_url"], email=email
        )
        return client.post(
            f"/v1/auth/saml/{umbrella.tenant_id}/acs", data={"SAMLResponse": response}
        )

    # No verified domain: any address but one in another tenant's verified domain.
    assert acs(f"milton@{DOMAIN}").status_code == 403
    assert acs("alice@anywhere-dom.example").status_code == 200
    # Once Umbrella verifies its own domain, its IdP signs in only addresses in it.
    claimed = client.post(
        "/v1/tenant/domains",
        json={"domain": "umbrella-dom.example"},
        headers=umbrella.admin.headers,
    ).json()
    platform.publish_txt(claimed["record_name"], claimed["record_value"])
    verified = client.post(
        "/v1/tenant/domains/umbrella-dom.example/verify", headers=umbrella.admin.headers
    )
    assert verified.status_code == 200, verified.text
    assert acs("bob@umbrella-dom.example").status_code == 200
    assert acs("carol@anywhere-dom.example").status_code == 403
    view = client.get("/v1/tenant/sso", headers=umbrella.admin.headers).json()
    assert view["warnings"] == []
