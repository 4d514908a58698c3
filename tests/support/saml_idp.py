"""A real SAML 2.0 identity provider for tests: pysaml2's ``Server``, signing with xmlsec1.

Responses are produced by an IdP implementation we did not write, so the checks under test
meet the XML a real IdP emits (namespaces, canonicalisation, signature placement), and the
attacks in the tests start from a genuinely signed response.

Shapes of the three IdPs the product names, as their SAML responses carry attributes:
- Okta: short names (``email``, ``firstName``), NameFormat ``unspecified``;
- Microsoft Entra ID: claim URIs (``http://schemas.xmlsoap.org/ws/2005/05/identity/claims/...``),
  no NameFormat;
- Ping: LDAP-style names (``mail``, ``cn``), NameFormat ``basic``.
"""

from __future__ import annotations

import base64
import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from saml2 import BINDING_HTTP_REDIRECT, saml
from saml2.attribute_converter import AttributeConverter
from saml2.config import IdPConfig
from saml2.metadata import create_metadata_string
from saml2.s_utils import do_ava, factory
from saml2.saml import NAMEID_FORMAT_EMAILADDRESS, NameID
from saml2.samlp import STATUS_REQUEST_DENIED
from saml2.server import Server
from saml2.sigver import get_xmlsec_binary
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

from footprint.domain.auth.sso_settings import SsoConfiguration

ENTRA_EMAIL = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress"
ENTRA_NAME = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name"
NAME_FORMAT_UNSPECIFIED = "urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified"
NAME_FORMAT_BASIC = "urn:oasis:names:tc:SAML:2.0:attrname-format:basic"


@dataclass(frozen=True)
class Shape:
    """How one IdP vendor names the e-mail and display-name attributes."""

    vendor: str
    email_attribute: str
    name_attribute: str
    name_format: str | None


OKTA = Shape("okta", "email", "firstName", NAME_FORMAT_UNSPECIFIED)
ENTRA = Shape("entra", ENTRA_EMAIL, ENTRA_NAME, None)
PING = Shape("ping", "mail", "cn", NAME_FORMAT_BASIC)


class _Verbatim(AttributeConverter):  # type: ignore[misc]
    """Emit attribute names exactly as given, with the vendor's NameFormat (pysaml2's own
    converters would rename well-known names to OIDs)."""

    def to_(self, attrvals: dict[str, Any]) -> list[Any]:
        extra = {"name_format": self.name_format} if self.name_format else {}
        return [
            factory(saml.Attribute, name=name, attribute_value=do_ava(values), **extra)
            for name, values in attrvals.items()
        ]


def make_key_and_certificate(
    directory: Path, common_name: str, bits: int = 2048
) -> tuple[Path, Path]:
    """A self-signed signing certificate, as an IdP's admin console generates one."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=bits)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=365))
        .sign(key, hashes.SHA256())
    )
    directory.mkdir(parents=True, exist_ok=True)
    key_file = directory / "key.pem"
    cert_file = directory / "cert.pem"
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return key_file, cert_file


def certificate_base64(cert_file: Path) -> str:
    """The certificate as metadata carries it: base64 DER on one line."""
    certificate = x509.load_pem_x509_certificate(cert_file.read_bytes())
    return base64.b64encode(certificate.public_bytes(serialization.Encoding.DER)).decode()


class SamlIdp:
    """One IdP: its metadata document, and signed responses for service providers it knows."""

    def __init__(
        self,
        directory: Path,
        *,
        entity_id: str,
        sp_metadata: list[str],
        shape: Shape = OKTA,
        lifetime_minutes: int = 5,
        key_files: tuple[Path, Path] | None = None,
        sso_binding: str = BINDING_HTTP_REDIRECT,
        sso_url: str | None = None,
    ) -> None:
        """``sso_binding`` and ``sso_url``: the one sign-on service the metadata offers (by
        default HTTP-Redirect, at a URL under the entity id's host)."""
        key_file, cert_file = key_files or make_key_and_certificate(directory, entity_id)
        self.entity_id = entity_id
        self.shape = shape
        self.cert_file = cert_file
        host = entity_id.split("/")[2]
        self.sso_url = sso_url or f"https://{host}/sso/saml"
        config = IdPConfig()
        config.load(
            {
                "entityid": entity_id,
                "service": {
                    "idp": {
                        "endpoints": {"single_sign_on_service": [(self.sso_url, sso_binding)]},
                        "policy": {
                            "default": {
                                "lifetime": {"minutes": lifetime_minutes},
                                "name_form": shape.name_format or "",
                            }
                        },
                        "name_id_format": [NAMEID_FORMAT_EMAILADDRESS],
                    }
                },
                "key_file": str(key_file),
                "cert_file": str(cert_file),
                "xmlsec_binary": get_xmlsec_binary(),
                "metadata": {"inline": sp_metadata},
            }
        )
        self.server = Server(config=config)
        self.server.config.attribute_converters = [_Verbatim(shape.name_format or "")]
        self.metadata_xml = create_metadata_string(None, config=config, sign=False).decode()

    def attributes(self, email: str, name: str = "Ada Lovelace") -> dict[str, list[str]]:
        return {self.shape.email_attribute: [email], self.shape.name_attribute: [name]}

    def response_xml(
        self,
        *,
        sp_entity_id: str,
        destination: str,
        email: str = "ada@example.com",
        identity: dict[str, list[str]] | None = None,
        in_response_to: str | None = None,
        sign_assertion: bool = True,
        sign_response: bool = False,
        sign_alg: str = SIG_RSA_SHA256,
        digest_alg: str = DIGEST_SHA256,
        issuer: str | None = None,
    ) -> str:
        """A signed Response, as the IdP would post it to ``destination``."""
        response = self.server.create_authn_response(
            identity=identity if identity is not None else self.attributes(email),
            in_response_to=in_response_to,
            destination=destination,
            sp_entity_id=sp_entity_id,
            name_id=NameID(format=NAMEID_FORMAT_EMAILADDRESS, text=email),
            authn={
                "class_ref": "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"
            },
            issuer=issuer,
            sign_assertion=sign_assertion,
            sign_response=sign_response,
            sign_alg=sign_alg,
            digest_alg=digest_alg,
        )
        return str(response)

    def response(self, **arguments: Any) -> str:
        """The same, base64-encoded as the HTTP-POST binding carries it in ``SAMLResponse``."""
        return encode(self.response_xml(**arguments))

    def error_response(self, *, destination: str) -> str:
        """A signed failure Response, as an IdP sends when a user is not assigned the app."""
        response = self.server.create_error_response(
            in_response_to=None,
            destination=destination,
            info=(STATUS_REQUEST_DENIED, "user not assigned"),
            sign=True,
            sign_alg=SIG_RSA_SHA256,
            digest_alg=DIGEST_SHA256,
        )
        return encode(str(response))


def encode(xml: str) -> str:
    return base64.b64encode(xml.encode("utf-8")).decode("ascii")


def decode(saml_response: str) -> str:
    return base64.b64decode(saml_response).decode("utf-8")


def sso_settings_for(idp: SamlIdp, **overrides: Any) -> SsoConfiguration:
    """A tenant's SSO settings pointing at ``idp``, as an admin would enter them."""
    values: dict[str, Any] = {
        "idp_metadata_xml": idp.metadata_xml,
        "email_attribute": idp.shape.email_attribute,
        "name_attribute": idp.shape.name_attribute,
        "default_role": "viewer",
        "password_login": False,
    }
    values.update(overrides)
    return SsoConfiguration.create(**values)
