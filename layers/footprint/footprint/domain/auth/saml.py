"""SAML 2.0 single sign-on for one tenant: our service provider, sign-in requests, and the
checks an IdP's response must pass before anyone is signed in.

The XML signature and the protocol checks are python3-saml's (OneLogin's toolkit, strict
mode, xmlsec underneath). On top of it this module is stricter where the toolkit is lenient:
the assertion itself must be signed, with SHA-256 or better; Destination, Recipient and
Audience must be present and equal to ours exactly (the toolkit compares prefixes and
substrings, and accepts their absence); the assertion must be fresh; an assertion id is
accepted once; a response that answers a request must answer one of ours, once.

The URL the toolkit checks Destination and Recipient against is built from the tenant's
ACS URL, which comes from our public base URL, never from a client's Host or
X-Forwarded-* headers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol
from urllib.parse import urlencode, urlsplit

from onelogin.saml2.authn_request import OneLogin_Saml2_Authn_Request
from onelogin.saml2.constants import OneLogin_Saml2_Constants as Saml
from onelogin.saml2.errors import OneLogin_Saml2_ValidationError as ValidationError
from onelogin.saml2.response import OneLogin_Saml2_Response
from onelogin.saml2.settings import OneLogin_Saml2_Settings
from onelogin.saml2.utils import OneLogin_Saml2_Utils
from onelogin.saml2.xml_utils import OneLogin_Saml2_XML

from footprint.domain.auth.sso_settings import (
    NAME_ID,
    IdentityProvider,
    SsoBinding,
    SsoConfiguration,
)
from footprint.domain.errors import InvalidInput, Unauthenticated
from footprint.domain.ids import valid_id

# Clock drift allowed on every time the IdP asserts: the toolkit's (five minutes).
CLOCK_DRIFT_SECONDS: int = Saml.ALLOWED_CLOCK_DRIFT
# An assertion is used the moment the IdP issues it; older ones are refused whatever their
# NotOnOrAfter says, which also bounds how long an assertion id must be remembered.
MAX_ASSERTION_AGE_SECONDS = 300
# A user has this long to sign in at the IdP after we send them there.
SIGN_IN_REQUEST_SECONDS = 600
MAX_RESPONSE_CHARS = 256 * 1024
MAX_RELAY_STATE_CHARS = 512

_SAML_BINDINGS = {
    SsoBinding.REDIRECT: Saml.BINDING_HTTP_REDIRECT,
    SsoBinding.POST: Saml.BINDING_HTTP_POST,
}
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$")
_LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


class Rejection(StrEnum):
    """Why a SAML response was refused: for the audit log, never for the client."""

    MALFORMED = "malformed"
    UNSIGNED = "unsigned"
    SIGNATURE = "signature"  # invalid signature, or signed elements rearranged (wrapping)
    WEAK_ALGORITHM = "weak_algorithm"
    ISSUER = "issuer"  # not this tenant's IdP
    AUDIENCE = "audience"
    DESTINATION = "destination"
    RECIPIENT = "recipient"
    SUBJECT_CONFIRMATION = "subject_confirmation"
    EXPIRED = "expired"
    NOT_YET_VALID = "not_yet_valid"
    IN_RESPONSE_TO = "in_response_to"  # answers a request we did not make, or made for another
    REPLAYED = "replayed"
    IDP_STATUS = "idp_status"  # the IdP reports a failure (user cancelled, not assigned)
    NO_EMAIL = "no_email"
    INVALID = "invalid"


class SamlRejected(Unauthenticated):
    """A response that signs no one in. The client learns only that; ``reason`` is audited."""

    def __init__(self, reason: Rejection) -> None:
        super().__init__("The sign-in response from the identity provider was rejected.")
        self.reason = reason


_REASONS: dict[int, Rejection] = {
    ValidationError.NO_SIGNED_ASSERTION: Rejection.UNSIGNED,
    ValidationError.NO_SIGNED_MESSAGE: Rejection.UNSIGNED,
    ValidationError.NO_SIGNATURE_FOUND: Rejection.UNSIGNED,
    ValidationError.INVALID_SIGNATURE: Rejection.SIGNATURE,
    ValidationError.WRONG_SIGNED_ELEMENT: Rejection.SIGNATURE,
    ValidationError.ID_NOT_FOUND_IN_SIGNED_ELEMENT: Rejection.SIGNATURE,
    ValidationError.DUPLICATED_ID_IN_SIGNED_ELEMENTS: Rejection.SIGNATURE,
    ValidationError.INVALID_SIGNED_ELEMENT: Rejection.SIGNATURE,
    ValidationError.DUPLICATED_REFERENCE_IN_SIGNED_ELEMENTS: Rejection.SIGNATURE,
    ValidationError.UNEXPECTED_SIGNED_ELEMENTS: Rejection.SIGNATURE,
    ValidationError.WRONG_NUMBER_OF_SIGNATURES_IN_RESPONSE: Rejection.SIGNATURE,
    ValidationError.WRONG_NUMBER_OF_SIGNATURES_IN_ASSERTION: Rejection.SIGNATURE,
    ValidationError.WRONG_NUMBER_OF_SIGNATURES: Rejection.SIGNATURE,
    ValidationError.WRONG_NUMBER_OF_ASSERTIONS: Rejection.SIGNATURE,
    ValidationError.DEPRECATED_SIGNATURE_METHOD: Rejection.WEAK_ALGORITHM,
    ValidationError.DEPRECATED_DIGEST_METHOD: Rejection.WEAK_ALGORITHM,
    ValidationError.WRONG_ISSUER: Rejection.ISSUER,
    ValidationError.ISSUER_MULTIPLE_IN_RESPONSE: Rejection.ISSUER,
    ValidationError.ISSUER_NOT_FOUND_IN_ASSERTION: Rejection.ISSUER,
    ValidationError.WRONG_AUDIENCE: Rejection.AUDIENCE,
    ValidationError.WRONG_DESTINATION: Rejection.DESTINATION,
    ValidationError.EMPTY_DESTINATION: Rejection.DESTINATION,
    ValidationError.WRONG_SUBJECTCONFIRMATION: Rejection.SUBJECT_CONFIRMATION,
    ValidationError.ASSERTION_EXPIRED: Rejection.EXPIRED,
    ValidationError.SESSION_EXPIRED: Rejection.EXPIRED,
    ValidationError.RESPONSE_EXPIRED: Rejection.EXPIRED,
    ValidationError.ASSERTION_TOO_EARLY: Rejection.NOT_YET_VALID,
    ValidationError.WRONG_INRESPONSETO: Rejection.IN_RESPONSE_TO,
    ValidationError.STATUS_CODE_IS_NOT_SUCCESS: Rejection.IDP_STATUS,
    ValidationError.INVALID_XML_FORMAT: Rejection.MALFORMED,
    ValidationError.UNSUPPORTED_SAML_VERSION: Rejection.MALFORMED,
    ValidationError.MISSING_ID: Rejection.MALFORMED,
}


@dataclass(frozen=True, slots=True)
class ServiceProvider:
    """Our SAML service provider for one tenant: each tenant has its own entity id and ACS
    URL, so an assertion minted for one tenant carries an audience no other tenant accepts."""

    tenant_id: str
    entity_id: str
    acs_url: str
    login_url: str

    @classmethod
    def for_tenant(cls, tenant_id: str, public_base_url: str) -> ServiceProvider:
        if not valid_id(tenant_id):
            raise ValueError("tenant id has an invalid form")
        base = public_base_url_checked(public_base_url)
        prefix = f"{base}/v1/auth/saml/{tenant_id}"
        return cls(
            tenant_id=tenant_id,
            entity_id=f"{prefix}/metadata",
            acs_url=f"{prefix}/acs",
            login_url=f"{prefix}/login",
        )


def public_base_url_checked(value: str) -> str:
    """The API's public base URL (scheme, host, optional stage path), without a trailing slash.

    HTTPS only, except on the loopback address where the local platform serves plain HTTP.
    """
    base = value.strip().rstrip("/")
    parts = urlsplit(base)
    loopback = parts.scheme == "http" and parts.hostname in _LOOPBACK_HOSTS
    if (
        (parts.scheme != "https" and not loopback)
        or not parts.hostname
        or parts.query
        or parts.fragment
        or "@" in parts.netloc
    ):
        raise ValueError("the public base URL must be https://host[/path]")
    return base


@dataclass(frozen=True, slots=True)
class PendingSignIn:
    """A sign-in request we sent to the IdP, remembered until its response comes back."""

    request_id: str
    relay_state: str | None
    expires_at: int


class PendingSignIns(Protocol):
    """One-time storage of one tenant's outstanding requests."""

    def remember(self, pending: PendingSignIn) -> None: ...

    def consume(self, request_id: str) -> PendingSignIn | None:
        """The pending request, removed; ``None`` if unknown, expired or already consumed."""
        ...


