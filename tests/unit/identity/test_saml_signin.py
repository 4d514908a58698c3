"""SAML sign-in against the whole template in moto: settings stored per tenant, users
provisioned just in time, sessions opened, requests and assertion ids kept per tenant."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT

from footprint.adapters.repository import TenantRepository
from footprint.domain.auth.saml import Rejection, SamlRejected, ServiceProvider
from footprint.domain.auth.sso_settings import SsoBinding
from footprint.domain.errors import Forbidden, InvalidInput, NotFound, Unauthenticated
from footprint.domain.tenancy import Role, TenantContext
from footprint.identity import audit, onboarding, saml_signin, sessions, users
from footprint.identity.sso import SsoSettings, load_sso_settings
from tests.support.clock import Clock
from tests.support.dns import verified
from tests.support.identity import SOURCE_IP
from tests.support.saml_idp import ENTRA, OKTA, SamlIdp, Shape, make_key_and_certificate

PUBLIC_BASE_URL = "https://api.footprint.example/prod"


@pytest.fixture(autouse=True)
def public_url(identity: object, monkeypatch: pytest.MonkeyPatch) -> None:
    """The API's public URL, as the template's Globals give every function."""
    monkeypatch.setenv("FOOTPRINT_PUBLIC_BASE_URL", PUBLIC_BASE_URL)


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    root = tmp_path_factory.mktemp("keys")
    return {name: make_key_and_certificate(root / name, name) for name in ("a", "b")}


def admin_of(name: str, email: str) -> TenantContext:
    created = onboarding.create_tenant(name, email)
    return TenantContext.for_operator(created.tenant_id).acting_as(
        created.admin_user_id, Role.ADMIN
    )


def idp_for(
    context: TenantContext,
    keys: tuple[Path, Path],
    directory: Path,
    shape: Shape = OKTA,
    binding: str = BINDING_HTTP_REDIRECT,
) -> SamlIdp:
    host = f"{context.tenant_id}.idp.example"
    return SamlIdp(
        directory,
        entity_id=f"https://{host}/saml",
        sp_metadata=[saml_signin.metadata(context.tenant_id)],
        shape=shape,
        key_files=keys,
        sso_binding=binding,
    )


def configure(
    context: TenantContext, idp: SamlIdp, default_role: Role = Role.EDITOR
) -> SsoSettings:
    settings = SsoSettings(
        idp_metadata_xml=idp.metadata_xml,
        email_attribute=idp.shape.email_attribute,
        name_attribute=idp.shape.name_attribute,
        default_role=default_role,
        password_login=False,
    )
    saml_signin.save(context, settings, source_ip=SOURCE_IP)
    return settings


def sp(context: TenantContext) -> ServiceProvider:
    return saml_signin.service_provider(context)


def post(context: TenantContext, idp: SamlIdp, **arguments: object) -> saml_signin.SamlSignedIn:
    target = sp(context)
    response = idp.response(sp_entity_id=target.entity_id, destination=target.acs_url, **arguments)
    return saml_signin.complete(context.tenant_id, response, None, source_ip=SOURCE_IP)


@pytest.fixture
def acme(keys: dict[str, tuple[Path, Path]], tmp_path: Path) -> tuple[TenantContext, SamlIdp]:
    context = admin_of("Acme", "admin@acme.example")
    idp = idp_for(context, keys["a"], tmp_path / "acme")
    configure(context, idp)
    return context, idp


def test_the_sp_lives_under_the_configured_public_url(acme: tuple[TenantContext, SamlIdp]) -> None:
    context, _ = acme
    assert sp(context).acs_url == (f"{PUBLIC_BASE_URL}/v1/auth/saml/{context.tenant_id}/acs")


def test_settings_are_checked_stored_and_audited(acme: tuple[TenantContext, SamlIdp]) -> None:
    context, idp = acme
    stored = load_sso_settings(context)
    assert stored is not None
    assert stored.idp_metadata_xml == idp.metadata_xml
    configuration = saml_signin.configuration(context)
    assert configuration is not None
    assert configuration.identity_provider.entity_id == idp.entity_id
    actions = [event.action for event in audit.list_events(context)[0]]
    assert "sso.settings_changed" in actions


def test_settings_with_bad_metadata_are_not_stored(keys: dict[str, tuple[Path, Path]]) -> None:
    context = admin_of("Initech", "admin@initech.example")
    bad = SsoSettings(
        idp_metadata_xml="<md:EntityDescriptor/>",
        email_attribute="email",
        name_attribute="name",
        default_role=Role.VIEWER,
        password_login=True,
    )
    with pytest.raises(InvalidInput) as caught:
        saml_signin.save(context, bad, source_ip=SOURCE_IP)
    assert caught.value.details["field"] == "idp_metadata_xml"
    assert load_sso_settings(context) is None


def test_first_sign_in_provisions_the_user_with_the_default_role(
    acme: tuple[TenantContext, SamlIdp],
) -> None:
    context, idp = acme
    first = post(context, idp, email="Grace@Acme.example")
    assert first.tokens.token_type == "Bearer"
    assert first.tokens.access_token
    assert first.tokens.refresh_token
    found = users.lookup_email("grace@acme.example")
    assert found is not None
    assert found[0] == context.tenant_id
    user = users.get_user(context, found[1])
    assert (user.role, user.status, user.name) == (Role.EDITOR, users.ACTIVE, "Ada Lovelace")
    # The next sign-in finds the same user rather than making another.
    post(context, idp, email="grace@acme.example")
    assert len([u for u in users.list_users(context) if u.email == "grace@acme.example"]) == 1
    events = audit.list_events(context)[0]
    assert any(e.action == "signin.success" and e.details.get("method") == "saml" for e in events)
    provisioned = [e for e in events if e.action == "user.provisioned"]
    assert len(provisioned) == 1
    assert provisioned[0].target == user.user_id
    assert provisioned[0].details == {"method": "saml", "role": "editor", "idp": idp.entity_id}


def test_a_replayed_response_is_refused_audited_and_logged(
    acme: tuple[TenantContext, SamlIdp], caplog: pytest.LogCaptureFixture
) -> None:
    context, idp = acme
    target = sp(context)
    response = idp.response(sp_entity_id=target.entity_id, destination=target.acs_url)
    saml_signin.complete(context.tenant_id, response, None, source_ip=SOURCE_IP)
    with pytest.raises(SamlRejected) as caught:
        saml_signin.complete(context.tenant_id, response, None, source_ip=SOURCE_IP)
    assert caught.value.reason is Rejection.REPLAYED
    failure = next(e for e in audit.list_events(context)[0] if e.action == "signin.failure")
    assert failure.details == {"method": "saml", "reason": "replayed"}
    assert failure.source_ip == SOURCE_IP
    failed = [
        r.__dict__ for r in caplog.records if getattr(r, "event", None) == "auth.login_failed"
    ]
    assert len(failed) == 1
    assert failed[0]["reason"] == "saml"
    assert failed[0]["saml_reason"] == "replayed"
    assert failed[0]["tenant_id"] == context.tenant_id


def test_sp_initiated_sign_in_returns_where_the_user_was_going(
    acme: tuple[TenantContext, SamlIdp],
) -> None:
    context, idp = acme
    location = saml_signin.begin(context.tenant_id, "/reports/2025").redirect_url
    assert location.startswith(f"https://{context.tenant_id}.idp.example/sso/saml?")
    request_id = _request_id(location)
    signed_in = post(context, idp, in_response_to=request_id)
    assert signed_in.relay_state == "/reports/2025"
    with pytest.raises(SamlRejected) as caught:
        post(context, idp, in_response_to=request_id)
    assert caught.value.reason is Rejection.IN_RESPONSE_TO


def _request_id(location: str) -> str:
    import base64
    import zlib

    from lxml import etree

    saml_request = parse_qs(urlsplit(location).query)["SAMLRequest"][0]
    request = etree.fromstring(zlib.decompress(base64.b64decode(saml_request), -15))
    return str(request.get("ID"))


def test_a_request_of_one_tenant_cannot_be_answered_at_another(
    acme: tuple[TenantContext, SamlIdp], keys: dict[str, tuple[Path, Path]], tmp_path: Path
) -> None:
    acme_context, _ = acme
    globex = admin_of("Globex", "admin@globex.example")
    globex_idp = idp_for(globex, keys["b"], tmp_path / "globex", ENTRA)
    configure(globex, globex_idp)
    request_id = _request_id(saml_signin.begin(acme_context.tenant_id, None).redirect_url)
    # Globex's IdP answers Acme's request at Globex's own ACS: Globex never sent it.
    with pytest.raises(SamlRejected) as caught:
        post(globex, globex_idp, in_response_to=request_id)
    assert caught.value.reason is Rejection.IN_RESPONSE_TO
    # And Globex's IdP at Acme's ACS is not Acme's IdP.
    post_to = sp(acme_context)
    response = globex_idp.response(sp_entity_id=post_to.entity_id, destination=post_to.acs_url)
    with pytest.raises(SamlRejected) as caught:
        saml_signin.complete(acme_context.tenant_id, response, None, source_ip=SOURCE_IP)
    assert caught.value.reason is Rejection.ISSUER


def test_repeated_acs_failures_are_audited_in_aggregate(
    acme: tuple[TenantContext, SamlIdp], clock: Clock
) -> None:
    context, idp = acme
    target = sp(context)
    response = idp.response(sp_entity_id=target.entity_id, destination=target.acs_url)
    saml_signin.complete(context.tenant_id, response, None, source_ip=SOURCE_IP)

    def replay(times: int) -> list[dict[str, str]]:
        for _ in range(times):
            with pytest.raises(SamlRejected):
                saml_signin.complete(context.tenant_id, response, None, source_ip=SOURCE_IP)
        events = audit.list_events(context, limit=100)[0]
        return [e.details for e in events if e.action == "signin.failure"]

    failures = replay(25)
    # The first of the window, then the tenth; the frozen clock gives both one timestamp,
    # so the listing's order between them is not theirs to promise.
    assert len(failures) == 2
    first, tenth = sorted(failures, key=lambda details: "count" in details)
    assert first == {"method": "saml", "reason": "replayed"}
    assert tenth["count"] == "10"
    clock.advance(saml_signin.FAILURE_WINDOW_SECONDS)
    assert len(replay(1)) == 3  # a new window starts with an event of its own


def test_a_disabled_user_cannot_sign_in_through_the_idp(
    acme: tuple[TenantContext, SamlIdp],
) -> None:
    context, idp = acme
    signed_in = post(context, idp, email="leaver@acme.example")
    assert signed_in.tokens.access_token
    found = users.lookup_email("leaver@acme.example")
    assert found is not None
    users.update_user(context, found[1], role=None, disabled=True, source_ip=SOURCE_IP)
    with pytest.raises(Forbidden):
        post(context, idp, email="leaver@acme.example")
    failure = next(e for e in audit.list_events(context)[0] if e.action == "signin.failure")
    assert failure.details["reason"] == "account refused"


def test_with_a_verified_domain_the_idp_signs_in_only_addresses_in_it(
    acme: tuple[TenantContext, SamlIdp],
) -> None:
    context, idp = acme
    assert post(context, idp, email="early@elsewhere.example").tokens.access_token
    verified(context, "acme.example")
    assert post(context, idp, email="grace@acme.example").tokens.access_token
    for address in ("mallory@elsewhere.example", "early@elsewhere.example"):
        with pytest.raises(Forbidden):
            post(context, idp, email=address)
    assert users.lookup_email("mallory@elsewhere.example") is None
    failure = next(e for e in audit.list_events(context)[0] if e.action == "signin.failure")
    assert failure.details["reason"] == "domain not verified"


def test_an_idp_cannot_provision_an_address_in_another_tenants_verified_domain(
    acme: tuple[TenantContext, SamlIdp],
) -> None:
    context, idp = acme  # acme has verified no domain: its IdP may sign in any other address
    globex = admin_of("Globex", "admin@globex.example")
    verified(globex, "globex.example")
    with pytest.raises(Forbidden):
        post(context, idp, email="ceo@globex.example")
    assert users.lookup_email("ceo@globex.example") is None
    assert post(context, idp, email="ceo@acme-partner.example").tokens.access_token


def test_public_saml_urls_of_unknown_tenants_are_not_found() -> None:
    for tenant_id in ("t-doesnotexist", "../etc", "Acme"):
        with pytest.raises(NotFound):
            saml_signin.metadata(tenant_id)
        with pytest.raises(NotFound):
            saml_signin.complete(tenant_id, "PHg+", None, source_ip=SOURCE_IP)


def test_a_tenant_without_sso_has_metadata_but_no_sign_in() -> None:
    context = admin_of("Hooli", "admin@hooli.example")
    assert sp(context).entity_id in saml_signin.metadata(context.tenant_id)
    with pytest.raises(NotFound):
        saml_signin.begin(context.tenant_id, None)
    with pytest.raises(NotFound):
        saml_signin.complete(context.tenant_id, "PHg+", None, source_ip=SOURCE_IP)


def browser_post(
    context: TenantContext, idp: SamlIdp, relay_state: str | None = None
) -> saml_signin.BrowserSignIn:
    target = sp(context)
    response = idp.response(sp_entity_id=target.entity_id, destination=target.acs_url)
    return saml_signin.complete_in_browser(
        context.tenant_id, response, relay_state, source_ip=SOURCE_IP
    )


def test_a_browser_gets_a_code_that_gives_tokens_once(
    acme: tuple[TenantContext, SamlIdp],
) -> None:
    context, idp = acme
    handed = browser_post(context, idp, "/reports")
    assert handed.relay_state == "/reports"
    assert handed.code.startswith(f"{context.tenant_id}.")
    tokens = saml_signin.exchange(handed.code, source_ip=SOURCE_IP)
    assert sessions.verify_access_token(tokens.access_token).tenant_id == context.tenant_id
    with pytest.raises(Unauthenticated):
        saml_signin.exchange(handed.code, source_ip=SOURCE_IP)


def test_the_code_is_stored_only_as_its_digest(acme: tuple[TenantContext, SamlIdp]) -> None:
    context, idp = acme
    handed = browser_post(context, idp)
    secret = handed.code.partition(".")[2]
    repository = TenantRepository(context)
    assert repository.get(("SAML", "BROWSER_CODE"), (hashlib.sha256(secret.encode()).hexdigest(),))
    table = boto3.resource("dynamodb").Table(os.environ["FOOTPRINT_DATA_TABLE"])
    assert secret not in json.dumps(table.scan()["Items"], default=str)


def test_a_code_lasts_a_minute(
    acme: tuple[TenantContext, SamlIdp], monkeypatch: pytest.MonkeyPatch
) -> None:
    context, idp = acme
    handed = browser_post(context, idp)
    clock = Clock(monkeypatch)
    clock.advance(saml_signin.BROWSER_CODE_SECONDS + 1)
    with pytest.raises(Unauthenticated):
        saml_signin.exchange(handed.code, source_ip=SOURCE_IP)


def test_a_code_is_bound_to_its_tenant(
    acme: tuple[TenantContext, SamlIdp], keys: dict[str, tuple[Path, Path]], tmp_path: Path
) -> None:
    context, idp = acme
    other = admin_of("Globex", "admin@globex.example")
    configure(other, idp_for(other, keys["b"], tmp_path / "globex"))
    secret = browser_post(context, idp).code.partition(".")[2]
    for code in (f"{other.tenant_id}.{secret}", secret, f"no-such-tenant.{secret}", "."):
        with pytest.raises(Unauthenticated):
            saml_signin.exchange(code, source_ip=SOURCE_IP)


def test_a_user_disabled_before_the_exchange_gets_no_tokens(
    acme: tuple[TenantContext, SamlIdp],
) -> None:
    context, idp = acme
    handed = browser_post(context, idp)
    user = users.lookup_email("ada@example.com")
    assert user is not None
    TenantRepository(context).update(*users.profile(user[1]), set_values={"status": users.DISABLED})
    with pytest.raises(Unauthenticated):
        saml_signin.exchange(handed.code, source_ip=SOURCE_IP)


def test_an_idp_that_takes_only_posts_is_sent_a_form(
    keys: dict[str, tuple[Path, Path]], tmp_path: Path
) -> None:
    context = admin_of("Hooli", "admin@hooli.example")
    idp = idp_for(context, keys["a"], tmp_path / "hooli", binding=BINDING_HTTP_POST)
    configure(context, idp)
    assert saml_signin.binding(context.tenant_id) is SsoBinding.POST
    request = saml_signin.begin(context.tenant_id, "/uploads")
    assert request.binding is SsoBinding.POST
    assert request.sso_url == idp.sso_url
    assert request.parameters["RelayState"] == "/uploads"
    # The IdP reads the form's request as the POST binding carries it (base64, not deflated).
    parsed = idp.server.parse_authn_request(request.parameters["SAMLRequest"], BINDING_HTTP_POST)
    assert parsed.message.assertion_consumer_service_url == sp(context).acs_url
    target = sp(context)
    response = idp.response(
        sp_entity_id=target.entity_id, destination=target.acs_url, in_response_to=parsed.message.id
    )
    signed_in = saml_signin.complete(context.tenant_id, response, None, source_ip=SOURCE_IP)
    assert signed_in.relay_state == "/uploads"


def test_the_app_url_is_the_configured_one_with_a_safe_path(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FOOTPRINT_WEB_BASE_URL", "https://app.footprint.example/")
    assert saml_signin.app_url("/reports?year=2025#top", "sso_code=x") == (
        "https://app.footprint.example/reports?year=2025#sso_code=x"
    )
    for unsafe in (None, "https://evil.example/", "//evil.example", "/\\evil"):
        assert saml_signin.app_url(unsafe, "f") == "https://app.footprint.example/#f"
