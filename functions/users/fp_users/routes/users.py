"""/v1/users: the tenant's users, whom its admins invite, change and remove."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body, Path
from aws_lambda_powertools.event_handler.openapi.types import OpenAPIResponse
from aws_lambda_powertools.event_handler.router import APIGatewayRouter
from pydantic import BaseModel, Field

from footprint.api.access import current_context, current_session, roles, source_ip
from footprint.api.errors import may_answer
from footprint.domain.errors import InvalidInput, NotFound
from footprint.domain.ids import ID_PATTERN, valid_id
from footprint.domain.tenancy import Role
from footprint.identity import account_security, users
from footprint.identity.sessions import SessionView

router = APIGatewayRouter()  # type: ignore[no-untyped-call]

USER_ID = Path(pattern=ID_PATTERN, description="A user id")


class UserView(BaseModel):
    user_id: str
    email: str
    name: str
    role: Role
    status: str
    mfa_enabled: bool
    has_password: bool = Field(
        description="False for someone who signs in only through SSO (or has not yet redeemed "
        "their invitation): there is no password to change or reset"
    )

    @classmethod
    def of(cls, user: users.User) -> UserView:
        return cls(**{name: getattr(user, name) for name in cls.model_fields})


class UserList(BaseModel):
    users: list[UserView]


class InviteRequest(BaseModel):
    email: str = Field(min_length=3, max_length=320)
    name: str = Field(default="", max_length=200)
    role: Role


class Invitation(BaseModel):
    user: UserView
    invitation: str = Field(
        description="Give this to the invitee once; redeem at /v1/auth/invitation"
    )
    expires_at: int


class UserChange(BaseModel):
    role: Role | None = None
    disabled: bool | None = None


def user_id_of(value: str) -> str:
    if not valid_id(value):
        raise NotFound("No such user.")
    return value


@router.get(
    "/v1/users",
    summary="The tenant's users",
    tags=["users"],
    openapi_extensions=roles(Role.ADMIN, identity=True),
)
def list_users() -> UserList:
    return UserList(users=[UserView.of(user) for user in users.list_users(current_context(router))])


@router.post(
    "/v1/users",
    summary="Invite a user: answers a one-time invitation to set a password",
    tags=["users"],
    status_code=201,
    openapi_extensions={**roles(Role.ADMIN, identity=True), **may_answer(409)},
)
def invite(body: Annotated[InviteRequest, Body()]) -> Invitation:
    user, invitation, expires_at = users.invite_user(
        current_context(router),
        email=body.email,
        name=body.name,
        role=body.role,
        source_ip=source_ip(router),
    )
    return Invitation(user=UserView.of(user), invitation=invitation, expires_at=expires_at)


@router.patch(
    "/v1/users/<user_id>",
    summary="Change a user's role or disable them (the last admin stays an admin)",
    tags=["users"],
    openapi_extensions={**roles(Role.ADMIN, identity=True), **may_answer(409)},
)
def change(user_id: Annotated[str, USER_ID], body: Annotated[UserChange, Body()]) -> UserView:
    if body.role is None and body.disabled is None:
        raise InvalidInput("Give a role, disabled, or both.", field="body")
    updated = users.update_user(
        current_context(router),
        user_id_of(user_id),
        role=body.role,
        disabled=body.disabled,
        source_ip=source_ip(router),
    )
    return UserView.of(updated)


@router.delete(
    "/v1/users/<user_id>",
    summary="Remove a user (not the last admin)",
    tags=["users"],
    status_code=204,
    responses={204: {"description": "Removed", "content": {}}},
    openapi_extensions={**roles(Role.ADMIN, identity=True), **may_answer(409)},
)
def remove(user_id: Annotated[str, USER_ID]) -> Response[None]:
    users.delete_user(current_context(router), user_id_of(user_id), source_ip=source_ip(router))
    return Response(status_code=204, body=None)


_DONE: dict[int, OpenAPIResponse] = {204: {"description": "Done", "content": {}}}
_ADMIN_ACTION = {**roles(Role.ADMIN, identity=True), **may_answer(409)}


@router.post(
    "/v1/users/<user_id>/mfa-reset",
    summary="Reset a user's MFA: they set it up again at next sign-in (not yourself)",
    tags=["users"],
    status_code=204,
    responses=_DONE,
    openapi_extensions=_ADMIN_ACTION,
)
def reset_mfa(user_id: Annotated[str, USER_ID]) -> Response[None]:
    account_security.reset_mfa(
        current_context(router), user_id_of(user_id), source_ip=source_ip(router)
    )
    return Response(status_code=204, body=None)


@router.post(
    "/v1/users/<user_id>/password-reset",
    summary="Make a user choose a new password at next sign-in; their sessions end",
    tags=["users"],
    status_code=204,
    responses=_DONE,
    openapi_extensions=_ADMIN_ACTION,
)
def force_password_reset(user_id: Annotated[str, USER_ID]) -> Response[None]:
    account_security.force_password_reset(
        current_context(router), user_id_of(user_id), source_ip=source_ip(router)
    )
    return Response(status_code=204, body=None)


class UserSessions(BaseModel):
    sessions: list[SessionView]


@router.get(
    "/v1/users/<user_id>/sessions",
    summary="A user's live sessions: device, address, first and last use",
    tags=["users"],
    openapi_extensions=roles(Role.ADMIN, identity=True),
)
def user_sessions(user_id: Annotated[str, USER_ID]) -> UserSessions:
    listed = account_security.user_sessions(
        current_context(router), user_id_of(user_id), current_session(router)
    )
    return UserSessions(sessions=listed)


@router.delete(
    "/v1/users/<user_id>/sessions",
    summary="End every session of a user, on every device",
    tags=["users"],
    status_code=204,
    responses=_DONE,
    openapi_extensions=_ADMIN_ACTION,
)
def end_user_sessions(user_id: Annotated[str, USER_ID]) -> Response[None]:
    account_security.end_user_sessions(
        current_context(router), user_id_of(user_id), source_ip=source_ip(router)
    )
    return Response(status_code=204, body=None)
