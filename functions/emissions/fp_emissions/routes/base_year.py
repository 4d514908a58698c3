"""/v1/tenant/inventory and /v1/inventory/base-year: the tenant's inventory settings, its
base year's figures and whether they need recalculating, a recalculation, and every earlier
snapshot."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Literal

from aws_lambda_powertools.event_handler.openapi.params import Body
from aws_lambda_powertools.event_handler.router import APIGatewayRouter
from pydantic import BaseModel, Field

from footprint.adapters.inventory_records import Snapshot
from footprint.api.access import READERS, current_context, roles, source_ip
from footprint.api.errors import may_answer
from footprint.api.vocabulary import GwpSet
from footprint.baseline import base_year, settings
from footprint.domain.inventory.base_year import ScopeFigures
from footprint.domain.inventory.reporting_year import (
    DEFAULT_START_MONTH,
    DEFAULT_THRESHOLD_PCT,
    EARLIEST_BASE_YEAR,
    InventorySettings,
)
from footprint.domain.tenancy import Role, TenantContext

router = APIGatewayRouter()  # type: ignore[no-untyped-call]

ADMINS = roles(Role.ADMIN)
Consolidation = Literal["operational", "financial", "equity"]


class InventorySettingsBody(BaseModel):
    base_year: int = Field(
        ge=EARLIEST_BASE_YEAR, description="The base year: from 1990 to this year"
    )
    reporting_year_start_month: int = Field(
        default=DEFAULT_START_MONTH,
        ge=1,
        le=12,
        description="The month a reporting year begins (1 to 12); a year is named by the"
        " calendar year it begins in (2024 from April: 2024-04 to 2025-03)",
    )
    consolidation: Consolidation = Field(
        description="The GHG Protocol Corporate Standard's consolidation approach (chapter 3)"
    )
    recalculation_threshold_pct: float = Field(
        default=DEFAULT_THRESHOLD_PCT,
        gt=0,
        le=100,
        description="A change of the base year's total beyond this percentage calls for its"
        " recalculation; the company's choice (GHG Protocol Corporate Standard, chapter 5)",
    )


class InventorySettingsAnswer(BaseModel):
    configured: bool = Field(description="False until an admin sets the base year")
    base_year: int | None
    reporting_year_start_month: int
    consolidation: Consolidation | None
    recalculation_threshold_pct: float
    base_year_from: str | None = Field(description="The base year's first month, YYYY-MM")
    base_year_to: str | None = Field(description="The base year's last month, YYYY-MM")
    snapshot_taken: bool = Field(
        default=False, description="Whether this change took a new base-year snapshot"
    )


class Figures(BaseModel):
    """kg CO2e by scope under one GWP set, Scope 2 both ways, and the totals both ways."""

    scope_1: float
    scope_2_location: float
    scope_2_market: float
    scope_3: float
    total_location: float
    total_market: float


class SnapshotAnswer(BaseModel):
    snapshot_id: str
    taken_at: str
    taken_by: str | None
    reason: Literal["base_year_set", "recalculated"]
    base_year: int
    start: str = Field(alias="from", description="The base year's first month")
    to: str
    figures: dict[str, Figures] = Field(description="By GWP set")
    calculations: int = Field(description="How many published calculations it was taken from")

    model_config = {"populate_by_name": True}


class SourceAnswer(BaseModel):
    upload_id: str
    calculation_id: str
    editions: list[str]


class ChangeAnswer(BaseModel):
    gwp_set: str
    method: Literal["location", "market"]
    old_co2e_kg: float
    new_co2e_kg: float
    change_pct: float | None = Field(description="null: growth from nothing")


class CauseAnswer(BaseModel):
    kind: Literal["upload_published", "upload_withdrawn", "upload_recalculated"]
    upload_id: str
    old_calculation_id: str | None
    new_calculation_id: str | None
    editions_removed: list[str]
    editions_added: list[str]
    old_co2e_kg: float = Field(description="The upload's base-year CO2e (location-based) then")
    new_co2e_kg: float
    change_of_base_year_pct: float | None = Field(
        description="new - old in percent of the snapshot's base-year total"
    )


class BaseYearAnswer(BaseModel):
    base_year: int
    recalculation_threshold_pct: float
    recalculation_needed: bool
    gwp_set: GwpSet = Field(description="The set the causes are named under")
    snapshot: SnapshotAnswer
    sources: list[SourceAnswer] = Field(description="What the snapshot was taken from")
    changes: list[ChangeAnswer] = Field(
        description="The base year's total then and now, by GWP set and Scope 2 method"
    )
    causes: list[CauseAnswer] = Field(description="Largest change first")


class BaseYearHistory(BaseModel):
    snapshots: list[SnapshotAnswer] = Field(description="Newest first")


def figures_answer(figures: ScopeFigures) -> Figures:
    return Figures(
        **figures.to_dict(),
        total_location=figures.total_location,
        total_market=figures.total_market,
    )


def snapshot_answer(snapshot: Snapshot) -> SnapshotAnswer:
    return SnapshotAnswer.model_validate(
        {
            "snapshot_id": snapshot.snapshot_id,
            "taken_at": snapshot.taken_at,
            "taken_by": snapshot.taken_by,
            "reason": snapshot.reason,
            "base_year": snapshot.base_year,
            "from": snapshot.start,
            "to": snapshot.end,
            "figures": {name: figures_answer(f) for name, f in snapshot.figures.items()},
            "calculations": snapshot.calculations,
        }
    )


def _settings_answer(
    chosen: InventorySettings | None, *, snapshot_taken: bool = False
) -> InventorySettingsAnswer:
    if chosen is None:
        return InventorySettingsAnswer(
            configured=False,
            base_year=None,
            reporting_year_start_month=DEFAULT_START_MONTH,
            consolidation=None,
            recalculation_threshold_pct=DEFAULT_THRESHOLD_PCT,
            base_year_from=None,
            base_year_to=None,
        )
    start, end = chosen.base_year_span()
    return InventorySettingsAnswer.model_validate(
        {
            "configured": True,
            **chosen.to_dict(),
            "base_year_from": start,
            "base_year_to": end,
            "snapshot_taken": snapshot_taken,
        }
    )


@router.get(
    "/v1/tenant/inventory",
    summary="The tenant's inventory settings: base year, reporting year, consolidation",
    tags=["inventory"],
    openapi_extensions=READERS,
)
def get_inventory_settings() -> InventorySettingsAnswer:
    return _settings_answer(settings.get_settings(current_context(router)))


@router.put(
    "/v1/tenant/inventory",
    summary="Set the inventory settings; a new base year snapshots its figures",
    tags=["inventory"],
    openapi_extensions=ADMINS,
)
def put_inventory_settings(
    body: Annotated[InventorySettingsBody, Body()],
) -> InventorySettingsAnswer:
    chosen, snapshot = settings.put_settings(
        current_context(router),
        InventorySettings(
            base_year=body.base_year,
            consolidation=body.consolidation,
            reporting_year_start_month=body.reporting_year_start_month,
            recalculation_threshold_pct=body.recalculation_threshold_pct,
        ),
        source_ip=source_ip(router),
    )
    return _settings_answer(chosen, snapshot_taken=snapshot is not None)


@router.get(
    "/v1/inventory/base-year",
    summary="The base year's figures and whether they need recalculating, with the causes",
    tags=["inventory"],
    openapi_extensions={**READERS, **may_answer(404)},
)
def get_base_year(gwp: GwpSet = "AR5") -> BaseYearAnswer:
    found = base_year.status(current_context(router), gwp)
    return BaseYearAnswer(
        base_year=found.settings.base_year,
        recalculation_threshold_pct=found.settings.recalculation_threshold_pct,
        recalculation_needed=found.check.recalculation_needed,
        gwp_set=gwp,
        snapshot=snapshot_answer(found.snapshot),
        sources=[
            SourceAnswer(
                upload_id=s.upload_id, calculation_id=s.calculation_id, editions=list(s.editions)
            )
            for s in found.snapshot.sources
        ],
        changes=[ChangeAnswer.model_validate(asdict(c)) for c in found.check.changes],
        causes=[CauseAnswer.model_validate(asdict(c)) for c in found.check.causes],
    )


@router.post(
    "/v1/inventory/base-year/recalculate",
    summary="Recalculate the base year: a new snapshot of it as published now",
    tags=["inventory"],
    status_code=201,
    openapi_extensions={**ADMINS, **may_answer(404)},
)
def recalculate_base_year() -> SnapshotAnswer:
    return snapshot_answer(
        base_year.recalculate(current_context(router), source_ip=source_ip(router))
    )


@router.get(
    "/v1/inventory/base-year/history",
    summary="Every base-year snapshot taken, newest first",
    tags=["inventory"],
    openapi_extensions=READERS,
)
def base_year_history() -> BaseYearHistory:
    return BaseYearHistory(
        snapshots=[
            snapshot_answer(snapshot) for snapshot in base_year.history(current_context(router))
        ]
    )


class BaseYearBeside(BaseModel):
    """The base year beside a summary: the latest snapshot's totals under the GWP set asked."""

    base_year: int
    start: str = Field(alias="from", description="The base year's first month")
    to: str
    snapshot_taken_at: str
    figures: Figures
    recalculation_needed: bool

    model_config = {"populate_by_name": True}


def beside_summary(context: TenantContext, gwp_set: str) -> BaseYearBeside | None:
    """What a summary shows of the base year, None if none is set."""
    found = base_year.beside(context, settings.get_settings(context))
    if found is None:
        return None
    snapshot = found.snapshot
    return BaseYearBeside.model_validate(
        {
            "base_year": snapshot.base_year,
            "from": snapshot.start,
            "to": snapshot.end,
            "snapshot_taken_at": snapshot.taken_at,
            "figures": figures_answer(snapshot.figures.get(gwp_set, ScopeFigures())),
            "recalculation_needed": found.recalculation_needed,
        }
    )
