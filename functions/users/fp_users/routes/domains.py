"""/v1/tenant/domains: the domains a tenant claims and proves by a DNS TXT record."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body, Path
from aws_lambda_powertools.event_handler.router import APIGatewayRouter
from pydantic import BaseModel, Field

from footprint.api.access import current_context, roles, source_ip
from footprint.api.errors import may_answer
from footprint.domain.tenancy import Role
from footprint.identity import domains

router = APIGatewayRouter()  # type: ignore[no-untyped-call]

_DOMAIN = Path(max_length=253, description="A domain name, e.g. example.com")


class DomainView(BaseModel):
    domain: str
    status: str = Field(description="pending until the TXT record is found, then verified")
    record_name: str = Field(description="Where to publish the TXT record")
    record_value: str = Field(description="The TXT record's value")
    claimed_at: str
    verified_at: str | None

    @classmethod
    def of(cls, domain: domains.Domain) -> DomainView:
        return cls(**{name: getattr(domain, name) for name in cls.model_fields})


class DomainList(BaseModel):
    domains: list[DomainView]


class DomainClaim(BaseModel):
    domain: str = Field(min_length=3, max_length=253)


@router.get(
    "/v1/tenant/domains",
    summary="The tenant's claimed and verified domains",
    tags=["tenant"],
    openapi_extensions=roles(Role.ADMIN, identity=True),
)
def list_domains() -> DomainList:
    return DomainList(
        domains=[DomainView.of(d) for d in domains.list_domains(current_context(router))]
    )


@router.post(
    "/v1/tenant/domains",
    summary="Claim a domain: answers the TXT record to publish",
    tags=["tenant"],
    status_code=201,
    openapi_extensions={**roles(Role.ADMIN, identity=True), **may_answer(409)},
)
def claim(body: Annotated[DomainClaim, Body()]) -> DomainView:
    return DomainView.of(
        domains.claim(current_context(router), body.domain, source_ip=source_ip(router))
    )


@router.post(
    "/v1/tenant/domains/<domain>/verify",
    summary="Look the domain's TXT record up; verified, the domain is this tenant's alone",
    tags=["tenant"],
    openapi_extensions={**roles(Role.ADMIN, identity=True), **may_answer(404, 409)},
)
def verify(domain: Annotated[str, _DOMAIN]) -> DomainView:
    return DomainView.of(
        domains.verify(current_context(router), domain, source_ip=source_ip(router))
    )


@router.delete(
    "/v1/tenant/domains/<domain>",
    summary="Give a domain up",
    tags=["tenant"],
    status_code=204,
    responses={204: {"description": "Removed", "content": {}}},
    openapi_extensions={**roles(Role.ADMIN, identity=True), **may_answer(404)},
)
def remove(domain: Annotated[str, _DOMAIN]) -> Response[None]:
    domains.remove(current_context(router), domain, source_ip=source_ip(router))
    return Response(status_code=204, body=None)
