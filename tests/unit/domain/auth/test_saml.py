"""The ACS checks, driven by responses a real IdP implementation (pysaml2) signed.

Each rejection the product promises has a test that starts from a genuine response and
changes one thing; the happy paths cover Okta-, Entra ID- and Ping-shaped attributes.
"""

from __future__ import annotations

import base64
import copy
import time
import zlib
from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

import pytest
from lxml import etree
from onelogin.saml2.utils import OneLogin_Saml2_Utils
from saml2.xmldsig import DIGEST_SHA1, SIG_RSA_SHA1

from footprint.domain.auth.saml import (
    MAX_ASSERTION_AGE_SECONDS,
    Rejection,
    SamlIdentity,
    SamlRejected,
    ServiceProvider,
    public_base_url_checked,
    safe_relay_state,
    sp_metadata,
    start_sign_in,
    verify_response,
)
from footprint.domain.auth.sso_settings import SsoConfiguration
from footprint.domain.errors import InvalidInput, Unauthenticated
from tests.support.saml_idp import SamlIdp, decode, encode, sso_settings_for
from tests.support.saml_sp import BASE_URL, TENANT_A, MemoryPendingSignIns, MemoryReplayStore

NS = {
    "samlp": "urn:oasis:names:tc:SAML:2.0:protocol",
    "saml": "urn:oasis:names:tc:SAML:2.0:assertion",
    "ds": "http://www.w3.org/2000/09/xmldsig#",
    "md": "urn:oasis:names:tc:SAML:2.0:metadata",
}
SAML = "{urn:oasis:names:tc:SAML:2.0:assertion}"
SAMLP = "{urn:oasis:names:tc:SAML:2.0:protocol}"


@pytest.fixture
def verify(
    sp_a: ServiceProvider,
    settings_a: SsoConfiguration,
    pending: MemoryPendingSignIns,
    replay: MemoryReplayStore,
) -> Callable[..., SamlIdentity]:
    """Post a SAMLResponse to tenant A's ACS."""

    def post(
        saml_response: str,
        *,
        settings: SsoConfiguration = settings_a,
        relay_state: str | None = None,
    ) -> SamlIdentity:
        return verify_response(
            sp=sp_a,
            settings=settings,
            saml_response=saml_response,
            relay_state=relay_state,
            pending_sign_ins=pending,
            replay_store=replay,
        )

    return post


def rejected(post: Callable[[], object]) -> Rejection:
    with pytest.raises(SamlRejected) as caught:
        post()
    # What the client sees: a 401 that says nothing about why.
    assert caught.value.status == 401
    assert caught.value.details == {}
    return caught.value.reason


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Callable[[int], None]:
    """Move the verifier's clock (the toolkit's, which ours shares) by some seconds."""

    def shift(seconds: int) -> None:
        moved = int(time.time()) + seconds
        monkeypatch.setattr(OneLogin_Saml2_Utils, "now", staticmethod(lambda: moved))

    return shift


def tree(saml_response: str) -> etree._Element:
    return etree.fromstring(decode(saml_response).encode())


def serialise(root: etree._Element) -> str:
    return encode(etree.tostring(root).decode())


def the_assertion(root: etree._Element) -> etree._Element:
    (assertion,) = root.findall(f"{SAML}Assertion")
    return assertion


# ---------------------------------------------------------------- service provider


def test_each_tenant_has_its_own_entity_id_and_acs_url(sp_a: ServiceProvider) -> None:
    assert sp_a.entity_id == f"{BASE_URL}/v1/auth/saml/{TENANT_A}/metadata"
    assert sp_a.acs_url == f"{BASE_URL}/v1/auth/saml/{TENANT_A}/acs"
    assert sp_a.login_url == f"{BASE_URL}/v1/auth/saml/{TENANT_A}/login"
    other = ServiceProvider.for_tenant("tenant-other", BASE_URL)
    assert other.entity_id != sp_a.entity_id


