"""/v1/uploads/{upload_id}/calculations: the calculations an upload keeps, its published one
and the last few it superseded, any two of which ``GET /v1/emissions/impact`` compares."""

from __future__ import annotations

from typing import Annotated, Any

from aws_lambda_powertools.event_handler.router import APIGatewayRouter
from pydantic import BaseModel, Field

from footprint.api.access import READERS, current_context
from footprint.domain.uploads.calculations import CalculationStatus
from footprint.uploads import status
from fp_uploads.routes.common import UPLOAD_ID

router = APIGatewayRouter()  # type: ignore[no-untyped-call]


class CalculationView(BaseModel):
    calculation_id: str
    status: CalculationStatus
    published_at: str = Field(description="When it became the upload's result")
    editions: list[str] = Field(description="The factor editions its lines used")
    gwp_set: str
    totals: dict[str, Any] = Field(
        description="As the upload's totals were while it was published: gwp_set, co2e_kg,"
        " co2e_market_based_kg, by_scope"
    )


class CalculationList(BaseModel):
    upload_id: str
    calculations: list[CalculationView] = Field(description="Newest first")


@router.get(
    "/v1/uploads/<upload_id>/calculations",
    summary="An upload's kept calculations: the published one and those it superseded",
    tags=["uploads"],
    openapi_extensions=READERS,
)
def list_calculations(upload_id: Annotated[str, UPLOAD_ID]) -> CalculationList:
    kept = status.kept_calculations(current_context(router), upload_id)
    return CalculationList(
        upload_id=upload_id,
        calculations=[
            CalculationView(
                calculation_id=calculation.calculation_id,
                status=state,
                published_at=calculation.published_at,
                editions=calculation.editions,
                gwp_set=calculation.gwp_set,
                totals=calculation.totals,
            )
            for calculation, state in kept
        ],
    )
