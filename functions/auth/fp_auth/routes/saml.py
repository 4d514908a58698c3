"""SAML 2.0 single sign-on: the tenant's ACS, SP metadata and SP-initiated sign-in (public:
the IdP's response is the credential), and the tenant's SSO settings (admins)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body, Form, Query
from aws_lambda_powertools.event_handler.router import APIGatewayRouter
from pydantic import BaseModel, Field

from footprint.api.access import current_context, public, roles, source_ip
from footprint.api.errors import may_answer
from footprint.domain.auth.saml import MAX_RELAY_STATE_CHARS, MAX_RESPONSE_CHARS
from footprint.domain.auth.sso_settings import SsoConfiguration
from footprint.domain.tenancy import Role, TenantContext
from footprint.identity import saml_signin, sessions
from footprint.identity.sso import SsoSettings

router = APIGatewayRouter()  # type: ignore[no-untyped-call]

_TENANT_ID = "Tenant id, as in the ACS URL the tenant's IdP was given"


class SamlTokens(sessions.TokenSet):
    relay_state: str | None = Field(
        default=None, description="Where the user asked to go: a path on this site"
    )


class ServiceProviderView(BaseModel):
    """What an admin enters at their IdP (or the metadata URL that carries all of it)."""

    entity_id: str
    acs_url: str
    metadata_url: str
    login_url: str


class SigningCertificateView(BaseModel):
    sha256_fingerprint: str
    not_after: datetime


class IdentityProviderView(BaseModel):
    """What we understood from the IdP metadata, for the admin to check."""

    entity_id: str
    sso_url: str
    signing_certificates: list[SigningCertificateView]


class SsoView(BaseModel):
    configured: bool
    settings: SsoSettings | None
    service_provider: ServiceProviderView
    identity_provider: IdentityProviderView | None


def _view(context: TenantContext, configuration: SsoConfiguration | None) -> SsoView:
    sp = saml_signin.service_provider(context)
    idp = configuration.identity_provider if configuration else None
    return SsoView(
        configured=configuration is not None,
        settings=SsoSettings.model_validate(configuration.to_record()) if configuration else None,
        service_provider=ServiceProviderView(
            entity_id=sp.entity_id,
            acs_url=sp.acs_url,
            metadata_url=sp.entity_id,
            login_url=sp.login_url,
        ),
        identity_provider=IdentityProviderView(
            entity_id=idp.entity_id,
            sso_url=idp.sso_url,
            signing_certificates=[
                SigningCertificateView(
                    sha256_fingerprint=c.sha256_fingerprint, not_after=c.not_after
                )
                for c in idp.signing_certificates
            ],
        )
        if idp
        else None,
    )


@router.post(
    "/v1/auth/saml/<tenant_id>/acs",
    summary="Assertion consumer service: sign in with the tenant's IdP (HTTP-POST binding)",
    description=(
        "IdP-initiated, or the answer to GET .../login. The response must be signed by the "
        "tenant's IdP, addressed to this URL and this tenant's SP, fresh, and used once."
    ),
    tags=["auth"],
    openapi_extensions={**public(), **may_answer(401)},
)
def acs(
    tenant_id: str,
    saml_response: Annotated[
        str, Form(alias="SAMLResponse", min_length=1, max_length=MAX_RESPONSE_CHARS)
    ],
    relay_state: Annotated[
        str | None, Form(alias="RelayState", max_length=MAX_RELAY_STATE_CHARS)
    ] = None,
) -> SamlTokens:
    signed_in = saml_signin.complete(
        tenant_id, saml_response, relay_state, source_ip=source_ip(router)
    )
    return SamlTokens(**signed_in.tokens.model_dump(), relay_state=signed_in.relay_state)


@router.get(
    "/v1/auth/saml/<tenant_id>/metadata",
    summary="The tenant's SAML service-provider metadata, for its IdP",
    tags=["auth"],
    openapi_extensions=public(),
    responses={
        200: {
            "description": "SAML 2.0 metadata",
            "content": {"application/samlmetadata+xml": {}},
        }
    },
)
def metadata(tenant_id: str) -> Response[str]:
    return Response(
        status_code=200,
        content_type="application/samlmetadata+xml",
        body=saml_signin.metadata(tenant_id),
    )


@router.get(
    "/v1/auth/saml/<tenant_id>/login",
    summary="Start SP-initiated sign-in: redirects to the tenant's IdP",
    tags=["auth"],
    openapi_extensions=public(),
    responses={
        302: {
            "description": "To the IdP's sign-on URL with a SAML AuthnRequest",
            "headers": {"Location": {"schema": {"type": "string"}}},
            "content": {},
        }
    },
)
def login(
    tenant_id: str,
    relay_state: Annotated[
        str | None,
        Query(max_length=MAX_RELAY_STATE_CHARS, description="A path on this site to return to"),
    ] = None,
) -> Response[str]:
    location = saml_signin.begin(tenant_id, relay_state)
    return Response(status_code=302, headers={"Location": location}, body="")


@router.get(
    "/v1/tenant/sso",
    summary="The tenant's single sign-on settings, and what to give the IdP",
    tags=["tenant"],
    openapi_extensions=roles(Role.ADMIN),
)
def get_sso() -> SsoView:
    context = current_context(router)
    return _view(context, saml_signin.configuration(context))


@router.put(
    "/v1/tenant/sso",
    summary="Set the tenant's single sign-on (the IdP metadata is checked first)",
    tags=["tenant"],
    openapi_extensions=roles(Role.ADMIN),
)
def put_sso(body: Annotated[SsoSettings, Body()]) -> SsoView:
    context = current_context(router)
    return _view(context, saml_signin.save(context, body, source_ip=source_ip(router)))