class AssertionReplayStore(Protocol):
    """Remembers one tenant's assertion ids until they could no longer be accepted anyway."""

    def first_use(self, assertion_id: str, expires_at: int) -> bool:
        """Record ``assertion_id`` atomically; ``False`` if it was already recorded."""
        ...


@dataclass(frozen=True, slots=True)
class SamlIdentity:
    """Who the IdP vouches for, after every check passed."""

    email: str
    name: str | None
    assertion_id: str
    idp_entity_id: str
    # What the user asked to return to: from our own pending request (SP-initiated) or a
    # checked relative path (IdP-initiated).
    relay_state: str | None


def toolkit_settings(sp: ServiceProvider, idp: IdentityProvider | None) -> OneLogin_Saml2_Settings:
    """python3-saml settings for ``sp`` and the tenant's IdP (``None``: SP metadata only)."""
    data: dict[str, Any] = {
        "strict": True,
        "debug": False,
        "sp": {
            "entityId": sp.entity_id,
            "assertionConsumerService": {"url": sp.acs_url, "binding": Saml.BINDING_HTTP_POST},
            "NameIDFormat": Saml.NAMEID_UNSPECIFIED,
        },
        "security": {
            "wantAssertionsSigned": True,
            "rejectDeprecatedAlgorithm": True,
            "wantAttributeStatement": False,
            "wantNameId": True,
            "allowRepeatAttributeName": False,
            # Entra and Okta fail a request that pins PasswordProtectedTransport for users who
            # signed in with MFA or a passkey; the IdP's own policy decides how to sign in.
            "requestedAuthnContext": False,
            "signatureAlgorithm": Saml.RSA_SHA256,
            "digestAlgorithm": Saml.SHA256,
        },
    }
    if idp is not None:
        data["idp"] = {
            "entityId": idp.entity_id,
            "singleSignOnService": {"url": idp.sso_url, "binding": _SAML_BINDINGS[idp.sso_binding]},
            "x509certMulti": {"signing": [c.der_base64 for c in idp.signing_certificates]},
        }
    return OneLogin_Saml2_Settings(data, sp_validation_only=idp is None)


