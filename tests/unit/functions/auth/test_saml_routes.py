"""The SAML routes of the SSO function, driven with API Gateway proxy events: the ACS, SP
metadata and SP-initiated sign-in (public), and the tenant's SSO settings (admins only)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from saml2 import BINDING_HTTP_POST

from footprint.domain.tenancy import Role, TenantContext
from footprint.identity import onboarding, sessions, users
from tests.support.dns import verified
from tests.support.identity import SOURCE_IP, authorizer_context
from tests.support.saml_idp import ENTRA, SamlIdp, make_key_and_certificate

PUBLIC_BASE_URL = "https://api.footprint.example"
WEB_BASE_URL = "https://app.footprint.example"
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.fixture(autouse=True)
def public_url(identity: object, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOOTPRINT_PUBLIC_BASE_URL", PUBLIC_BASE_URL)
    monkeypatch.setenv("FOOTPRINT_WEB_BASE_URL", WEB_BASE_URL)


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("keys")
    return make_key_and_certificate(root, "idp.example")


def call(
    method: str,
    path: str,
    *,
    body: str | None = None,
    content_type: str = "application/json",
    query: dict[str, str] | None = None,
    authorizer: dict[str, str] | None = None,
    accept: str | None = None,
) -> dict[str, Any]:
    from fp_auth.sso_app import lambda_handler
    from local.lambdas import LambdaContext

    headers = {"Content-Type": content_type, "Host": "api.footprint.example"}
    if accept is not None:
        headers["Accept"] = accept
    event: dict[str, Any] = {
        "resource": path,
        "path": path,
        "httpMethod": method,
        "headers": headers,
        "multiValueHeaders": {name: [value] for name, value in headers.items()},
        "queryStringParameters": query,
        "multiValueQueryStringParameters": {k: [v] for k, v in query.items()} if query else None,
        "pathParameters": None,
        "stageVariables": None,
        "body": body,
        "isBase64Encoded": False,
        "requestContext": {
            "accountId": "123456789012",
            "apiId": "local",
            "resourcePath": path,
            "httpMethod": method,
            "path": f"/dev{path}",
            "stage": "dev",
            "requestId": "req-1",
            "identity": {"sourceIp": SOURCE_IP},
            **({"authorizer": authorizer} if authorizer else {}),
        },
    }
    answer: dict[str, Any] = lambda_handler(event, LambdaContext("SsoFunction", 1024, 25))
    return answer


def header(answer: dict[str, Any], name: str) -> str:
    values = (answer.get("multiValueHeaders") or {}).get(name) or [answer["headers"][name]]
    return str(values[0])


def json_body(answer: dict[str, Any]) -> Any:
    return json.loads(answer["body"])


def bearer(context: TenantContext, user_id: str) -> dict[str, str]:
    """What the authorizer passes on for a verified token of ``user_id``."""
    user = users.get_user(context, user_id)
    tokens = sessions.issue_tokens(context, user, source_ip=SOURCE_IP, method="password")
    return authorizer_context(context, user_id, user.role, tokens)


@pytest.fixture
def tenant() -> tuple[TenantContext, dict[str, str]]:
    created = onboarding.create_tenant("Acme", "admin@acme.example")
    context = TenantContext.for_operator(created.tenant_id)
    return context, bearer(context, created.admin_user_id)


def sso_body(idp: SamlIdp, **overrides: object) -> str:
    return json.dumps(
        {
            "idp_metadata_xml": idp.metadata_xml,
            "email_attribute": idp.shape.email_attribute,
            "name_attribute": idp.shape.name_attribute,
            "default_role": "viewer",
            "password_login": False,
        }
        | overrides
    )


@pytest.fixture
def configured(
    tenant: tuple[TenantContext, dict[str, str]], keys: tuple[Path, Path], tmp_path: Path
) -> tuple[TenantContext, SamlIdp]:
    context, admin = tenant
    metadata = call("GET", f"/v1/auth/saml/{context.tenant_id}/metadata")["body"]
    idp = SamlIdp(
        tmp_path,
        entity_id="https://sts.windows.example/acme/",
        sp_metadata=[metadata],
        shape=ENTRA,
        key_files=keys,
    )
    answer = call("PUT", "/v1/tenant/sso", body=sso_body(idp), authorizer=admin)
    assert answer["statusCode"] == 200, answer["body"]
    return context, idp


def acs_url(context: TenantContext) -> str:
    return f"{PUBLIC_BASE_URL}/v1/auth/saml/{context.tenant_id}/acs"


def entity_id(context: TenantContext) -> str:
    return f"{PUBLIC_BASE_URL}/v1/auth/saml/{context.tenant_id}/metadata"


def post_acs(
    context: TenantContext, form: dict[str, str], accept: str | None = None
) -> dict[str, Any]:
    return call(
        "POST",
        f"/v1/auth/saml/{context.tenant_id}/acs",
        body=urlencode(form),
        content_type="application/x-www-form-urlencoded",
        accept=accept,
    )


def test_metadata_is_served_as_saml_metadata(tenant: tuple[TenantContext, dict[str, str]]) -> None:
    context, _ = tenant
    answer = call("GET", f"/v1/auth/saml/{context.tenant_id}/metadata")
    assert answer["statusCode"] == 200
    assert header(answer, "Content-Type") == "application/samlmetadata+xml"
    assert f'entityID="{entity_id(context)}"' in answer["body"]
    assert f'Location="{acs_url(context)}"' in answer["body"]


def test_unknown_tenants_have_no_saml_urls() -> None:
    for path in ("/v1/auth/saml/t-nosuch/metadata", "/v1/auth/saml/t-nosuch/login"):
        answer = call("GET", path)
        assert answer["statusCode"] == 404
        assert json_body(answer)["error"]["code"] == "not_found"


def test_admins_see_what_to_give_their_idp_before_configuring(
    tenant: tuple[TenantContext, dict[str, str]],
) -> None:
    context, admin = tenant
    view = json_body(call("GET", "/v1/tenant/sso", authorizer=admin))
    assert view["configured"] is False
    assert view["settings"] is None
    assert view["identity_provider"] is None
    assert view["service_provider"] == {
        "entity_id": entity_id(context),
        "acs_url": acs_url(context),
        "metadata_url": entity_id(context),
        "login_url": f"{PUBLIC_BASE_URL}/v1/auth/saml/{context.tenant_id}/login",
    }


def test_admins_set_sso_and_see_what_the_metadata_said(
    configured: tuple[TenantContext, SamlIdp], tenant: tuple[TenantContext, dict[str, str]]
) -> None:
    _, admin = tenant
    _, idp = configured
    view = json_body(call("GET", "/v1/tenant/sso", authorizer=admin))
    assert view["configured"] is True
    assert view["settings"]["default_role"] == "viewer"
    assert view["settings"]["password_login"] is False
    assert view["identity_provider"]["entity_id"] == idp.entity_id
    assert view["identity_provider"]["sso_url"] == "https://sts.windows.example/sso/saml"
    assert view["identity_provider"]["sign_in_directions"] == {
        "idp_initiated": True,
        "sp_initiated": "redirect",
    }
    assert len(view["identity_provider"]["signing_certificates"][0]["sha256_fingerprint"]) == 64


def test_sso_without_a_verified_domain_is_answered_with_a_warning(
    configured: tuple[TenantContext, SamlIdp], tenant: tuple[TenantContext, dict[str, str]]
) -> None:
    context, admin = tenant
    assert json_body(call("GET", "/v1/tenant/sso", authorizer=admin))["warnings"] == [
        "no_verified_domain"
    ]
    verified(context, "acme.example")
    assert json_body(call("GET", "/v1/tenant/sso", authorizer=admin))["warnings"] == []


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"idp_metadata_xml": "<nope/>"}, "idp_metadata_xml"),
        ({"default_role": "admin"}, "default_role"),
        ({"default_role": "owner"}, "default_role"),
        ({"email_attribute": ""}, "email_attribute"),
    ],
)
def test_bad_sso_settings_name_the_field(
    configured: tuple[TenantContext, SamlIdp],
    tenant: tuple[TenantContext, dict[str, str]],
    overrides: dict[str, object],
    field: str,
) -> None:
    _, admin = tenant
    _, idp = configured
    answer = call("PUT", "/v1/tenant/sso", body=sso_body(idp, **overrides), authorizer=admin)
    assert answer["statusCode"] == 400
    error = json_body(answer)["error"]
    fields = [error["details"].get("field")] + [
        problem["field"] for problem in error["details"].get("errors", [])
    ]
    assert field in fields
    # Nothing changed.
    view = json_body(call("GET", "/v1/tenant/sso", authorizer=admin))
    assert view["settings"]["default_role"] == "viewer"


@pytest.mark.parametrize("role", [Role.EDITOR, Role.VIEWER, Role.AUDITOR])
def test_only_admins_see_or_change_sso(
    tenant: tuple[TenantContext, dict[str, str]], role: Role
) -> None:
    context, _ = tenant
    member = users.create_user(
        context, email=f"{role.value}@acme.example", name="", role=role, status=users.ACTIVE
    )
    caller = bearer(context, member.user_id)
    assert call("GET", "/v1/tenant/sso", authorizer=caller)["statusCode"] == 403
    # Refused for the role, whatever the body.
    assert call("PUT", "/v1/tenant/sso", body="{}", authorizer=caller)["statusCode"] == 403


def test_idp_initiated_sign_in_answers_tokens(configured: tuple[TenantContext, SamlIdp]) -> None:
    context, idp = configured
    response = idp.response(
        sp_entity_id=entity_id(context), destination=acs_url(context), email="new@acme.example"
    )
    answer = post_acs(context, {"SAMLResponse": response, "RelayState": "/emissions"})
    assert answer["statusCode"] == 200, answer["body"]
    body = json_body(answer)
    assert body["token_type"] == "Bearer"
    assert body["access_token"]
    assert body["refresh_token"]
    assert body["relay_state"] == "/emissions"
    assert header(answer, "Cache-Control") == "no-store"
    found = users.lookup_email("new@acme.example")
    assert found is not None
    assert users.get_user(context, found[1]).role is Role.VIEWER


def test_a_rejected_response_is_a_bare_401(configured: tuple[TenantContext, SamlIdp]) -> None:
    context, idp = configured
    response = idp.response(sp_entity_id=entity_id(context), destination=acs_url(context))
    assert post_acs(context, {"SAMLResponse": response})["statusCode"] == 200
    replayed = post_acs(context, {"SAMLResponse": response})
    assert replayed["statusCode"] == 401
    error = json_body(replayed)["error"]
    assert error["code"] == "unauthenticated"
    assert error["details"] == {}
    assert "replay" not in replayed["body"]


def test_the_acs_needs_a_saml_response(configured: tuple[TenantContext, SamlIdp]) -> None:
    context, _ = configured
    answer = post_acs(context, {"RelayState": "/x"})
    assert answer["statusCode"] == 400
    assert json_body(answer)["error"]["code"] == "invalid_input"


def test_sp_initiated_sign_in_redirects_to_the_idp(
    configured: tuple[TenantContext, SamlIdp],
) -> None:
    context, _ = configured
    answer = call(
        "GET", f"/v1/auth/saml/{context.tenant_id}/login", query={"relay_state": "/reports"}
    )
    assert answer["statusCode"] == 302
    location = urlsplit(header(answer, "Location"))
    assert f"{location.scheme}://{location.netloc}{location.path}" == (
        "https://sts.windows.example/sso/saml"
    )
    query = parse_qs(location.query)
    assert query["RelayState"] == ["/reports"]
    assert query["SAMLRequest"]


def test_sp_initiated_sign_in_refuses_an_open_redirect(
    configured: tuple[TenantContext, SamlIdp],
) -> None:
    context, _ = configured
    answer = call(
        "GET",
        f"/v1/auth/saml/{context.tenant_id}/login",
        query={"relay_state": "https://evil.example/"},
    )
    assert answer["statusCode"] == 400
    assert json_body(answer)["error"]["details"]["field"] == "relay_state"


def test_a_browser_is_sent_to_the_app_with_a_code_it_exchanges_once(
    configured: tuple[TenantContext, SamlIdp],
) -> None:
    context, idp = configured
    response = idp.response(
        sp_entity_id=entity_id(context), destination=acs_url(context), email="b@acme.example"
    )
    answer = post_acs(
        context, {"SAMLResponse": response, "RelayState": "/uploads"}, accept=BROWSER_ACCEPT
    )
    assert answer["statusCode"] == 303, answer["body"]
    location = urlsplit(header(answer, "Location"))
    assert f"{location.scheme}://{location.netloc}{location.path}" == f"{WEB_BASE_URL}/uploads"
    assert not location.query  # the code is in the fragment: no server or log sees it
    code = parse_qs(location.fragment)["sso_code"][0]
    exchanged = call("POST", "/v1/auth/saml/exchange", body=json.dumps({"code": code}))
    assert exchanged["statusCode"] == 200, exchanged["body"]
    body = json_body(exchanged)
    assert body["access_token"]
    assert "refresh_token" not in body  # in the HttpOnly cookie instead
    cookies = exchanged["multiValueHeaders"]["Set-Cookie"]
    assert all(c.startswith("__Secure-fp_refresh=") and "HttpOnly" in c for c in cookies)
    again = call("POST", "/v1/auth/saml/exchange", body=json.dumps({"code": code}))
    assert again["statusCode"] == 401


def test_a_browser_whose_response_is_refused_is_told_so_by_the_app(
    configured: tuple[TenantContext, SamlIdp],
) -> None:
    context, idp = configured
    response = idp.response(sp_entity_id=entity_id(context), destination=acs_url(context))
    assert post_acs(context, {"SAMLResponse": response})["statusCode"] == 200
    replayed = post_acs(context, {"SAMLResponse": response}, accept=BROWSER_ACCEPT)
    assert replayed["statusCode"] == 303
    assert header(replayed, "Location") == f"{WEB_BASE_URL}/#sso_error=unauthenticated"


def test_the_app_starts_sign_in_by_the_redirect_binding(
    configured: tuple[TenantContext, SamlIdp],
) -> None:
    context, _ = configured
    answer = call(
        "POST",
        f"/v1/auth/saml/{context.tenant_id}/start",
        body=json.dumps({"relay_state": "/reports"}),
    )
    assert answer["statusCode"] == 200, answer["body"]
    start = json_body(answer)
    assert start["binding"] == "redirect"
    assert start["fields"] == {}
    assert start["url"].startswith("https://sts.windows.example/sso/saml?")
    assert parse_qs(urlsplit(start["url"]).query)["RelayState"] == ["/reports"]
    unknown = call("POST", "/v1/auth/saml/t-nosuch/start", body="{}")
    assert unknown["statusCode"] == 404


def test_the_app_starts_sign_in_from_an_address_in_a_verified_domain(
    configured: tuple[TenantContext, SamlIdp],
) -> None:
    context, _ = configured

    def email_start(email: str) -> dict[str, Any]:
        body = json.dumps({"email": email, "relay_state": "/reports"})
        return call("POST", "/v1/auth/saml/email-start", body=body)

    # Before the domain is verified, its addresses find no one.
    assert email_start("grace@acme.example")["statusCode"] == 404
    verified(context, "acme.example")
    answer = email_start("Grace@ACME.example")
    assert answer["statusCode"] == 200, answer["body"]
    start = json_body(answer)
    assert start["binding"] == "redirect"
    assert start["url"].startswith("https://sts.windows.example/sso/saml?")
    assert parse_qs(urlsplit(start["url"]).query)["RelayState"] == ["/reports"]
    # One answer for a malformed address, an unknown domain and a tenant without SSO.
    other = onboarding.create_tenant("Globex", "admin@globex.example")
    verified(
        TenantContext.for_operator(other.tenant_id).acting_as(other.admin_user_id, Role.ADMIN),
        "globex.example",
    )
    refusals = [email_start(e) for e in ("nobody", "a@unknown.example", "a@globex.example")]
    assert {r["statusCode"] for r in refusals} == {404}
    assert len({r["body"] for r in refusals}) == 1


@pytest.fixture
def posting(
    tenant: tuple[TenantContext, dict[str, str]], keys: tuple[Path, Path], tmp_path: Path
) -> tuple[TenantContext, SamlIdp]:
    """The tenant's IdP offers only an HTTP-POST sign-on URL."""
    context, admin = tenant
    metadata = call("GET", f"/v1/auth/saml/{context.tenant_id}/metadata")["body"]
    idp = SamlIdp(
        tmp_path,
        entity_id="https://idp.posting.example/saml",
        sp_metadata=[metadata],
        shape=ENTRA,
        key_files=keys,
        sso_binding=BINDING_HTTP_POST,
    )
    answer = call("PUT", "/v1/tenant/sso", body=sso_body(idp), authorizer=admin)
    assert answer["statusCode"] == 200, answer["body"]
    assert json_body(answer)["identity_provider"]["sign_in_directions"] == {
        "idp_initiated": True,
        "sp_initiated": "post",
    }
    return context, idp


def test_an_idp_that_takes_only_posts_gets_a_form_from_the_app(
    posting: tuple[TenantContext, SamlIdp],
) -> None:
    context, idp = posting
    answer = call(
        "POST", f"/v1/auth/saml/{context.tenant_id}/start", body=json.dumps({"relay_state": "/"})
    )
    start = json_body(answer)
    assert start["binding"] == "post"
    assert start["url"] == idp.sso_url
    assert set(start["fields"]) == {"SAMLRequest", "RelayState"}
    # The login URL an IdP's dashboard links to hands over to the app, which posts the form.
    login = call(
        "GET", f"/v1/auth/saml/{context.tenant_id}/login", query={"relay_state": "/reports"}
    )
    assert login["statusCode"] == 303
    assert header(login, "Location") == f"{WEB_BASE_URL}/reports#sso_start={context.tenant_id}"
