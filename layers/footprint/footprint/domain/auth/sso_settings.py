"""A tenant's SAML single sign-on configuration, and the identity provider its metadata describes.

An admin pastes the metadata document their IdP (Okta, Microsoft Entra ID, Ping) publishes.
Everything the assertion checks later trust — the IdP's entity id and its signing
certificates — comes from that document, so it is checked here, when it is saved, rather than
at the first sign-in: a document without a signing certificate, with several identity
providers, or with a sign-in URL that is not HTTPS is refused with the field named.

Sign-in started at the IdP (IdP-initiated) needs no sign-on URL from the metadata; sign-in
started here (SP-initiated) sends the request by the binding the IdP offers: HTTP-Redirect
when it offers one, else HTTP-POST.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from onelogin.saml2.constants import OneLogin_Saml2_Constants as Saml
from onelogin.saml2.xml_utils import OneLogin_Saml2_XML

from footprint.domain.errors import InvalidInput
from footprint.domain.tenancy import Role

# Real IdP metadata is a few kilobytes; Entra's with several certificates stays under 20 KiB.
MAX_METADATA_CHARS = 256 * 1024
MAX_SIGNING_CERTIFICATES = 4
MIN_RSA_BITS = 2048
MIN_EC_BITS = 256

# Use the assertion's subject NameID (Okta's and Entra's default subject is the e-mail).
NAME_ID = "NameID"

# SAML attribute names are URIs (Entra) or short names (Okta, Ping): printable, no spaces.
_ATTRIBUTE_NAME = re.compile(r"^[\x21-\x7e]{1,256}$")
_SAML2_PROTOCOL = "urn:oasis:names:tc:SAML:2.0:protocol"
_METADATA_FIELD = "idp_metadata_xml"


class SsoBinding(StrEnum):
    """How our sign-in request reaches the IdP: in the redirect's query string, or posted
    by a form the browser submits."""

    REDIRECT = "redirect"
    POST = "post"


# The bindings we send requests by, in order of preference.
_BINDINGS = (
    (Saml.BINDING_HTTP_REDIRECT, SsoBinding.REDIRECT),
    (Saml.BINDING_HTTP_POST, SsoBinding.POST),
)


@dataclass(frozen=True, slots=True)
class SigningCertificate:
    """One IdP signing certificate: base64 DER as metadata carries it, plus what admins check."""

    der_base64: str
    sha256_fingerprint: str
    not_after: datetime


@dataclass(frozen=True, slots=True)
class IdentityProvider:
    """What a tenant's IdP metadata says: who signs, with which keys, where users sign in."""

    entity_id: str
    sso_url: str
    sso_binding: SsoBinding
    signing_certificates: tuple[SigningCertificate, ...]


@dataclass(frozen=True, slots=True)
class SsoConfiguration:
    """A tenant's SSO settings, checked, with the IdP its metadata describes.

    Valid by construction (``SsoConfiguration.create``). The settings as stored and as the
    API shows them are ``footprint.identity.sso.SsoSettings``; this is what they mean.
    """

    idp_metadata_xml: str
    email_attribute: str
    name_attribute: str
    default_role: Role
    password_login: bool
    identity_provider: IdentityProvider

    @classmethod
    def create(
        cls,
        *,
        idp_metadata_xml: str,
        email_attribute: str,
        name_attribute: str,
        default_role: str,
        password_login: bool,
    ) -> SsoConfiguration:
        """Validate an admin's input; raises ``InvalidInput`` naming the first wrong field."""
        for field, value in (
            ("email_attribute", email_attribute),
            ("name_attribute", name_attribute),
        ):
            if not _ATTRIBUTE_NAME.fullmatch(value):
                raise InvalidInput(
                    "An attribute name is 1 to 256 printable characters without spaces.",
                    field=field,
                )
        try:
            role = Role(default_role)
        except ValueError:
            raise InvalidInput(
                "Unknown role.", field="default_role", allowed=[r.value for r in Role]
            ) from None
        if role is Role.ADMIN:
            # Every account the IdP asserts would be created as an admin of the tenant.
            raise InvalidInput(
                "Users signing in through the IdP cannot be made admins by default; "
                "promote admins one by one.",
                field="default_role",
            )
        return cls(
            idp_metadata_xml=idp_metadata_xml,
            email_attribute=email_attribute,
            name_attribute=name_attribute,
            default_role=role,
            password_login=password_login,
            identity_provider=parse_idp_metadata(idp_metadata_xml),
        )

    def to_record(self) -> dict[str, Any]:
        """The fields as stored and as ``GET /v1/tenant/sso`` shows them."""
        return {
            "idp_metadata_xml": self.idp_metadata_xml,
            "email_attribute": self.email_attribute,
            "name_attribute": self.name_attribute,
            "default_role": self.default_role.value,
            "password_login": self.password_login,
        }

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> SsoConfiguration:
        """Rebuild stored settings through the same checks, so a stored value is never trusted
        more than an admin's input."""
        return cls.create(
            idp_metadata_xml=str(record["idp_metadata_xml"]),
            email_attribute=str(record["email_attribute"]),
            name_attribute=str(record["name_attribute"]),
            default_role=str(record["default_role"]),
            password_login=bool(record["password_login"]),
        )