def sp_metadata(sp: ServiceProvider) -> str:
    """The SP metadata document an admin gives their IdP (entity id, ACS URL, what we want)."""
    settings = toolkit_settings(sp, None)
    metadata: bytes | str = settings.get_sp_metadata()
    text = metadata.decode("utf-8") if isinstance(metadata, bytes) else metadata
    errors = settings.validate_metadata(text)
    if errors:
        raise ValueError(f"generated SP metadata is not valid: {errors}")
    return text


@dataclass(frozen=True, slots=True)
class SignInRequest:
    """A sign-in request for the tenant's IdP, and what to remember until it is answered.

    By the HTTP-Redirect binding the browser is sent to ``redirect_url``; by HTTP-POST it
    submits a form to ``sso_url`` with ``parameters`` as its fields.
    """

    binding: SsoBinding
    sso_url: str
    parameters: dict[str, str]
    pending: PendingSignIn

    @property
    def redirect_url(self) -> str:
        separator = "&" if "?" in self.sso_url else "?"
        return f"{self.sso_url}{separator}{urlencode(self.parameters)}"


def start_sign_in(
    sp: ServiceProvider, settings: SsoConfiguration, relay_state: str | None
) -> SignInRequest:
    """An AuthnRequest for the tenant's IdP, by the binding its metadata offers."""
    checked_relay_state = safe_relay_state(relay_state)
    if relay_state is not None and checked_relay_state is None:
        raise InvalidInput(
            "relay_state must be a path on this site, such as /reports.", field="relay_state"
        )
    idp = settings.identity_provider
    request = OneLogin_Saml2_Authn_Request(toolkit_settings(sp, idp))
    # The Redirect binding carries the request deflated; the POST binding plain base64.
    encoded: str = request.get_request(deflate=idp.sso_binding is SsoBinding.REDIRECT)
    parameters = {"SAMLRequest": encoded}
    if checked_relay_state is not None:
        parameters["RelayState"] = checked_relay_state
    return SignInRequest(
        binding=idp.sso_binding,
        sso_url=idp.sso_url,
        parameters=parameters,
        pending=PendingSignIn(
            request_id=request.get_id(),
            relay_state=checked_relay_state,
            expires_at=_now() + SIGN_IN_REQUEST_SECONDS,
        ),
    )


