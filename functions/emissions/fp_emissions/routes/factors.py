"""/v1/factors: search the emission-factor library."""

from __future__ import annotations

from typing import Annotated, Any

from aws_lambda_powertools.event_handler.openapi.params import Query
from aws_lambda_powertools.event_handler.router import APIGatewayRouter
from pydantic import BaseModel, Field

from footprint.api.access import READERS

router = APIGatewayRouter()  # type: ignore[no-untyped-call]


class EditionView(BaseModel):
    source: str = Field(description="The publisher's source, as the publisher filter takes it")
    publisher: str
    title: str
    edition: str
    released: str


class FactorPage(BaseModel):
    factors: list[dict[str, Any]]
    count: int = Field(description="Factors found, of which the first limit are answered")
    editions: list[EditionView] = Field(
        description="Every edition in the library (not only those found), to choose from"
    )


@router.get("/v1/factors", summary="Search the emission-factor library", openapi_extensions=READERS)
def factors(
    q: Annotated[str | None, Query(max_length=200)] = None,
    category: Annotated[str | None, Query(max_length=100)] = None,
    region: Annotated[str | None, Query(max_length=100)] = None,
    edition: Annotated[str | None, Query(max_length=100)] = None,
    publisher: Annotated[
        str | None, Query(max_length=100, description="A source, as editions[].source names it")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> FactorPage:
    from footprint.domain.factors import default_library

    library = default_library()
    found = library.search(
        q or "", category=category, region=region, edition=edition, source=publisher
    )
    return FactorPage(
        factors=[f.to_dict() for f in found[:limit]],
        count=len(found),
        editions=[
            EditionView(
                source=e.source,
                publisher=e.publisher,
                title=e.title,
                edition=e.edition,
                released=e.released,
            )
            for e in library.editions()
        ],
    )