def parse_idp_metadata(document: str) -> IdentityProvider:
    """The single identity provider a SAML 2.0 metadata document describes.

    Parsed with the SAML library's hardened parser (no DTDs, no entities, so no XXE or
    entity expansion).
    """
    if not document.strip():
        raise InvalidInput("The IdP metadata is empty.", field=_METADATA_FIELD)
    if len(document) > MAX_METADATA_CHARS:
        raise InvalidInput(
            "The IdP metadata is too large.", field=_METADATA_FIELD, max_chars=MAX_METADATA_CHARS
        )
    try:
        root = OneLogin_Saml2_XML.to_etree(document.encode("utf-8"))
    except (SyntaxError, ValueError):
        # lxml's XMLSyntaxError is a SyntaxError; refusals of DTDs and entities are ValueErrors.
        raise InvalidInput(
            "The IdP metadata is not well-formed XML.", field=_METADATA_FIELD
        ) from None
    descriptors = OneLogin_Saml2_XML.query(root, "//md:EntityDescriptor[md:IDPSSODescriptor]")
    if len(descriptors) != 1:
        raise InvalidInput(
            "The metadata must describe exactly one identity provider.",
            field=_METADATA_FIELD,
            found=len(descriptors),
        )
    entity = descriptors[0]
    entity_id = (entity.get("entityID") or "").strip()
    if not entity_id or len(entity_id) > 1024:
        raise InvalidInput("The metadata has no IdP entity id.", field=_METADATA_FIELD)
    idp = OneLogin_Saml2_XML.query(entity, "./md:IDPSSODescriptor")[0]
    if _SAML2_PROTOCOL not in (idp.get("protocolSupportEnumeration") or "").split():
        raise InvalidInput(
            "The identity provider does not support SAML 2.0.", field=_METADATA_FIELD
        )
    sso_url, sso_binding = _sign_on_service(idp)
    return IdentityProvider(
        entity_id=entity_id,
        sso_url=sso_url,
        sso_binding=sso_binding,
        signing_certificates=_signing_certificates(idp),
    )


def _sign_on_service(idp: Any) -> tuple[str, SsoBinding]:
    """The IdP's sign-on URL for the binding we prefer among those it offers."""
    services = OneLogin_Saml2_XML.query(idp, "./md:SingleSignOnService")
    for saml_binding, binding in _BINDINGS:
        locations = [
            (node.get("Location") or "").strip()
            for node in services
            if node.get("Binding") == saml_binding
        ]
        if locations:
            return _checked_sign_on_url(locations[0]), binding
    raise InvalidInput(
        "The metadata has no single sign-on URL with the HTTP-Redirect or HTTP-POST binding.",
        field=_METADATA_FIELD,
    )


def _checked_sign_on_url(url: str) -> str:
    if re.fullmatch(r"https://[^\s/?#]+[^\s#]*", url):
        return url
    raise InvalidInput("The IdP sign-on URL must be an https URL.", field=_METADATA_FIELD)


def _signing_certificates(idp: Any) -> tuple[SigningCertificate, ...]:
    # A KeyDescriptor without "use" serves both signing and encryption (SAML metadata §2.4.1.1).
    nodes = OneLogin_Saml2_XML.query(
        idp,
        "./md:KeyDescriptor[not(@use) or @use='signing']/ds:KeyInfo/ds:X509Data/ds:X509Certificate",
    )
    certificates: dict[str, SigningCertificate] = {}
    for node in nodes:
        text = "".join((OneLogin_Saml2_XML.element_text(node) or "").split())
        if text not in certificates:
            certificates[text] = _certificate(text)
    if not certificates:
        raise InvalidInput(
            "The metadata has no signing certificate: responses could not be verified.",
            field=_METADATA_FIELD,
        )
    if len(certificates) > MAX_SIGNING_CERTIFICATES:
        raise InvalidInput(
            "The metadata has too many signing certificates.",
            field=_METADATA_FIELD,
            max_certificates=MAX_SIGNING_CERTIFICATES,
        )
    return tuple(certificates.values())


def _certificate(der_base64: str) -> SigningCertificate:
    try:
        der = base64.b64decode(der_base64, validate=True)
        certificate = x509.load_der_x509_certificate(der)
        key = certificate.public_key()
    except (binascii.Error, ValueError):
        raise InvalidInput(
            "A signing certificate in the metadata cannot be read.", field=_METADATA_FIELD
        ) from None
    except UnsupportedAlgorithm:
        # Refused now: the signature check at the first sign-in could not load it either.
        raise InvalidInput(
            "A signing certificate's key is of a type that cannot be used: give one with an "
            "RSA (2048 bits or more) or EC (P-256 or stronger) key.",
            field=_METADATA_FIELD,
        ) from None
    if not isinstance(key, rsa.RSAPublicKey | ec.EllipticCurvePublicKey):
        raise InvalidInput(
            "A signing certificate's key is neither RSA nor EC: give one with an RSA (2048 "
            "bits or more) or EC (P-256 or stronger) key.",
            field=_METADATA_FIELD,
        )
    if isinstance(key, rsa.RSAPublicKey):
        strong = key.key_size >= MIN_RSA_BITS
    else:
        strong = key.curve.key_size >= MIN_EC_BITS
    if not strong:
        raise InvalidInput(
            "A signing certificate's key is too weak (RSA 2048 bits or EC P-256 at least).",
            field=_METADATA_FIELD,
        )
    return SigningCertificate(
        der_base64=der_base64,
        sha256_fingerprint=hashlib.sha256(der).hexdigest(),
        not_after=certificate.not_valid_after_utc,
    )
