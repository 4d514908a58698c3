"""Password sign-in, its challenges, invitations, token refresh and sign-out (no authorizer:
these routes are how a caller gets a token). WAF's rate rule guards /v1/auth/* as well.

Two ways to hold the refresh token: in the JSON body (the CLI, integrations) or, for a
browser, in a cookie (``footprint.api.refresh_cookie``), asked for on the last challenge and
then used by refresh and sign-out whenever the body names no refresh token."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body
from aws_lambda_powertools.event_handler.router import APIGatewayRouter
from pydantic import BaseModel, Field

from footprint.api import refresh_cookie
from footprint.api.access import device, public, source_ip
from footprint.api.errors import may_answer
from footprint.api.signin import (
    PASSWORD_FIELD,
    BrowserChallengeRequest,
    BrowserRefreshRequest,
    LoginRequest,
    LogoutRequest,
)
from footprint.identity import sessions, signin

router = APIGatewayRouter()  # type: ignore[no-untyped-call]
COOKIE = refresh_cookie.TENANT


class InvitationRequest(BaseModel):
    invitation: str = Field(min_length=1, max_length=512)
    new_password: str = PASSWORD_FIELD


def _ip() -> str:
    return source_ip(router)


@router.post(
    "/v1/auth/login",
    summary="Sign in with e-mail and password; answers the next challenge",
    tags=["auth"],
    openapi_extensions={**public(), **may_answer(401, 423)},
)
def login(body: Annotated[LoginRequest, Body()]) -> signin.Challenge:
    return signin.login(body.email, body.password, source_ip=_ip())


@router.post(
    "/v1/auth/challenge",
    summary="Answer a sign-in challenge (new password or TOTP code): the next one, or tokens",
    tags=["auth"],
    openapi_extensions={**public(), **may_answer(401, 423)},
)
def challenge(
    body: Annotated[BrowserChallengeRequest, Body()],
) -> Response[signin.Challenge | signin.SignedIn | refresh_cookie.BrowserTokens]:
    answer = signin.answer(
        body.session,
        new_password=body.new_password,
        code=body.code,
        source_ip=_ip(),
        device=device(router),
    )
    return COOKIE.signed_in(answer, body.refresh_token_delivery)


@router.post(
    "/v1/auth/invitation",
    summary="Redeem a one-time invitation: set the first password, then set up MFA",
    tags=["auth"],
    openapi_extensions={**public(), **may_answer(401, 404, 423)},
)
def redeem(body: Annotated[InvitationRequest, Body()]) -> signin.Challenge:
    return signin.redeem_invitation(body.invitation, body.new_password, source_ip=_ip())


@router.post(
    "/v1/auth/refresh",
    summary="Exchange a refresh token for new tokens (the old refresh token stops working)",
    tags=["auth"],
    openapi_extensions={**public(), **may_answer(401)},
)
def refresh(
    body: Annotated[BrowserRefreshRequest, Body()],
) -> Response[sessions.TokenSet | refresh_cookie.BrowserTokens]:
    tokens = sessions.refresh(COOKIE.refresh_token(router, body.refresh_token), source_ip=_ip())
    return COOKIE.refreshed(tokens, body.refresh_token)


@router.post(
    "/v1/auth/logout",
    summary="Sign out: revoke the session of this refresh token and its access tokens, or "
    "every session of its user",
    tags=["auth"],
    status_code=204,
    responses={204: {"description": "Signed out", "content": {}}},
    openapi_extensions={**public(), **may_answer(401)},
)
def logout(body: Annotated[LogoutRequest, Body()]) -> Response[None]:
    sessions.logout(
        COOKIE.refresh_token(router, body.refresh_token),
        source_ip=_ip(),
        everywhere=body.everywhere,
    )
    return COOKIE.signed_out(body.refresh_token)
