"""/v1/me: the signed-in user and their tenant."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from footprint.api.access import IDENTITY_READERS, current_context
from footprint.domain.errors import Forbidden
from footprint.identity import tenants, users
from fp_users.routes.users import UserView

router = APIGatewayRouter()  # type: ignore[no-untyped-call]


class Me(UserView):
    tenant_id: str
    tenant_name: str


@router.get(
    "/v1/me", summary="The signed-in user", tags=["users"], openapi_extensions=IDENTITY_READERS
)
def me() -> Me:
    context = current_context(router)
    if context.grant is not None:
        raise Forbidden("Staff act under a grant: they are not users of the tenant.")
    user = users.get_user(context, context.require_user())
    tenant = tenants.get_tenant(context)
    return Me(
        **UserView.of(user).model_dump(),
        tenant_id=context.tenant_id,
        tenant_name=tenant.name if tenant else "",
    )
