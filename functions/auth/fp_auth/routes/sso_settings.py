"""/v1/tenant/sso: the tenant's single sign-on settings (admins), and what to give its IdP."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from aws_lambda_powertools.event_handler.openapi.params import Body
from aws_lambda_powertools.event_handler.router import APIGatewayRouter
from pydantic import BaseModel, Field

from footprint.api.access import current_context, roles, source_ip
from footprint.domain.auth.sso_settings import SsoBinding, SsoConfiguration
from footprint.domain.tenancy import Role, TenantContext
from footprint.identity import domains, saml_signin
from footprint.identity.sso import SsoSettings

router = APIGatewayRouter()  # type: ignore[no-untyped-call]


class ServiceProviderView(BaseModel):
    """What an admin enters at their IdP (or the metadata URL that carries all of it)."""

    entity_id: str
    acs_url: str
    metadata_url: str
    login_url: str


class SigningCertificateView(BaseModel):
    sha256_fingerprint: str
    not_after: datetime


class SignInDirectionsView(BaseModel):
    """Which ways of signing in the IdP's metadata allows: started at the IdP (always: it
    needs nothing from the metadata but the signing certificates), and started here, with
    the binding our request goes by."""

    idp_initiated: Literal[True] = True
    sp_initiated: SsoBinding


class IdentityProviderView(BaseModel):
    """What we understood from the IdP metadata, for the admin to check."""

    entity_id: str
    sso_url: str
    sign_in_directions: SignInDirectionsView
    signing_certificates: list[SigningCertificateView]


class SsoView(BaseModel):
    configured: bool
    settings: SsoSettings | None
    service_provider: ServiceProviderView
    identity_provider: IdentityProviderView | None
    warnings: list[Literal["no_verified_domain"]] = Field(
        description="no_verified_domain: SSO is on and the tenant has verified no domain, so "
        "the IdP may sign in any address that no other tenant's verified domain holds"
    )


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
            sign_in_directions=SignInDirectionsView(sp_initiated=idp.sso_binding),
            signing_certificates=[
                SigningCertificateView(
                    sha256_fingerprint=c.sha256_fingerprint, not_after=c.not_after
                )
                for c in idp.signing_certificates
            ],
        )
        if idp
        else None,
        warnings=["no_verified_domain"]
        if configuration and not domains.verified_domains(context)
        else [],
    )


@router.get(
    "/v1/tenant/sso",
    summary="The tenant's single sign-on settings, and what to give the IdP",
    tags=["tenant"],
    openapi_extensions=roles(Role.ADMIN, identity=True),
)
def get_sso() -> SsoView:
    context = current_context(router)
    return _view(context, saml_signin.configuration(context))


@router.put(
    "/v1/tenant/sso",
    summary="Set the tenant's single sign-on (the IdP metadata is checked first)",
    tags=["tenant"],
    openapi_extensions=roles(Role.ADMIN, identity=True),
)
def put_sso(body: Annotated[SsoSettings, Body()]) -> SsoView:
    context = current_context(router)
    return _view(context, saml_signin.save(context, body, source_ip=source_ip(router)))