def safe_relay_state(value: str | None) -> str | None:
    """A relay state we would send a browser to: a path on our own site, else nothing.

    Anything else (absolute or scheme-relative URLs, backslashes, control characters) could
    turn sign-in into an open redirect, so it is dropped.
    """
    if value is None or not value or len(value) > MAX_RELAY_STATE_CHARS:
        return None
    if not value.startswith("/") or value.startswith("//") or "\\" in value:
        return None
    if any(ord(character) < 0x21 or ord(character) == 0x7F for character in value):
        return None
    return value


def verify_response(
    *,
    sp: ServiceProvider,
    settings: SsoConfiguration,
    saml_response: str,
    relay_state: str | None,
    pending_sign_ins: PendingSignIns,
    replay_store: AssertionReplayStore,
) -> SamlIdentity:
    """Check a response posted to the tenant's ACS; raises ``SamlRejected`` with the reason.

    Signature and structure first (nothing unsigned is read for a decision to accept), then
    our stricter checks, then the one-time checks, which write, last.
    """
    idp = settings.identity_provider
    if not saml_response or len(saml_response) > MAX_RESPONSE_CHARS:
        raise SamlRejected(Rejection.MALFORMED)
    try:
        response = OneLogin_Saml2_Response(toolkit_settings(sp, idp), saml_response)
    except Exception:  # bad base64, not XML, a DTD or entities: the toolkit raises several kinds
        raise SamlRejected(Rejection.MALFORMED) from None
    try:
        response.is_valid(_request_data(sp, saml_response), raise_exceptions=True)
        assertion = response._query_assertion("")[0]  # the signed assertion, by its id
        _check_exact_addressing(response, sp)
        in_response_to = _in_response_to(response, _check_subject_confirmation(response, sp))
        issued_at = _check_fresh(assertion)
        identity_email = _email(response, settings)
        identity_name = _name(response, settings)
        assertion_id: str = assertion.get("ID")
    except SamlRejected:
        raise
    except ValidationError as error:
        raise SamlRejected(_REASONS.get(error.code, Rejection.INVALID)) from None
    except Exception:  # xmlsec and lxml errors inside the toolkit
        raise SamlRejected(Rejection.INVALID) from None

    expires_at = issued_at + MAX_ASSERTION_AGE_SECONDS + CLOCK_DRIFT_SECONDS
    if not replay_store.first_use(assertion_id, expires_at):
        raise SamlRejected(Rejection.REPLAYED)
    if in_response_to is not None:
        pending = pending_sign_ins.consume(in_response_to)
        if pending is None or pending.expires_at <= _now():
            raise SamlRejected(Rejection.IN_RESPONSE_TO)
        returned_to = pending.relay_state
    else:
        returned_to = safe_relay_state(relay_state)
    return SamlIdentity(
        email=identity_email,
        name=identity_name,
        assertion_id=assertion_id,
        idp_entity_id=idp.entity_id,
        relay_state=returned_to,
    )


