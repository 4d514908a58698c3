"""SSO settings: the IdP metadata an admin pastes is checked when saved, field by field."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from lxml import etree

from footprint.domain.auth.sso_settings import (
    MAX_METADATA_CHARS,
    SsoBinding,
    SsoConfiguration,
    parse_idp_metadata,
)
from footprint.domain.errors import InvalidInput
from footprint.domain.tenancy import Role
from tests.support.saml_idp import SamlIdp, certificate_base64, make_key_and_certificate

MD = "urn:oasis:names:tc:SAML:2.0:metadata"
DS = "http://www.w3.org/2000/09/xmldsig#"
REDIRECT = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
POST = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"


def metadata(
    *certificates: tuple[str, str | None],
    entity_id: str = "https://idp.example/entity",
    sso: tuple[tuple[str, str], ...] = ((REDIRECT, "https://idp.example/sso"),),
    protocols: str = "urn:oasis:names:tc:SAML:2.0:protocol",
) -> str:
    """IdP metadata as Okta, Entra and Ping publish it: certificates are (base64, use)."""
    keys = "".join(
        f"<md:KeyDescriptor{f' use={use!r}' if use else ''}><ds:KeyInfo><ds:X509Data>"
        f"<ds:X509Certificate>{cert}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>"
        "</md:KeyDescriptor>"
        for cert, use in certificates
    )
    services = "".join(
        f'<md:SingleSignOnService Binding="{binding}" Location="{location}"/>'
        for binding, location in sso
    )
    return (
        f'<md:EntityDescriptor xmlns:md="{MD}" xmlns:ds="{DS}" entityID="{entity_id}">'
        f'<md:IDPSSODescriptor protocolSupportEnumeration="{protocols}">'
        f"{keys}{services}</md:IDPSSODescriptor></md:EntityDescriptor>"
    )


@pytest.fixture(scope="module")
def certs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    root = tmp_path_factory.mktemp("certs")
    made: dict[str, Path] = {
        name: make_key_and_certificate(root / name, f"{name}.example", bits)[1]
        for name, bits in (("current", 2048), ("next", 3072), ("weak", 1024))
    }
    return {name: certificate_base64(path) for name, path in made.items()}


def refused(document: str) -> InvalidInput:
    with pytest.raises(InvalidInput) as caught:
        parse_idp_metadata(document)
    assert caught.value.details["field"] == "idp_metadata_xml"
    return caught.value


def test_metadata_from_a_real_idp_gives_entity_id_sso_url_and_certificate(idp_a: SamlIdp) -> None:
    idp = parse_idp_metadata(idp_a.metadata_xml)
    assert idp.entity_id == idp_a.entity_id
    assert idp.sso_url == "https://acme.okta.example/sso/saml"
    (certificate,) = idp.signing_certificates
    assert certificate.der_base64 == certificate_base64(idp_a.cert_file)
    assert len(certificate.sha256_fingerprint) == 64
    assert certificate.not_after.year >= 2026


def test_every_signing_certificate_is_kept_for_key_rollover(certs: dict[str, str]) -> None:
    idp = parse_idp_metadata(
        metadata((certs["current"], "signing"), (certs["next"], None), (certs["current"], None))
    )
    assert [c.der_base64 for c in idp.signing_certificates] == [certs["current"], certs["next"]]


def test_an_encryption_only_certificate_is_not_a_signing_certificate(certs: dict[str, str]) -> None:
    error = refused(metadata((certs["current"], "encryption")))
    assert "no signing certificate" in error.message


def test_metadata_without_any_certificate_is_refused() -> None:
    assert "no signing certificate" in refused(metadata()).message


def test_a_certificate_with_a_weak_key_is_refused(certs: dict[str, str]) -> None:
    assert "too weak" in refused(metadata((certs["weak"], "signing"))).message


def test_a_certificate_whose_key_cannot_be_loaded_is_refused(certs: dict[str, str]) -> None:
    rsa_encryption = bytes.fromhex("06092a864886f70d010101")  # the key's algorithm, as DER
    der = base64.b64decode(certs["current"])
    assert der.count(rsa_encryption) == 1
    unknown = base64.b64encode(der.replace(rsa_encryption, rsa_encryption[:-1] + b"\x63"))
    message = refused(metadata((unknown.decode(), "signing"))).message
    assert "key is of a type that cannot be used" in message


def test_a_certificate_with_a_key_neither_rsa_nor_ec_is_refused(tmp_path: Path) -> None:
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives.asymmetric import ed25519
    from cryptography.hazmat.primitives.serialization import Encoding
    from cryptography.x509.oid import NameOID

    key = ed25519.Ed25519PrivateKey.generate()
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "ed.example")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, None)
    )
    encoded = base64.b64encode(certificate.public_bytes(Encoding.DER)).decode()
    assert "neither RSA nor EC" in refused(metadata((encoded, "signing"))).message


def test_a_certificate_that_is_not_one_is_refused() -> None:
    assert "cannot be read" in refused(metadata(("bm90IGEgY2VydA==", "signing"))).message
    assert "cannot be read" in refused(metadata(("***", "signing"))).message


def test_too_many_signing_certificates_are_refused(tmp_path: Path) -> None:
    many = [
        (certificate_base64(make_key_and_certificate(tmp_path / str(i), f"c{i}")[1]), None)
        for i in range(5)
    ]
    assert "too many" in refused(metadata(*many)).message


def test_the_sso_url_must_use_https(certs: dict[str, str]) -> None:
    cert = (certs["current"], "signing")
    assert "https" in refused(metadata(cert, sso=((REDIRECT, "http://idp.example/sso"),))).message
    assert "https" in refused(metadata(cert, sso=((POST, "http://idp.example/sso"),))).message


def test_the_redirect_binding_is_preferred_and_post_alone_is_accepted(
    certs: dict[str, str],
) -> None:
    cert = (certs["current"], "signing")
    both = parse_idp_metadata(
        metadata(
            cert, sso=((POST, "https://idp.example/post"), (REDIRECT, "https://idp.example/r"))
        )
    )
    assert (both.sso_url, both.sso_binding) == ("https://idp.example/r", SsoBinding.REDIRECT)
    only_post = parse_idp_metadata(metadata(cert, sso=((POST, "https://idp.example/post"),)))
    assert (only_post.sso_url, only_post.sso_binding) == (
        "https://idp.example/post",
        SsoBinding.POST,
    )
    artifact = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Artifact"
    neither = metadata(cert, sso=((artifact, "https://idp.example/artifact"),))
    assert "HTTP-Redirect or HTTP-POST" in refused(neither).message


def test_an_idp_without_saml2_is_refused(certs: dict[str, str]) -> None:
    saml1 = metadata((certs["current"], None), protocols="urn:oasis:names:tc:SAML:1.1:protocol")
    assert "SAML 2.0" in refused(saml1).message


def test_metadata_with_two_identity_providers_is_refused(certs: dict[str, str]) -> None:
    one = metadata((certs["current"], None), entity_id="https://one.example")
    two = metadata((certs["next"], None), entity_id="https://two.example")
    inner = "".join(etree.tostring(etree.fromstring(doc.encode())).decode() for doc in (one, two))
    document = f'<md:EntitiesDescriptor xmlns:md="{MD}">{inner}</md:EntitiesDescriptor>'
    assert refused(document).details["found"] == 2


def test_sp_metadata_is_not_idp_metadata() -> None:
    document = (
        f'<md:EntityDescriptor xmlns:md="{MD}" entityID="https://sp.example">'
        '<md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"/>'
        "</md:EntityDescriptor>"
    )
    assert refused(document).details["found"] == 0


def test_an_empty_entity_id_is_refused(certs: dict[str, str]) -> None:
    assert "entity id" in refused(metadata((certs["current"], None), entity_id=" ")).message


@pytest.mark.parametrize(
    "document",
    [
        "",
        "   ",
        "<md:EntityDescriptor",
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><x>&b;</x>',
        "x" * (MAX_METADATA_CHARS + 1),
    ],
    ids=["empty", "blank", "broken", "xxe", "entity-expansion", "too-large"],
)
def test_documents_that_are_no_safe_xml_are_refused(document: str) -> None:
    refused(document)


# ---------------------------------------------------------------- the other fields


def configuration(idp_a: SamlIdp, **overrides: object) -> SsoConfiguration:
    values: dict[str, object] = {
        "idp_metadata_xml": idp_a.metadata_xml,
        "email_attribute": "email",
        "name_attribute": "displayName",
        "default_role": "editor",
        "password_login": True,
    }
    values.update(overrides)
    return SsoConfiguration.create(**values)  # type: ignore[arg-type]


def test_settings_keep_what_the_admin_entered(idp_a: SamlIdp) -> None:
    settings = configuration(idp_a)
    assert settings.default_role is Role.EDITOR
    assert settings.identity_provider.entity_id == idp_a.entity_id
    assert settings.to_record() == {
        "idp_metadata_xml": idp_a.metadata_xml,
        "email_attribute": "email",
        "name_attribute": "displayName",
        "default_role": "editor",
        "password_login": True,
    }
    assert SsoConfiguration.from_record(settings.to_record()) == settings


def test_sso_users_cannot_be_made_admins_by_default(idp_a: SamlIdp) -> None:
    with pytest.raises(InvalidInput) as caught:
        configuration(idp_a, default_role="admin")
    assert caught.value.details["field"] == "default_role"


def test_an_unknown_role_is_refused(idp_a: SamlIdp) -> None:
    with pytest.raises(InvalidInput) as caught:
        configuration(idp_a, default_role="owner")
    assert caught.value.details == {
        "field": "default_role",
        "allowed": ["admin", "editor", "viewer", "auditor"],
    }


@pytest.mark.parametrize("field", ["email_attribute", "name_attribute"])
@pytest.mark.parametrize("value", ["", "e mail", "x" * 257, "mail\n"])
def test_attribute_names_are_printable_without_spaces(
    idp_a: SamlIdp, field: str, value: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        configuration(idp_a, **{field: value})
    assert caught.value.details["field"] == field


def test_a_stored_record_goes_through_the_same_checks(idp_a: SamlIdp) -> None:
    record = configuration(idp_a).to_record() | {"default_role": "admin"}
    with pytest.raises(InvalidInput):
        SsoConfiguration.from_record(record)
