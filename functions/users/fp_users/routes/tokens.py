"""/v1/tenant/tokens: the tenant's integration tokens, which its admins make for machine
clients, list (never the value) and revoke."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body, Path
from aws_lambda_powertools.event_handler.router import APIGatewayRouter
from pydantic import BaseModel, Field

from footprint.api.access import current_context, roles, source_ip
from footprint.api.errors import may_answer
from footprint.domain.auth.integration_tokens import (
    MAX_DAYS,
    IntegrationToken,
    TokenRole,
    TokenState,
)
from footprint.domain.tenancy import Role
from footprint.identity import clock, integration_tokens

router = APIGatewayRouter()  # type: ignore[no-untyped-call]
_TOKEN_ID = Path(pattern=r"^[0-9a-f]{16}$", description="A token id")


class TokenView(BaseModel):
    token_id: str
    name: str
    role: TokenRole
    state: TokenState
    created_by: str
    created_at: int
    expires_at: int
    revoked_at: int | None = None
    revoked_by: str | None = None
    last_used_at: int | None = None
    uses: int

    @classmethod
    def of(cls, token: IntegrationToken) -> TokenView:
        return cls(
            token_id=token.token_id,
            name=token.name,
            role=token.role,
            state=token.state_at(int(clock.now())),
            created_by=token.created_by,
            created_at=token.created_at,
            expires_at=token.expires_at,
            revoked_at=token.revoked_at,
            revoked_by=token.revoked_by,
            last_used_at=token.last_used_at,
            uses=token.uses,
        )


class TokenList(BaseModel):
    tokens: list[TokenView]


class TokenRequest(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    role: TokenRole
    expires_in_days: int = Field(ge=1, le=MAX_DAYS)


class NewToken(BaseModel):
    token: TokenView
    secret: str = Field(description="The token's value, shown this once: only a digest is kept")


@router.get(
    "/v1/tenant/tokens",
    summary="The tenant's integration tokens (never their values)",
    tags=["tenant"],
    openapi_extensions=roles(Role.ADMIN, identity=True),
)
def list_tokens() -> TokenList:
    tokens = integration_tokens.list_tokens(current_context(router))
    return TokenList(tokens=[TokenView.of(token) for token in tokens])


@router.post(
    "/v1/tenant/tokens",
    summary="Make an integration token: answers its value once",
    tags=["tenant"],
    status_code=201,
    openapi_extensions={**roles(Role.ADMIN, identity=True), **may_answer(409)},
)
def create_token(body: Annotated[TokenRequest, Body()]) -> NewToken:
    token, secret = integration_tokens.create(
        current_context(router),
        name=body.name,
        role=body.role,
        expires_in_days=body.expires_in_days,
        source_ip=source_ip(router),
    )
    return NewToken(token=TokenView.of(token), secret=secret)


@router.post(
    "/v1/tenant/tokens/<token_id>/revoke",
    summary="Revoke an integration token: refused from its next request",
    tags=["tenant"],
    openapi_extensions={**roles(Role.ADMIN, identity=True), **may_answer(404)},
)
def revoke_token(token_id: Annotated[str, _TOKEN_ID]) -> TokenView:
    token = integration_tokens.revoke(
        current_context(router), token_id, source_ip=source_ip(router)
    )
    return TokenView.of(token)
