"""Staff sign-in: the same steps as a tenant user's (password, then NEW_PASSWORD, MFA_SETUP
or MFA, then tokens), in the staff realm: the staff audience, 15-minute access tokens,
8-hour sessions, TOTP always. No authorizer: these routes are how a member gets a token.

As at /v1/auth, a browser (the staff console) asks for its refresh token in an HttpOnly
cookie, the staff realm's own (``refresh_cookie.STAFF``: another name, these paths only)."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body
from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from footprint.api import refresh_cookie
from footprint.api.access import public, source_ip
from footprint.api.errors import may_answer
from footprint.api.signin import (
    BrowserChallengeRequest,
    BrowserRefreshRequest,
    LoginRequest,
    LogoutRequest,
)
from footprint.domain.auth.tokens import Realm
from footprint.identity import sessions, signin

router = APIGatewayRouter()  # type: ignore[no-untyped-call]
STAFF = Realm.STAFF
COOKIE = refresh_cookie.STAFF


def _ip() -> str:
    return source_ip(router)


@router.post(
    "/v1/staff/auth/login",
    summary="Staff: sign in with e-mail and password; answers the next challenge",
    tags=["staff"],
    openapi_extensions={**public(), **may_answer(401, 423)},
)
def login(body: Annotated[LoginRequest, Body()]) -> signin.Challenge:
    return signin.login(body.email, body.password, source_ip=_ip(), realm=STAFF)


@router.post(
    "/v1/staff/auth/challenge",
    summary="Staff: answer a sign-in challenge (new password or TOTP code)",
    tags=["staff"],
    openapi_extensions={**public(), **may_answer(401, 423)},
)
def challenge(
    body: Annotated[BrowserChallengeRequest, Body()],
) -> Response[signin.Challenge | signin.SignedIn | refresh_cookie.BrowserTokens]:
    answer = signin.answer(
        body.session, new_password=body.new_password, code=body.code, source_ip=_ip(), realm=STAFF
    )
    return COOKIE.signed_in(answer, body.refresh_token_delivery)


@router.post(
    "/v1/staff/auth/refresh",
    summary="Staff: exchange a refresh token for new tokens (within the 8-hour session)",
    tags=["staff"],
    openapi_extensions={**public(), **may_answer(401)},
)
def refresh(
    body: Annotated[BrowserRefreshRequest, Body()],
) -> Response[sessions.TokenSet | refresh_cookie.BrowserTokens]:
    tokens = sessions.refresh(
        COOKIE.refresh_token(router, body.refresh_token), source_ip=_ip(), realm=STAFF
    )
    return COOKIE.refreshed(tokens, body.refresh_token)


@router.post(
    "/v1/staff/auth/logout",
    summary="Staff: sign out (the session's access tokens stop at once), or end every "
    "session of the member",
    tags=["staff"],
    status_code=204,
    responses={204: {"description": "Signed out", "content": {}}},
    openapi_extensions={**public(), **may_answer(401)},
)
def logout(body: Annotated[LogoutRequest, Body()]) -> Response[None]:
    sessions.logout(
        COOKIE.refresh_token(router, body.refresh_token),
        source_ip=_ip(),
        realm=STAFF,
        everywhere=body.everywhere,
    )
    return COOKIE.signed_out(body.refresh_token)
