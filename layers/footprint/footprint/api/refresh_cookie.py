"""The browser's refresh token: an ``HttpOnly; Secure; SameSite=Strict`` cookie.

A browser asks for it (``refresh_token_delivery: "cookie"`` when answering the last sign-in
challenge) so that no script of the page can read the refresh token; its access token then
lives in memory only. The cookie is sent to the two routes that read it and nowhere else:
one cookie per path, same name and value, since a cookie has a single path. SameSite=Strict
keeps it off every cross-site request, so another site cannot make the browser refresh or
sign out. The CLI and integrations keep the refresh token in the JSON body.

Each realm has its own cookie (``TENANT``, ``STAFF``): another name, the realm's own paths and
session length, so a browser signed in to the app and to the staff console holds two
sessions that never meet.
"""

from __future__ import annotations

from dataclasses import dataclass
from http.cookies import CookieError, SimpleCookie
from typing import Any, Literal

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.shared.cookies import Cookie, SameSite
from pydantic import BaseModel

from footprint.api.access import Routing
from footprint.domain.errors import Unauthenticated
from footprint.identity.accounts import StaffAccount, TenantAccount
from footprint.identity.sessions import TokenSet
from footprint.identity.signin import Challenge, SignedIn


class BrowserTokens(BaseModel):
    """What a browser receives where the JSON mode answers a token set: the refresh token
    went into the cookie, so the body holds the access token alone."""

    access_token: str
    expires_in: int
    token_type: Literal["Bearer"] = "Bearer"  # noqa: S105 - the scheme's name
    recovery_codes: list[str] | None = None  # shown once, when MFA is first set up


@dataclass(frozen=True)
class RefreshCookie:
    """One realm's refresh cookie: its name, the paths it is sent to, how long it lasts."""

    name: str
    paths: tuple[str, ...]
    max_age: int

    def cookies(self, refresh_token: str, max_age: int) -> list[Cookie]:
        """The Set-Cookie values that hand ``refresh_token`` to the browser."""
        return [
            Cookie(
                name=self.name,
                value=refresh_token,
                path=path,
                secure=True,
                http_only=True,
                same_site=SameSite.STRICT_MODE,
                max_age=max_age,
            )
            for path in self.paths
        ]

    def cleared(self) -> list[Cookie]:
        """The Set-Cookie values that make the browser forget the refresh token."""
        return self.cookies("", 0)

    def presented(self, app: Routing) -> str | None:
        """The refresh token the browser sent in its cookie, if any."""
        header = app.current_event.headers.get("cookie")
        if not header:
            return None
        jar: SimpleCookie = SimpleCookie()
        try:
            jar.load(header)
        except CookieError:
            return None
        morsel = jar.get(self.name)
        return morsel.value if morsel is not None and morsel.value else None

    def refresh_token(self, app: Routing, given: str | None) -> str:
        """The refresh token the body gives (JSON mode), else the cookie's; refuses neither."""
        token = given or self.presented(app)
        if token is None:
            raise Unauthenticated("A refresh token is required.")
        return token

    def answer(self, tokens: TokenSet, recovery_codes: list[str] | None = None) -> Response[Any]:
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
            cookies=self.cookies(tokens.refresh_token, self.max_age),
        )

    def signed_in(
        self, answer: Challenge | SignedIn, delivery: Literal["body", "cookie"]
    ) -> Response[Any]:
        """A sign-in challenge's answer: the tokens through the cookie where the browser asked
        for it, else (the next challenge, or tokens for the body) in JSON."""
        if isinstance(answer, SignedIn) and delivery == "cookie":
            return self.answer(answer, answer.recovery_codes)
        return json_answer(answer)

    def refreshed(self, tokens: TokenSet, given: str | None) -> Response[Any]:
        """New tokens the way the refresh token came: the cookie (none in the body), or JSON."""
        return self.answer(tokens) if given is None else json_answer(tokens)

    def signed_out(self, given: str | None) -> Response[None]:
        """Signed out; a browser (it sent the cookie, not a token in the body) forgets it."""
        return Response(
            status_code=204, body=None, cookies=self.cleared() if given is None else None
        )


def json_answer(body: BaseModel) -> Response[Any]:
    """The JSON mode's answer, for the routes that answer either mode."""
    return Response(status_code=200, content_type=content_types.APPLICATION_JSON, body=body)


# The __Secure- prefix: a browser refuses the cookie unless it is Secure and set over HTTPS
# (or from the loopback address, which browsers treat as a secure context).
TENANT = RefreshCookie(
    name="__Secure-fp_refresh",
    paths=("/v1/auth/refresh", "/v1/auth/logout"),
    max_age=TenantAccount.refresh_seconds,
)
STAFF = RefreshCookie(
    name="__Secure-fp_staff_refresh",
    paths=("/v1/staff/auth/refresh", "/v1/staff/auth/logout"),
    max_age=StaffAccount.refresh_seconds,
)