@pytest.mark.parametrize(
    "base",
    [
        "http://api.footprint.example",  # plain HTTP off the loopback
        "https://api.footprint.example/?x=1",
        "https://api.footprint.example/#frag",
        "https://user@api.footprint.example",
        "ftp://api.footprint.example",
        "https://",
        "http://127.0.0.1.evil.example",
    ],
)
def test_public_base_url_must_be_https(base: str) -> None:
    with pytest.raises(ValueError, match="public base URL"):
        public_base_url_checked(base)


def test_the_local_platform_may_use_http_on_loopback() -> None:
    assert public_base_url_checked("http://127.0.0.1:3000/") == "http://127.0.0.1:3000"
    assert public_base_url_checked("http://localhost:3000") == "http://localhost:3000"
    assert public_base_url_checked("http://[::1]:3000") == "http://[::1]:3000"


def test_a_tenant_id_must_have_our_form() -> None:
    with pytest.raises(ValueError, match="tenant id"):
        ServiceProvider.for_tenant("../other", BASE_URL)


def test_sp_metadata_names_the_entity_and_acs_and_wants_signed_assertions(
    sp_a: ServiceProvider,
) -> None:
    root = etree.fromstring(sp_metadata(sp_a).encode())
    assert root.get("entityID") == sp_a.entity_id
    (descriptor,) = root.findall("md:SPSSODescriptor", NS)
    assert descriptor.get("WantAssertionsSigned") == "true"
    (acs,) = descriptor.findall("md:AssertionConsumerService", NS)
    assert acs.get("Location") == sp_a.acs_url
    assert acs.get("Binding") == "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"


# ---------------------------------------------------------------- sign-in request


