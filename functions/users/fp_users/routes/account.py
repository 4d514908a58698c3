"""/v1/me/...: the signed-in user's password, recovery codes and sessions."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body, Path
from aws_lambda_powertools.event_handler.router import APIGatewayRouter
from pydantic import BaseModel, Field

from footprint.api.access import IDENTITY_READERS, current_context, current_session, source_ip
from footprint.api.errors import may_answer
from footprint.domain.errors import Forbidden
from footprint.domain.ids import ID_PATTERN
from footprint.domain.tenancy import TenantContext
from footprint.identity import account_security
from footprint.identity.sessions import SessionView

router = APIGatewayRouter()  # type: ignore[no-untyped-call]


class SessionList(BaseModel):
    sessions: list[SessionView]


class PasswordChange(BaseModel):
    current_password: str = Field(min_length=1, max_length=1024)
    new_password: str = Field(min_length=1, max_length=1024)
    code: str = Field(min_length=6, max_length=8, description="From the authenticator app")


class CodeConfirmation(BaseModel):
    code: str = Field(min_length=6, max_length=8, description="From the authenticator app")


class RecoveryCodes(BaseModel):
    recovery_codes: list[str] = Field(description="Shown once; the earlier codes stop working")


def _user() -> TenantContext:
    context = current_context(router)
    if context.grant is not None:
        raise Forbidden("Staff act under a grant: they are not users of the tenant.")
    return context


@router.get(
    "/v1/me/sessions",
    summary="My live sessions (the current one marked)",
    tags=["users"],
    openapi_extensions=IDENTITY_READERS,
)
def my_sessions() -> SessionList:
    return SessionList(sessions=account_security.my_sessions(_user(), current_session(router)))


@router.delete(
    "/v1/me/sessions/<session_id>",
    summary="End one of my sessions: its tokens stop working at once",
    tags=["users"],
    status_code=204,
    responses={204: {"description": "Ended", "content": {}}},
    openapi_extensions=IDENTITY_READERS,
)
def end_my_session(
    session_id: Annotated[str, Path(pattern=ID_PATTERN, description="A session id")],
) -> Response[None]:
    account_security.end_my_session(_user(), session_id, source_ip=source_ip(router))
    return Response(status_code=204, body=None)


@router.post(
    "/v1/me/password",
    summary="Change my password (current password and TOTP code); my other sessions end",
    tags=["users"],
    status_code=204,
    responses={204: {"description": "Changed", "content": {}}},
    openapi_extensions={**IDENTITY_READERS, **may_answer(423)},
)
def change_password(body: Annotated[PasswordChange, Body()]) -> Response[None]:
    account_security.change_password(
        _user(),
        current_session(router),
        current_password=body.current_password,
        new_password=body.new_password,
        code=body.code,
        source_ip=source_ip(router),
    )
    return Response(status_code=204, body=None)


@router.post(
    "/v1/me/recovery-codes",
    summary="Replace my recovery codes (TOTP code); the new ones are shown once",
    tags=["users"],
    openapi_extensions={**IDENTITY_READERS, **may_answer(423)},
)
def regenerate_recovery_codes(body: Annotated[CodeConfirmation, Body()]) -> RecoveryCodes:
    codes = account_security.regenerate_recovery_codes(
        _user(), code=body.code, source_ip=source_ip(router)
    )
    return RecoveryCodes(recovery_codes=codes)
