"""/v1/factors: search the emission-factor library."""

from __future__ import annotations

from typing import Annotated, Any

from aws_lambda_powertools.event_handler.openapi.params import Query
from aws_lambda_powertools.event_handler.router import APIGatewayRouter
from pydantic import BaseModel

from footprint.api.access import READERS

router = APIGatewayRouter()  # type: ignore[no-untyped-call]


class FactorPage(BaseModel):
    factors: list[dict[str, Any]]
    count: int


@router.get("/v1/factors", summary="Search the emission-factor library", openapi_extensions=READERS)
def factors(
    q: Annotated[str | None, Query(max_length=200)] = None,
    category: Annotated[str | None, Query(max_length=100)] = None,
    region: Annotated[str | None, Query(max_length=100)] = None,
    edition: Annotated[str | None, Query(max_length=100)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> FactorPage:
    from footprint.domain.factors import default_library

    found = default_library().search(q or "", category=category, region=region, edition=edition)
    return FactorPage(factors=[f.to_dict() for f in found[:limit]], count=len(found))