def test_sp_initiated_sign_in_redirects_to_the_idp_with_an_authn_request(
    sp_a: ServiceProvider, settings_a: SsoConfiguration
) -> None:
    redirect = start_sign_in(sp_a, settings_a, "/reports?year=2025")
    parts = urlsplit(redirect.redirect_url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == settings_a.identity_provider.sso_url
    query = parse_qs(parts.query)
    assert query["RelayState"] == ["/reports?year=2025"]
    request = etree.fromstring(zlib.decompress(base64.b64decode(query["SAMLRequest"][0]), -15))
    assert request.get("ID") == redirect.pending.request_id
    assert request.get("AssertionConsumerServiceURL") == sp_a.acs_url
    assert request.get("Destination") == settings_a.identity_provider.sso_url
    assert request.findtext("saml:Issuer", namespaces=NS) == sp_a.entity_id
    assert redirect.pending.relay_state == "/reports?year=2025"
    assert redirect.pending.expires_at > time.time()


@pytest.mark.parametrize(
    "relay_state",
    ["https://evil.example/", "//evil.example/x", "/\\evil.example", "reports", "/a\nb", "/" * 600],
)
def test_sign_in_refuses_a_relay_state_that_leaves_the_site(
    sp_a: ServiceProvider, settings_a: SsoConfiguration, relay_state: str
) -> None:
    assert safe_relay_state(relay_state) is None
    with pytest.raises(InvalidInput) as caught:
        start_sign_in(sp_a, settings_a, relay_state)
    assert caught.value.details["field"] == "relay_state"


# ---------------------------------------------------------------- happy paths


@pytest.mark.parametrize("vendor", ["okta", "entra", "ping"])
def test_idp_initiated_sign_in_with_each_vendors_attribute_names(
    vendor: str,
    shaped_idps: dict[str, SamlIdp],
    sp_a: ServiceProvider,
    verify: Callable[..., SamlIdentity],
) -> None:
    idp = shaped_idps[vendor]
    response = idp.response(
        sp_entity_id=sp_a.entity_id, destination=sp_a.acs_url, email="Ada.Lovelace@Acme.example"
    )
    identity = verify(response, settings=sso_settings_for(idp), relay_state="/dashboard")
    assert identity.email == "ada.lovelace@acme.example"
    assert identity.name == "Ada Lovelace"
    assert identity.idp_entity_id == idp.entity_id
    assert identity.relay_state == "/dashboard"
    assert identity.assertion_id == the_assertion(tree(response)).get("ID")


def test_the_email_can_come_from_the_name_id(
    idp_a: SamlIdp, sp_a: ServiceProvider, verify: Callable[..., SamlIdentity]
) -> None:
    response = idp_a.response(
        sp_entity_id=sp_a.entity_id,
        destination=sp_a.acs_url,
        email="grace@acme.example",
        identity={"groups": ["finance"]},
    )
    settings = sso_settings_for(idp_a, email_attribute="NameID", name_attribute="displayName")
    identity = verify(response, settings=settings)
    assert identity.email == "grace@acme.example"
    assert identity.name is None


def test_a_response_signed_as_a_whole_and_in_its_assertion_is_accepted(
    idp_a: SamlIdp, sp_a: ServiceProvider, verify: Callable[..., SamlIdentity]
) -> None:
    response = idp_a.response(
        sp_entity_id=sp_a.entity_id, destination=sp_a.acs_url, sign_response=True
    )
    assert verify(response).email == "ada@example.com"


def test_sp_initiated_response_returns_our_relay_state_once(
    idp_a: SamlIdp,
    sp_a: ServiceProvider,
    settings_a: SsoConfiguration,
    pending: MemoryPendingSignIns,
    verify: Callable[..., SamlIdentity],
) -> None:
    redirect = start_sign_in(sp_a, settings_a, "/reports")
    pending.remember(redirect.pending)

    def answer() -> str:
        return idp_a.response(
            sp_entity_id=sp_a.entity_id,
            destination=sp_a.acs_url,
            in_response_to=redirect.pending.request_id,
        )

    # The posted RelayState is ignored: ours, kept server-side, is what the user asked for.
    identity = verify(answer(), relay_state="/somewhere-else")
    assert identity.relay_state == "/reports"
    # A second, freshly signed answer to the same request finds it already used.
    assert rejected(lambda: verify(answer())) is Rejection.IN_RESPONSE_TO


def test_idp_initiated_relay_state_that_leaves_the_site_is_dropped(
    idp_a: SamlIdp, sp_a: ServiceProvider, verify: Callable[..., SamlIdentity]
) -> None:
    response = idp_a.response(sp_entity_id=sp_a.entity_id, destination=sp_a.acs_url)
    assert verify(response, relay_state="https://evil.example/").relay_state is None


# ---------------------------------------------------------------- signatures


def test_an_unsigned_response_is_rejected(
    idp_a: SamlIdp, sp_a: ServiceProvider, verify: Callable[..., SamlIdentity]
) -> None:
    response = idp_a.response(
        sp_entity_id=sp_a.entity_id, destination=sp_a.acs_url, sign_assertion=False
    )
    assert rejected(lambda: verify(response)) is Rejection.UNSIGNED


def test_a_signed_response_around_an_unsigned_assertion_is_rejected(
    idp_a: SamlIdp, sp_a: ServiceProvider, verify: Callable[..., SamlIdentity]
) -> None:
    response = idp_a.response(
        sp_entity_id=sp_a.entity_id,
        destination=sp_a.acs_url,
        sign_assertion=False,
        sign_response=True,
    )
    assert rejected(lambda: verify(response)) is Rejection.UNSIGNED


def test_a_signature_removed_after_signing_is_rejected(
    idp_a: SamlIdp, sp_a: ServiceProvider, verify: Callable[..., SamlIdentity]
) -> None:
    root = tree(idp_a.response(sp_entity_id=sp_a.entity_id, destination=sp_a.acs_url))
    signature = the_assertion(root).find("ds:Signature", NS)
    assert signature is not None
    the_assertion(root).remove(signature)
    assert rejected(lambda: verify(serialise(root))) is Rejection.UNSIGNED


def test_a_response_signed_with_a_key_the_tenant_did_not_configure_is_rejected(
    impostor: SamlIdp, sp_a: ServiceProvider, verify: Callable[..., SamlIdentity]
) -> None:
    # Same issuer entity id as tenant A's IdP, genuinely signed, but by another key.
    response = impostor.response(sp_entity_id=sp_a.entity_id, destination=sp_a.acs_url)
    assert rejected(lambda: verify(response)) is Rejection.SIGNATURE


def test_a_signed_assertion_changed_after_signing_is_rejected(
    idp_a: SamlIdp, sp_a: ServiceProvider, verify: Callable[..., SamlIdentity]
) -> None:
    root = tree(idp_a.response(sp_entity_id=sp_a.entity_id, destination=sp_a.acs_url))
    for value in root.iter(f"{SAML}AttributeValue"):
        if value.text == "ada@example.com":
            value.text = "admin@acme.example"
    assert rejected(lambda: verify(serialise(root))) is Rejection.SIGNATURE


def test_sha1_signatures_are_rejected(
    idp_a: SamlIdp, sp_a: ServiceProvider, verify: Callable[..., SamlIdentity]
) -> None:
    response = idp_a.response(
        sp_entity_id=sp_a.entity_id,
        destination=sp_a.acs_url,
        sign_alg=SIG_RSA_SHA1,
        digest_alg=DIGEST_SHA1,
    )
    assert rejected(lambda: verify(response)) is Rejection.WEAK_ALGORITHM


# ---------------------------------------------------------------- signature wrapping
#
# Each attack keeps the genuinely signed assertion somewhere in the document (so its
# signature still verifies) and adds a forged assertion where a careless SP would read it.


def _forged(original: etree._Element, new_id: str) -> etree._Element:
    forged = copy.deepcopy(original)
    forged.set("ID", new_id)
    signature = forged.find("ds:Signature", NS)
    if signature is not None:
        forged.remove(signature)
    for value in forged.iter(f"{SAML}AttributeValue"):
        value.text = "admin@acme.example"
    for name_id in forged.iter(f"{SAML}NameID"):
        name_id.text = "admin@acme.example"
    return forged


def _forged_before_original(root: etree._Element) -> None:
    original = the_assertion(root)
    original.addprevious(_forged(original, "_forged"))


def _original_hidden_in_extensions(root: etree._Element) -> None:
    original = the_assertion(root)
    forged = _forged(original, "_forged")
    extensions = etree.Element(f"{SAMLP}Extensions")
    root.find(f"{SAMLP}Status").addprevious(extensions)
    root.replace(original, forged)
    extensions.append(original)


def _original_inside_forged(root: etree._Element) -> None:
    original = the_assertion(root)
    forged = _forged(original, "_forged")
    root.replace(original, forged)
    forged.append(original)


def _original_in_signature_object_same_id(root: etree._Element) -> None:
    # The forged assertion takes the signed one's ID, so the Reference URI finds it first;
    # the original rides inside the signature's ds:Object for the digest to match.
    original = the_assertion(root)
    forged = _forged(original, original.get("ID"))
    signature = copy.deepcopy(original.find("ds:Signature", NS))
    assert signature is not None
    ds_object = etree.SubElement(signature, "{http://www.w3.org/2000/09/xmldsig#}Object")
    ds_object.append(original)
    forged.insert(1, signature)
    root.append(forged)


@pytest.mark.parametrize(
    "wrap",
    [
        _forged_before_original,
        _original_hidden_in_extensions,
        _original_inside_forged,
        _original_in_signature_object_same_id,
    ],
)
def test_signature_wrapping_is_rejected(
    wrap: Callable[[etree._Element], None],
    idp_a: SamlIdp,
    sp_a: ServiceProvider,
    verify: Callable[..., SamlIdentity],
) -> None:
    root = tree(idp_a.response(sp_entity_id=sp_a.entity_id, destination=sp_a.acs_url))
    wrap(root)
    assert rejected(lambda: verify(serialise(root))) is Rejection.SIGNATURE


def test_a_signed_response_wrapped_in_a_forged_one_is_rejected(
    idp_a: SamlIdp, sp_a: ServiceProvider, verify: Callable[..., SamlIdentity]
) -> None:
    genuine = tree(
        idp_a.response(sp_entity_id=sp_a.entity_id, destination=sp_a.acs_url, sign_response=True)
    )
    forged = copy.deepcopy(genuine)
    forged.set("ID", "_forged_response")
    forged.remove(forged.find("ds:Signature", NS))
    forged.replace(the_assertion(forged), _forged(the_assertion(genuine), "_forged"))
    extensions = etree.Element(f"{SAMLP}Extensions")
    forged.find(f"{SAMLP}Status").addprevious(extensions)
    extensions.append(genuine)
    assert rejected(lambda: verify(serialise(forged))) is Rejection.SIGNATURE


def test_a_comment_inside_the_email_does_not_truncate_it(
    idp_a: SamlIdp, sp_a: ServiceProvider, verify: Callable[..., SamlIdentity]
) -> None:
    # CVE-2017-11427 and kin: canonicalisation drops comments, so the signature still
    # verifies; a vulnerable SP then reads only the text before the comment.
    root = tree(
        idp_a.response(
            sp_entity_id=sp_a.entity_id,
            destination=sp_a.acs_url,
            email="admin@acme.example.evil.example",
        )
    )
    for value in root.iter(f"{SAML}AttributeValue"):
        if value.text == "admin@acme.example.evil.example":
            value.text = "admin@acme.example"
            value.append(etree.Comment(""))
            value[-1].tail = ".evil.example"
    assert verify(serialise(root)).email == "admin@acme.example.evil.example"


# ---------------------------------------------------------------- addressing


def test_a_response_for_another_tenants_audience_is_rejected(
    idp_a: SamlIdp,
    sp_a: ServiceProvider,
    sp_b: ServiceProvider,
    verify: Callable[..., SamlIdentity],
) -> None:
    response = idp_a.response(sp_entity_id=sp_b.entity_id, destination=sp_a.acs_url)
    assert rejected(lambda: verify(response)) is Rejection.AUDIENCE


def test_a_response_signed_for_another_destination_is_rejected(
    idp_a: SamlIdp,
    sp_a: ServiceProvider,
    sp_b: ServiceProvider,
    verify: Callable[..., SamlIdentity],
) -> None:
    response = idp_a.response(
        sp_entity_id=sp_a.entity_id, destination=sp_b.acs_url, sign_response=True
    )
    assert rejected(lambda: verify(response)) is Rejection.DESTINATION


def test_a_destination_that_only_starts_with_ours_is_rejected(
    idp_a: SamlIdp, sp_a: ServiceProvider, verify: Callable[..., SamlIdentity]
) -> None:
    root = tree(idp_a.response(sp_entity_id=sp_a.entity_id, destination=sp_a.acs_url))
    root.set("Destination", sp_a.acs_url + "-elsewhere")
    assert rejected(lambda: verify(serialise(root))) is Rejection.DESTINATION


def test_a_response_without_destination_is_rejected(
    idp_a: SamlIdp, sp_a: ServiceProvider, verify: Callable[..., SamlIdentity]
) -> None:
    root = tree(idp_a.response(sp_entity_id=sp_a.entity_id, destination=sp_a.acs_url))
    del root.attrib["Destination"]
    assert rejected(lambda: verify(serialise(root))) is Rejection.DESTINATION


def test_an_assertion_for_another_recipient_is_rejected(
    idp_a: SamlIdp,
    sp_a: ServiceProvider,
    sp_b: ServiceProvider,
    verify: Callable[..., SamlIdentity],
) -> None:
    # Signed for tenant B's ACS; the attacker re-addresses the unsigned envelope to A.
    root = tree(idp_a.response(sp_entity_id=sp_a.entity_id, destination=sp_b.acs_url))
    root.set("Destination", sp_a.acs_url)
    assert rejected(lambda: verify(serialise(root))) is Rejection.SUBJECT_CONFIRMATION


def test_a_recipient_that_only_contains_ours_is_rejected(
    idp_a: SamlIdp, sp_a: ServiceProvider, verify: Callable[..., SamlIdentity]
) -> None:
    root = tree(idp_a.response(sp_entity_id=sp_a.entity_id, destination=sp_a.acs_url + "2"))
    root.set("Destination", sp_a.acs_url)
    assert rejected(lambda: verify(serialise(root))) is Rejection.RECIPIENT


# ---------------------------------------------------------------- time


def test_an_expired_assertion_is_rejected(
    idp_a: SamlIdp,
    sp_a: ServiceProvider,
    verify: Callable[..., SamlIdentity],
    clock: Callable[[int], None],
) -> None:
    response = idp_a.response(sp_entity_id=sp_a.entity_id, destination=sp_a.acs_url)
    clock(3600)
    assert rejected(lambda: verify(response)) is Rejection.EXPIRED


def test_a_not_yet_valid_assertion_is_rejected(
    idp_a: SamlIdp,
    sp_a: ServiceProvider,
    verify: Callable[..., SamlIdentity],
    clock: Callable[[int], None],
) -> None:
    response = idp_a.response(sp_entity_id=sp_a.entity_id, destination=sp_a.acs_url)
    clock(-3600)
    assert rejected(lambda: verify(response)) is Rejection.NOT_YET_VALID


def test_an_old_assertion_is_rejected_even_when_the_idp_lets_it_live_long(
    idp_keys: dict[str, tuple[object, object]],
    tmp_path_factory: pytest.TempPathFactory,
    sp_a: ServiceProvider,
    verify: Callable[..., SamlIdentity],
    clock: Callable[[int], None],
) -> None:
    lenient = SamlIdp(
        tmp_path_factory.mktemp("lenient"),
        entity_id="https://acme.okta.example/exk1a2b3c4",
        sp_metadata=[sp_metadata(sp_a)],
        lifetime_minutes=24 * 60,
        key_files=idp_keys["a"],
    )
    response = lenient.response(sp_entity_id=sp_a.entity_id, destination=sp_a.acs_url)
    clock(MAX_ASSERTION_AGE_SECONDS + 301)
    assert rejected(lambda: verify(response)) is Rejection.EXPIRED


# ---------------------------------------------------------------- one-time use


def test_a_replayed_assertion_is_rejected(
    idp_a: SamlIdp,
    sp_a: ServiceProvider,
    replay: MemoryReplayStore,
    verify: Callable[..., SamlIdentity],
) -> None:
    response = idp_a.response(sp_entity_id=sp_a.entity_id, destination=sp_a.acs_url)
    identity = verify(response)
    assert rejected(lambda: verify(response)) is Rejection.REPLAYED
    # Remembered until it would be refused as too old anyway.
    ((assertion_id, expires_at),) = replay.seen.items()
    assert assertion_id == identity.assertion_id
    assert time.time() < expires_at <= time.time() + MAX_ASSERTION_AGE_SECONDS + 300 + 5


def test_a_response_to_a_request_we_never_sent_is_rejected(
    idp_a: SamlIdp, sp_a: ServiceProvider, verify: Callable[..., SamlIdentity]
) -> None:
    response = idp_a.response(
        sp_entity_id=sp_a.entity_id, destination=sp_a.acs_url, in_response_to="ONELOGIN_forged"
    )
    assert rejected(lambda: verify(response)) is Rejection.IN_RESPONSE_TO


def test_an_envelope_in_response_to_that_disagrees_with_the_assertion_is_rejected(
    idp_a: SamlIdp,
    sp_a: ServiceProvider,
    settings_a: SsoConfiguration,
    pending: MemoryPendingSignIns,
    verify: Callable[..., SamlIdentity],
) -> None:
    first = start_sign_in(sp_a, settings_a, "/a")
    second = start_sign_in(sp_a, settings_a, "/b")
    pending.remember(first.pending)
    pending.remember(second.pending)
    root = tree(
        idp_a.response(
            sp_entity_id=sp_a.entity_id,
            destination=sp_a.acs_url,
            in_response_to=first.pending.request_id,
        )
    )
    root.set("InResponseTo", second.pending.request_id)
    # The toolkit skips a confirmation answering another request, leaving none valid.
    assert rejected(lambda: verify(serialise(root))) is Rejection.SUBJECT_CONFIRMATION


# ---------------------------------------------------------------- another tenant's IdP


def test_a_response_from_another_tenants_idp_is_rejected(
    idp_b: SamlIdp, sp_a: ServiceProvider, verify: Callable[..., SamlIdentity]
) -> None:
    # Tenant B's admins control their IdP and can mint any assertion for A's SP.
    response = idp_b.response(sp_entity_id=sp_a.entity_id, destination=sp_a.acs_url)
    assert rejected(lambda: verify(response)) is Rejection.ISSUER


def test_another_tenants_idp_claiming_our_idps_name_is_rejected(
    idp_b: SamlIdp, sp_a: ServiceProvider, verify: Callable[..., SamlIdentity]
) -> None:
    response = idp_b.response(
        sp_entity_id=sp_a.entity_id, destination=sp_a.acs_url, issuer=idp_b.entity_id
    )
    root = tree(response)
    assert root.findtext("saml:Issuer", namespaces=NS) == idp_b.entity_id
    forged = idp_b.response(
        sp_entity_id=sp_a.entity_id,
        destination=sp_a.acs_url,
        issuer="https://acme.okta.example/exk1a2b3c4",
    )
    assert rejected(lambda: verify(forged)) is Rejection.SIGNATURE


# ---------------------------------------------------------------- content


def test_an_idp_failure_status_signs_no_one_in(
    idp_a: SamlIdp, sp_a: ServiceProvider, verify: Callable[..., SamlIdentity]
) -> None:
    response = idp_a.error_response(destination=sp_a.acs_url)
    assert rejected(lambda: verify(response)) is Rejection.IDP_STATUS


def test_a_response_without_the_email_attribute_is_rejected(
    idp_a: SamlIdp, sp_a: ServiceProvider, verify: Callable[..., SamlIdentity]
) -> None:
    response = idp_a.response(
        sp_entity_id=sp_a.entity_id, destination=sp_a.acs_url, identity={"groups": ["x"]}
    )
    assert rejected(lambda: verify(response)) is Rejection.NO_EMAIL


def test_an_email_attribute_with_two_values_is_ambiguous(
    idp_a: SamlIdp, sp_a: ServiceProvider, verify: Callable[..., SamlIdentity]
) -> None:
    response = idp_a.response(
        sp_entity_id=sp_a.entity_id,
        destination=sp_a.acs_url,
        identity={"email": ["ada@acme.example", "admin@acme.example"]},
    )
    assert rejected(lambda: verify(response)) is Rejection.NO_EMAIL


def test_an_email_attribute_that_is_no_email_is_rejected(
    idp_a: SamlIdp, sp_a: ServiceProvider, verify: Callable[..., SamlIdentity]
) -> None:
    response = idp_a.response(
        sp_entity_id=sp_a.entity_id, destination=sp_a.acs_url, identity={"email": ["ada"]}
    )
    assert rejected(lambda: verify(response)) is Rejection.NO_EMAIL


@pytest.mark.parametrize(
    "saml_response",
    [
        "",
        "not base64 !",
        base64.b64encode(b"<not-closed").decode(),
        base64.b64encode(
            b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b'<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">&x;'
            b"</samlp:Response>"
        ).decode(),
        "A" * (256 * 1024 + 4),
    ],
    ids=["empty", "not-base64", "not-xml", "xxe", "too-large"],
)
def test_malformed_responses_are_rejected(
    saml_response: str, verify: Callable[..., SamlIdentity]
) -> None:
    assert rejected(lambda: verify(saml_response)) is Rejection.MALFORMED


def test_a_rejection_is_an_authentication_failure() -> None:
    error = SamlRejected(Rejection.SIGNATURE)
    assert isinstance(error, Unauthenticated)
    assert "signature" not in error.message


def test_stripping_the_envelope_in_response_to_does_not_make_it_unsolicited(
    idp_a: SamlIdp, sp_a: ServiceProvider, verify: Callable[..., SamlIdentity]
) -> None:
    # The signed assertion still says which request it answers, and we never sent that one.
    root = tree(
        idp_a.response(
            sp_entity_id=sp_a.entity_id, destination=sp_a.acs_url, in_response_to="ONELOGIN_x"
        )
    )
    del root.attrib["InResponseTo"]
    assert rejected(lambda: verify(serialise(root))) is Rejection.IN_RESPONSE_TO
