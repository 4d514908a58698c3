"""/v1/targets: the tenant's absolute-contraction reduction targets, and each one's progress
along its linear pathway from the published emissions."""

from __future__ import annotations

from typing import Annotated, Literal

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body, Path
from aws_lambda_powertools.event_handler.router import APIGatewayRouter
from pydantic import BaseModel, Field

from footprint.adapters.inventory_records import Target
from footprint.api.access import READERS, current_context, roles, source_ip
from footprint.api.vocabulary import GwpSet
from footprint.baseline import targets
from footprint.domain.ids import TARGET_ID_PATTERN
from footprint.domain.inventory.reporting_year import EARLIEST_BASE_YEAR
from footprint.domain.targets import LATEST_TARGET_YEAR, MAX_NAME_LENGTH, TargetTerms
from footprint.domain.tenancy import Role

router = APIGatewayRouter()  # type: ignore[no-untyped-call]

ADMINS = roles(Role.ADMIN)
TARGET_ID = Path(pattern=TARGET_ID_PATTERN, description="A target id")
Scope = Literal[1, 2, 3]
Scope2Method = Literal["location", "market"]


class TargetBody(BaseModel):
    name: str = Field(min_length=1, max_length=MAX_NAME_LENGTH)
    scopes: list[Scope] = Field(min_length=1, max_length=3, description="A subset of 1, 2, 3")
    scope2_method: Scope2Method = Field(
        default="location", description="How Scope 2 counts when the target covers it"
    )
    base_year: int = Field(ge=EARLIEST_BASE_YEAR, description="From 1990 to this year")
    target_year: int = Field(le=LATEST_TARGET_YEAR, description="After base_year")
    reduction_pct: float = Field(
        gt=0, le=100, description="Of the base year's emissions, by the target year"
    )


class TargetAnswer(TargetBody):
    target_id: str
    created_at: str
    created_by: str | None


class TargetList(BaseModel):
    targets: list[TargetAnswer]


class YearAnswer(BaseModel):
    year: int
    pathway_co2e_kg: float
    actual_co2e_kg: float | None = Field(description="null: nothing published for the year")
    gap_co2e_kg: float | None = Field(description="actual - pathway")


class ProgressAnswer(BaseModel):
    target: TargetAnswer
    gwp_set: GwpSet
    base_year_co2e_kg: float = Field(
        description="The target scopes' published emissions in the base year"
    )
    years: list[YearAnswer]
    latest_year: int | None = Field(description="The latest year with published data")
    on_track: bool | None = Field(description="actual <= pathway in the latest year with data")


def _answer(target: Target) -> TargetAnswer:
    terms = target.terms
    return TargetAnswer.model_validate(
        {
            "target_id": target.target_id,
            "created_at": target.created_at,
            "created_by": target.created_by,
            "name": terms.name,
            "scopes": sorted(terms.scopes),
            "scope2_method": terms.scope2_method,
            "base_year": terms.base_year,
            "target_year": terms.target_year,
            "reduction_pct": terms.reduction_pct,
        }
    )


@router.post(
    "/v1/targets",
    summary="Set a reduction target (absolute contraction)",
    tags=["inventory"],
    status_code=201,
    openapi_extensions=ADMINS,
)
def create_target(body: Annotated[TargetBody, Body()]) -> TargetAnswer:
    target = targets.create(
        current_context(router),
        TargetTerms(
            name=body.name,
            scopes=tuple(body.scopes),
            scope2_method=body.scope2_method,
            base_year=body.base_year,
            target_year=body.target_year,
            reduction_pct=body.reduction_pct,
        ),
        source_ip=source_ip(router),
    )
    return _answer(target)


@router.get(
    "/v1/targets", summary="The reduction targets", tags=["inventory"], openapi_extensions=READERS
)
def list_targets() -> TargetList:
    return TargetList(targets=[_answer(t) for t in targets.list_targets(current_context(router))])


@router.get(
    "/v1/targets/<target_id>",
    summary="A reduction target",
    tags=["inventory"],
    openapi_extensions=READERS,
)
def get_target(target_id: Annotated[str, TARGET_ID]) -> TargetAnswer:
    return _answer(targets.get_target(current_context(router), target_id))


@router.delete(
    "/v1/targets/<target_id>",
    summary="Delete a reduction target",
    tags=["inventory"],
    status_code=204,
    responses={204: {"description": "Deleted", "content": {}}},
    openapi_extensions=ADMINS,
)
def delete_target(target_id: Annotated[str, TARGET_ID]) -> Response[None]:
    targets.delete(current_context(router), target_id, source_ip=source_ip(router))
    return Response(status_code=204, body=None)


@router.get(
    "/v1/targets/<target_id>/progress",
    summary="A target's linear pathway year by year, the actual totals, the gap, on track",
    tags=["inventory"],
    openapi_extensions=READERS,
)
def target_progress(target_id: Annotated[str, TARGET_ID], gwp: GwpSet = "AR5") -> ProgressAnswer:
    target, found = targets.progress_of(current_context(router), target_id, gwp)
    return ProgressAnswer(
        target=_answer(target),
        gwp_set=gwp,
        base_year_co2e_kg=found.base_kg,
        years=[
            YearAnswer(
                year=row.year,
                pathway_co2e_kg=row.pathway_kg,
                actual_co2e_kg=row.actual_kg,
                gap_co2e_kg=row.gap_kg,
            )
            for row in found.years
        ],
        latest_year=found.latest_year,
        on_track=found.on_track,
    )