def _now() -> int:
    # The toolkit's clock, so our checks and its checks never disagree about "now".
    now: int = OneLogin_Saml2_Utils.now()
    return now


def _request_data(sp: ServiceProvider, saml_response: str) -> dict[str, Any]:
    """The toolkit's view of "the current request", built from our configured ACS URL."""
    parts = urlsplit(sp.acs_url)
    return {
        "https": "on" if parts.scheme == "https" else "off",
        "http_host": parts.netloc,
        "script_name": parts.path,
        "post_data": {"SAMLResponse": saml_response},
    }


def _check_exact_addressing(response: OneLogin_Saml2_Response, sp: ServiceProvider) -> None:
    # The toolkit accepts a Destination that merely starts with our URL, and no Destination.
    if response.document.get("Destination") != sp.acs_url:
        raise SamlRejected(Rejection.DESTINATION)
    # The toolkit accepts an assertion without any AudienceRestriction.
    if sp.entity_id not in response.get_audiences():
        raise SamlRejected(Rejection.AUDIENCE)


def _check_subject_confirmation(response: OneLogin_Saml2_Response, sp: ServiceProvider) -> Any:
    """The bearer confirmation addressed to exactly our ACS, with an expiry (SAML profiles
    §4.1.4.2); the toolkit only asks that our URL appear somewhere inside Recipient."""
    now = _now()
    for node in response._query_assertion("/saml:Subject/saml:SubjectConfirmation"):
        if node.get("Method") != Saml.CM_BEARER:
            continue
        data = node.find("saml:SubjectConfirmationData", namespaces=Saml.NSMAP)
        if data is None or data.get("Recipient") != sp.acs_url:
            continue
        not_on_or_after = data.get("NotOnOrAfter")
        if not_on_or_after and OneLogin_Saml2_Utils.parse_SAML_to_time(not_on_or_after) > now:
            return data
    raise SamlRejected(Rejection.RECIPIENT)


def _in_response_to(response: OneLogin_Saml2_Response, confirmation: Any) -> str | None:
    """The request this response answers, if any. The signed assertion's value counts; the
    Response element's (outside the assertion signature) is used only when the assertion has
    none, and the toolkit has already refused a confirmation that contradicts it."""
    signed: str | None = confirmation.get("InResponseTo")
    envelope: str | None = response.get_in_response_to()
    return signed or envelope


def _check_fresh(assertion: Any) -> int:
    issued_at: int = OneLogin_Saml2_Utils.parse_SAML_to_time(assertion.get("IssueInstant"))
    now = _now()
    if issued_at > now + CLOCK_DRIFT_SECONDS:
        raise SamlRejected(Rejection.NOT_YET_VALID)
    if issued_at + MAX_ASSERTION_AGE_SECONDS + CLOCK_DRIFT_SECONDS <= now:
        raise SamlRejected(Rejection.EXPIRED)
    return issued_at


def _single_value(response: OneLogin_Saml2_Response, attribute: str) -> str | None:
    values = {
        value.strip()
        for value in response.get_attributes().get(attribute, [])
        if isinstance(value, str) and value.strip()
    }
    # Several different values for one attribute is ambiguous: we will not pick one.
    return values.pop() if len(values) == 1 else None


def _email(response: OneLogin_Saml2_Response, settings: SsoConfiguration) -> str:
    if settings.email_attribute == NAME_ID:
        raw: str | None = OneLogin_Saml2_XML.element_text(_name_id_node(response))
    else:
        raw = _single_value(response, settings.email_attribute)
    email = (raw or "").strip().lower()
    if len(email) > 254 or not _EMAIL.fullmatch(email):
        raise SamlRejected(Rejection.NO_EMAIL)
    return email


def _name_id_node(response: OneLogin_Saml2_Response) -> Any:
    nodes = response._query_assertion("/saml:Subject/saml:NameID")
    if len(nodes) != 1:
        raise SamlRejected(Rejection.NO_EMAIL)
    return nodes[0]


def _name(response: OneLogin_Saml2_Response, settings: SsoConfiguration) -> str | None:
    value = _single_value(response, settings.name_attribute)
    return value[:200] if value else None
