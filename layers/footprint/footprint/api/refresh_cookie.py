"""The browser's refresh token: an ``HttpOnly; Secure; SameSite=Strict`` cookie.

A browser asks for it (``refresh_token_delivery: "cookie"`` when answering the last sign-in
challenge) so that no script of the page can read the refresh token; its access token then
lives in memory only. The cookie is sent to the two routes that read it and nowhere else:
one cookie per path, same name and value, since a cookie has a single path. SameSite=Strict
keeps it off every cross-site request, so another site cannot make the browser refresh or
sign out. The CLI and integrations keep the refresh token in the JSON body.
"""

from __future__ import annotations

from http.cookies import CookieError, SimpleCookie
from typing import Any, Literal

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.shared.cookies import Cookie, SameSite
from pydantic import BaseModel

from footprint.api.access import Routing
from footprint.identity.sessions import REFRESH_SECONDS, TokenSet

# The __Secure- prefix: a browser refuses the cookie unless it is Secure and set over HTTPS
# (or from the loopback address, which browsers treat as a secure context).
NAME = "__Secure-fp_refresh"
PATHS = ("/v1/auth/refresh", "/v1/auth/logout")


def cookies(refresh_token: str, max_age: int) -> list[Cookie]:
    """The Set-Cookie values that hand ``refresh_token`` to the browser."""
    return [
        Cookie(
            name=NAME,
            value=refresh_token,
            path=path,
            secure=True,
            http_only=True,
            same_site=SameSite.STRICT_MODE,
            max_age=max_age,
        )
        for path in PATHS
    ]


def cleared() -> list[Cookie]:
    """The Set-Cookie values that make the browser forget the refresh token."""
    return cookies("", 0)


def presented(app: Routing) -> str | None:
    """The refresh token the browser sent in its cookie, if any."""
    header = app.current_event.get_header_value("cookie", case_sensitive=False)
    if not header:
        return None
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(header)
    except CookieError:
        return None
    morsel = jar.get(NAME)
    return morsel.value if morsel is not None and morsel.value else None


class BrowserTokens(BaseModel):
    """What a browser receives where the JSON mode answers a token set: the refresh token
    went into the cookie, so the body holds the access token alone."""

    access_token: str
    expires_in: int
    token_type: Literal["Bearer"] = "Bearer"  # noqa: S105 - the scheme's name
    recovery_codes: list[str] | None = None  # shown once, when MFA is first set up


def browser_answer(tokens: TokenSet, recovery_codes: list[str] | None = None) -> Response[Any]:
    """The answer that sets the cookie and shows the access token."""
    body = BrowserTokens(
        access_token=tokens.access_token,
        expires_in=tokens.expires_in,
        recovery_codes=recovery_codes,
    )
    return Response(
        status_code=200,
        content_type=content_types.APPLICATION_JSON,
        body=body,
        cookies=cookies(tokens.refresh_token, REFRESH_SECONDS),
    )
