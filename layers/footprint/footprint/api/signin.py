"""The bodies of password sign-in, shared by tenant users' routes (/v1/auth) and staff's
(/v1/staff/auth): the same steps, the same fields."""

from __future__ import annotations

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
