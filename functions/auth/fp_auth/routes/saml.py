"""SAML 2.0 single sign-on: the tenant's ACS, SP metadata and SP-initiated sign-in (public:
the IdP's response is the credential).

The ACS answers two kinds of caller. A browser (its form post from the IdP asks for HTML) is
sent on to the web application with a one-time code in the address fragment, which the app
exchanges for tokens at ``/v1/auth/saml/exchange`` (the refresh token in the browser's
cookie); an API client gets the token set in JSON, as it always has."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.openapi.params import Body, Form, Query
from aws_lambda_powertools.event_handler.openapi.types import OpenAPIResponse
from aws_lambda_powertools.event_handler.router import APIGatewayRouter
from pydantic import BaseModel, Field

from footprint.api import refresh_cookie
from footprint.api.access import device, public, source_ip
from footprint.api.errors import may_answer
from footprint.domain.auth.saml import MAX_RELAY_STATE_CHARS, MAX_RESPONSE_CHARS, SignInRequest
from footprint.domain.auth.sso_settings import SsoBinding
from footprint.domain.errors import FootprintError
from footprint.identity import saml_signin, sessions

router = APIGatewayRouter()  # type: ignore[no-untyped-call]

_TENANT_ID = "Tenant id, as in the ACS URL the tenant's IdP was given"


class SamlTokens(sessions.TokenSet):
    relay_state: str | None = Field(
        default=None, description="Where the user asked to go: a path on this site"
    )


class SignInStart(BaseModel):
    """How the browser reaches the IdP: go to ``url`` (redirect), or submit a form to ``url``
    with ``fields`` (post)."""

    binding: SsoBinding
    url: str
    fields: dict[str, str] = Field(default_factory=dict)


class StartRequest(BaseModel):
    relay_state: str | None = Field(
        default=None,
        max_length=MAX_RELAY_STATE_CHARS,
        description="A path on this site to return to",
    )


class ExchangeRequest(BaseModel):
    code: str = Field(min_length=1, max_length=saml_signin.MAX_BROWSER_CODE_CHARS)


_ACS_ANSWERS: dict[int, OpenAPIResponse] = {
    200: {
        "description": "An API client: the tokens",
        "content": {"application/json": {"model": SamlTokens}},
    },
    303: {
        "description": "A browser: to the web application, the one-time code (or the error's "
        "code) in the address fragment",
        "headers": {"Location": {"schema": {"type": "string"}}},
        "content": {},
    },
}


def _see_other(location: str) -> Response[str]:
    return Response(status_code=303, headers={"Location": location}, body="")


def _from_a_browser() -> bool:
    # The IdP's auto-submitted form is a navigation, which asks for HTML; API clients ask
    # for JSON or anything.
    accept = router.current_event.headers.get("Accept") or ""
    return "text/html" in accept.lower()


@router.post(
    "/v1/auth/saml/<tenant_id>/acs",
    summary="Assertion consumer service: sign in with the tenant's IdP (HTTP-POST binding)",
    description=(
        "IdP-initiated, or the answer to a request sent by .../login or .../start. The "
        "response must be signed by the tenant's IdP, addressed to this URL and this tenant's "
        "SP, fresh, and used once. A browser (Accept: text/html) is sent to the web "
        "application with a one-time code to exchange at /v1/auth/saml/exchange; other "
        "callers receive the tokens."
    ),
    tags=["auth"],
    openapi_extensions={**public(), **may_answer(401)},
    responses=_ACS_ANSWERS,
)
def acs(
    tenant_id: str,
    saml_response: Annotated[
        str, Form(alias="SAMLResponse", min_length=1, max_length=MAX_RESPONSE_CHARS)
    ],
    relay_state: Annotated[
        str | None, Form(alias="RelayState", max_length=MAX_RELAY_STATE_CHARS)
    ] = None,
) -> Response[Any]:
    if not _from_a_browser():
        signed_in = saml_signin.complete(
            tenant_id,
            saml_response,
            relay_state,
            source_ip=source_ip(router),
            device=device(router),
        )
        body = SamlTokens(**signed_in.tokens.model_dump(), relay_state=signed_in.relay_state)
        return Response(status_code=200, content_type=content_types.APPLICATION_JSON, body=body)
    try:
        handed = saml_signin.complete_in_browser(
            tenant_id, saml_response, relay_state, source_ip=source_ip(router)
        )
    except FootprintError as error:
        # The person sees the app's words for it, not a JSON document.
        return _see_other(saml_signin.app_url(None, f"sso_error={error.code}"))
    return _see_other(saml_signin.app_url(handed.relay_state, f"sso_code={handed.code}"))


@router.post(
    "/v1/auth/saml/exchange",
    summary="Exchange the one-time code the ACS gave a browser for tokens (refresh token in "
    "the cookie)",
    tags=["auth"],
    openapi_extensions={**public(), **may_answer(401)},
)
def exchange(
    body: Annotated[ExchangeRequest, Body()],
) -> Response[refresh_cookie.BrowserTokens]:
    tokens = saml_signin.exchange(body.code, source_ip=source_ip(router), device=device(router))
    return refresh_cookie.TENANT.answer(tokens)


@router.post(
    "/v1/auth/saml/<tenant_id>/start",
    summary="Start SP-initiated sign-in from the web application: how to reach the IdP",
    description=(
        "By the binding the IdP's metadata offers: HTTP-Redirect (go to url) or HTTP-POST "
        "(submit a form to url with fields). The IdP answers at .../acs."
    ),
    tags=["auth"],
    openapi_extensions=public(),
)
def start(tenant_id: str, body: Annotated[StartRequest, Body()]) -> SignInStart:
    return _answer(saml_signin.begin(tenant_id, body.relay_state))


def _answer(request: SignInRequest) -> SignInStart:
    if request.binding is SsoBinding.REDIRECT:
        return SignInStart(binding=request.binding, url=request.redirect_url)
    return SignInStart(binding=request.binding, url=request.sso_url, fields=request.parameters)


class EmailStartRequest(StartRequest):
    email: str = Field(min_length=3, max_length=320, description="The person's work e-mail")


@router.post(
    "/v1/auth/saml/email-start",
    summary="Start SP-initiated sign-in from a work e-mail: its domain's organisation's IdP",
    description=(
        "The organisation is the one that has verified the address's domain. 404 alike for "
        "an unknown domain and one without single sign-on; nothing says whether the address "
        "has an account."
    ),
    tags=["auth"],
    openapi_extensions={**public(), **may_answer(404)},
)
def email_start(body: Annotated[EmailStartRequest, Body()]) -> SignInStart:
    return _answer(saml_signin.begin_for_address(body.email, body.relay_state))


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
    description=(
        "An IdP that takes requests only by HTTP-POST is reached through the web "
        "application, which submits the form (303 to the app, the tenant in the fragment)."
    ),
    tags=["auth"],
    openapi_extensions=public(),
    responses={
        302: {
            "description": "To the IdP's sign-on URL with a SAML AuthnRequest",
            "headers": {"Location": {"schema": {"type": "string"}}},
            "content": {},
        },
        303: {
            "description": "To the web application, which posts the request to the IdP",
            "headers": {"Location": {"schema": {"type": "string"}}},
            "content": {},
        },
    },
)
def login(
    tenant_id: str,
    relay_state: Annotated[
        str | None,
        Query(max_length=MAX_RELAY_STATE_CHARS, description="A path on this site to return to"),
    ] = None,
) -> Response[str]:
    if saml_signin.binding(tenant_id) is SsoBinding.POST:
        fragment = f"sso_start={quote(tenant_id, safe='')}"
        return _see_other(saml_signin.app_url(relay_state, fragment))
    request = saml_signin.begin(tenant_id, relay_state)
    return Response(status_code=302, headers={"Location": request.redirect_url}, body="")
