"""/v1/me/personal-data and /v1/users/{id}/personal-data: everything held about a person,
for their right of access (docs/privacy.md)."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from footprint.api.access import IDENTITY_READERS, current_context, roles, source_ip
from footprint.api.errors import may_answer
from footprint.domain.errors import Forbidden
from footprint.domain.tenancy import Role
from footprint.identity import audit, personal_data
from fp_users.routes.users import USER_ID, user_id_of

router = APIGatewayRouter()  # type: ignore[no-untyped-call]


def _exported(user_id: str) -> personal_data.PersonalData:
    context = current_context(router)
    data = personal_data.export(context, user_id)
    audit.record(
        context,
        action="user.personal_data_exported",
        outcome="success",
        source_ip=source_ip(router),
        target=user_id,
    )
    return data


@router.get(
    "/v1/me/personal-data",
    summary="Everything held about the signed-in user",
    tags=["users"],
    openapi_extensions=IDENTITY_READERS,
)
def my_personal_data() -> personal_data.PersonalData:
    context = current_context(router)
    if context.grant is not None:
        raise Forbidden("Staff act under a grant: they are not users of the tenant.")
    return _exported(context.require_user())


@router.get(
    "/v1/users/<user_id>/personal-data",
    summary="Everything held about one of the tenant's users",
    tags=["users"],
    openapi_extensions=roles(Role.ADMIN, identity=True),
)
def user_personal_data(user_id: Annotated[str, USER_ID]) -> personal_data.PersonalData:
    return _exported(user_id_of(user_id))


@router.post(
    "/v1/users/<user_id>/erase",
    summary="Erase a disabled or deleted user's name and e-mail everywhere they are held",
    tags=["users"],
    status_code=204,
    responses={204: {"description": "Erased", "content": {}}},
    openapi_extensions={**roles(Role.ADMIN, identity=True), **may_answer(409)},
)
def erase(user_id: Annotated[str, USER_ID]) -> Response[None]:
    personal_data.erase(current_context(router), user_id_of(user_id), source_ip=source_ip(router))
    return Response(status_code=204, body=None)
