"""SAML single sign-on on the local platform, over HTTP: an admin signs in with a password and
TOTP, configures the tenant's IdP (a real one: pysaml2) with PUT /v1/tenant/sso, and a user
the IdP vouches for signs in at the ACS and calls the API with the tokens it gets."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from local.running import RunningPlatform
from tests.support.platform_accounts import PASSWORD, Tenant, onboard
from tests.support.platform_sso import configure_idp
from tests.support.saml_idp import ENTRA, OKTA, SamlIdp


@pytest.fixture(scope="module")
def acme(
    platform: RunningPlatform, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Tenant, SamlIdp, dict[str, str]]]:
    with platform.client() as client:
        tenant = onboard(platform, client, "Acme", "admin@acme-saml.example")
        idp, sp = configure_idp(client, tenant, tmp_path_factory.mktemp("acme-idp"), ENTRA)
        yield tenant, idp, sp


def test_a_user_signs_in_through_the_idp_and_uses_the_api(
    client: httpx.Client, acme: tuple[Tenant, SamlIdp, dict[str, str]]
) -> None:
    tenant, idp, sp = acme
    response = idp.response(
        sp_entity_id=sp["entity_id"], destination=sp["acs_url"], email="Ada@Acme-Saml.example"
    )
    answer = client.post(
        f"/v1/auth/saml/{tenant.tenant_id}/acs",
        data={"SAMLResponse": response, "RelayState": "/emissions"},
    )
    assert answer.status_code == 200, answer.text
    tokens = answer.json()
    assert tokens["token_type"] == "Bearer"
    assert tokens["relay_state"] == "/emissions"
    me = client.get("/v1/me", headers={"Authorization": f"Bearer {tokens['access_token']}"})
    assert me.status_code == 200, me.text
    profile = me.json()
    assert profile["email"] == "ada@acme-saml.example"
    assert profile["role"] == "viewer"
    # The same response again is a replay.
    again = client.post(f"/v1/auth/saml/{tenant.tenant_id}/acs", data={"SAMLResponse": response})
    assert again.status_code == 401
    assert again.json()["error"]["details"] == {}
    # The refresh token works like any other session's.
    refreshed = client.post("/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert refreshed.status_code == 200, refreshed.text


def test_sp_initiated_sign_in_round_trip(
    client: httpx.Client, acme: tuple[Tenant, SamlIdp, dict[str, str]]
) -> None:
    tenant, idp, sp = acme
    redirect = client.get(
        f"/v1/auth/saml/{tenant.tenant_id}/login", params={"relay_state": "/reports"}
    )
    assert redirect.status_code == 302
    location = urlsplit(redirect.headers["Location"])
    assert location.netloc == f"{tenant.tenant_id}.idp.example"
    query = parse_qs(location.query)
    # The IdP reads our AuthnRequest and answers it.
    request = idp.server.parse_authn_request(query["SAMLRequest"][0])
    assert request.message.assertion_consumer_service_url == sp["acs_url"]
    response = idp.response(
        sp_entity_id=sp["entity_id"],
        destination=sp["acs_url"],
        email="grace@acme-saml.example",
        in_response_to=request.message.id,
    )
    answer = client.post(
        f"/v1/auth/saml/{tenant.tenant_id}/acs",
        data={"SAMLResponse": response, "RelayState": query["RelayState"][0]},
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["relay_state"] == "/reports"


def test_with_password_login_off_the_admin_cannot_use_a_password(
    client: httpx.Client, acme: tuple[Tenant, SamlIdp, dict[str, str]]
) -> None:
    tenant, _, _ = acme
    email = tenant.admin.email
    right = client.post("/v1/auth/login", json={"email": email, "password": PASSWORD})
    wrong = client.post("/v1/auth/login", json={"email": email, "password": "not it at all"})
    # The right password is refused exactly like a wrong one: the setting reveals nothing.
    assert right.status_code == wrong.status_code == 401
    assert right.json()["error"]["message"] == wrong.json()["error"]["message"]


def test_another_tenants_idp_cannot_sign_in_here(
    platform: RunningPlatform,
    client: httpx.Client,
    acme: tuple[Tenant, SamlIdp, dict[str, str]],
    tmp_path: Path,
) -> None:
    acme_tenant, _, acme_sp = acme
    globex = onboard(platform, client, "Globex", "admin@globex-saml.example")
    globex_idp, _ = configure_idp(client, globex, tmp_path, OKTA, password_login=True)
    # Globex's admins control their IdP and mint a response for Acme's SP.
    forged = globex_idp.response(
        sp_entity_id=acme_sp["entity_id"],
        destination=acme_sp["acs_url"],
        email="admin@acme-saml.example",
    )
    answer = client.post(
        f"/v1/auth/saml/{acme_tenant.tenant_id}/acs", data={"SAMLResponse": forged}
    )
    assert answer.status_code == 401
    # Each admin sees their own tenant's IdP.
    globex_view = client.get("/v1/tenant/sso", headers=globex.admin.headers).json()
    assert globex_view["identity_provider"]["entity_id"] == globex_idp.entity_id
    assert globex_view["settings"]["password_login"] is True
    acme_view = client.get("/v1/tenant/sso", headers=acme_tenant.admin.headers).json()
    assert acme_view["identity_provider"]["entity_id"] != globex_idp.entity_id


def test_a_browser_lands_in_the_app_and_exchanges_its_code_for_a_cookie_session(
    platform: RunningPlatform, acme: tuple[Tenant, SamlIdp, dict[str, str]]
) -> None:
    tenant, idp, sp = acme
    response = idp.response(
        sp_entity_id=sp["entity_id"], destination=sp["acs_url"], email="lin@acme-saml.example"
    )
    with platform.client() as browser:
        landed = browser.post(
            f"/v1/auth/saml/{tenant.tenant_id}/acs",
            data={"SAMLResponse": response, "RelayState": "/uploads"},
            headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"},
        )
        assert landed.status_code == 303, landed.text
        location = urlsplit(landed.headers["Location"])
        assert f"{location.scheme}://{location.netloc}" == platform.api_url
        assert location.path == "/uploads"
        code = parse_qs(location.fragment)["sso_code"][0]
        exchanged = browser.post("/v1/auth/saml/exchange", json={"code": code})
        assert exchanged.status_code == 200, exchanged.text
        assert "refresh_token" not in exchanged.json()
        # The session lives on in the cookie, as after a password sign-in in the browser
        # (sent by hand: the client keeps Secure cookies for https, as a browser keeps them
        # for any secure context, the loopback included).
        cookie = exchanged.cookies.get("__Secure-fp_refresh", path="/v1/auth/refresh")
        refreshed = browser.post(
            "/v1/auth/refresh", json={}, headers={"Cookie": f"__Secure-fp_refresh={cookie}"}
        )
        assert refreshed.status_code == 200, refreshed.text
        assert browser.post("/v1/auth/saml/exchange", json={"code": code}).status_code == 401
