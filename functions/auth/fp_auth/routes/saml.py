"""SAML 2.0 single sign-on: the tenant's ACS, SP metadata and SP-initiated sign-in (public:
the IdP's response is the credential)."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Form, Query
from aws_lambda_powertools.event_handler.router import APIGatewayRouter
from pydantic import Field

from footprint.api.access import public, source_ip
from footprint.api.errors import may_answer
from footprint.domain.auth.saml import MAX_RELAY_STATE_CHARS, MAX_RESPONSE_CHARS
from footprint.identity import saml_signin, sessions

router = APIGatewayRouter()  # type: ignore[no-untyped-call]

_TENANT_ID = "Tenant id, as in the ACS URL the tenant's IdP was given"


class SamlTokens(sessions.TokenSet):
    relay_state: str | None = Field(
        default=None, description="Where the user asked to go: a path on this site"
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
