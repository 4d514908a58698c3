"""/v1/uploads/{upload_id}/recalculate: calculate a completed upload again with the factor
editions now in force; the previous result stays readable until the new one is complete."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.router import APIGatewayRouter
from pydantic import BaseModel, Field

from footprint.api.access import WRITERS, current_context
from footprint.api.errors import may_answer
from footprint.api.vocabulary import GwpSet
from footprint.uploads import calculation
from fp_uploads.routes.common import UPLOAD_ID

router = APIGatewayRouter()  # type: ignore[no-untyped-call]


class Recalculation(BaseModel):
    gwp_set: GwpSet | None = Field(default=None, description="Defaults to the upload's own set")


class RecalculationStarted(BaseModel):
    upload_id: str
    calculation_id: str


@router.post(
    "/v1/uploads/<upload_id>/recalculate",
    summary="Recalculate an upload with the factor editions now in force",
    status_code=202,
    openapi_extensions={**WRITERS, **may_answer(409)},
)
def recalculate(upload_id: Annotated[str, UPLOAD_ID], body: Recalculation) -> RecalculationStarted:
    upload = calculation.recalculate(current_context(router), upload_id, body.gwp_set)
    return RecalculationStarted(upload_id=upload.upload_id, calculation_id=upload.calculation_id)
