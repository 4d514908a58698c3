"""The bodies of password sign-in, shared by tenant users' routes (/v1/auth) and staff's
(/v1/staff/auth): the same steps, the same fields. The tenant routes add the browser's way
of holding the refresh token, an HttpOnly cookie (``footprint.api.refresh_cookie``)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

PASSWORD_FIELD = Field(min_length=1, max_length=1024)


class LoginRequest(BaseModel):
    email: str = Field(min_length=3, max_length=320)
    password: str = PASSWORD_FIELD


class ChallengeRequest(BaseModel):
    session: str = Field(min_length=1, max_length=512)
    new_password: str | None = Field(default=None, min_length=1, max_length=1024)
    code: str | None = Field(default=None, min_length=1, max_length=32)


class RefreshRequest(BaseModel):
    refresh_token: str = Field(min_length=1, max_length=512)


class BrowserChallengeRequest(ChallengeRequest):
    refresh_token_delivery: Literal["body", "cookie"] = Field(
        default="body",
        description="Where the refresh token goes once signed in: the JSON answer, or an "
        "HttpOnly cookie that only the refresh and sign-out routes receive (browsers).",
    )


class BrowserRefreshRequest(BaseModel):
    refresh_token: str | None = Field(
        default=None,
        min_length=1,
        max_length=512,
        description="Omitted by a browser, whose refresh token is in its cookie.",
    )


class LogoutRequest(BrowserRefreshRequest):
    everywhere: bool = Field(
        default=False, description="End every session of the user, on every device."
    )
