"""/v1/tenant/inventory/uncertainty: the uncertainty figures the tenant states for its
categories, each with what it rests on (``footprint.baseline.uncertainty``)."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body
from aws_lambda_powertools.event_handler.router import APIGatewayRouter
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from footprint.api.access import READERS, current_context, roles, source_ip
from footprint.api.vocabulary import CategoryName
from footprint.baseline import uncertainty
from footprint.domain.tenancy import Role
from footprint.domain.uncertainty import (
    MAX_SOURCE_LENGTH,
    MAX_STATED_PCT,
    SOURCE_PATTERN,
    CategoryDefault,
    Part,
    StatedFigures,
)

router = APIGatewayRouter()  # type: ignore[no-untyped-call]

ADMINS = roles(Role.ADMIN)
_PCT = Field(
    default=None,
    gt=0,
    le=MAX_STATED_PCT,
    description="The half-width of the 95 % interval, in % of the value (above 0, at most"
    " 100: wider, a quantity that cannot be negative would reach below zero)",
)
_SOURCE = Field(
    default=None,
    validate_default=True,
    min_length=1,
    max_length=MAX_SOURCE_LENGTH,
    pattern=SOURCE_PATTERN,
    description="What the figure rests on, e.g. 'meter class 1.0 per the site's calibration"
    " certificate': required with its figure; one line, no control characters",
)


class StatedCategory(BaseModel):
    """One category's stated figures: either part, or both, each with its source."""

    model_config = ConfigDict(extra="forbid")

    activity_pct: float | None = _PCT
    activity_source: str | None = _SOURCE
    factor_pct: float | None = _PCT
    factor_source: str | None = _SOURCE

    @field_validator("activity_source", "factor_source")
    @classmethod
    def _with_its_figure(cls, source: str | None, info: ValidationInfo) -> str | None:
        figure = f"{str(info.field_name).removesuffix('_source')}_pct"
        # A figure refused on its own is named there; here only the pair's completeness.
        if figure in info.data and (info.data[figure] is None) != (source is None):
            raise ValueError(f"{info.field_name} and {figure} go together: give both or neither")
        return source

    def figures(self) -> StatedFigures:
        return StatedFigures(
            None
            if self.activity_pct is None or self.activity_source is None
            else Part(self.activity_pct, self.activity_source),
            None
            if self.factor_pct is None or self.factor_source is None
            else Part(self.factor_pct, self.factor_source),
        )


class UncertaintyStatementBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    categories: dict[CategoryName, StatedCategory] = Field(
        description="By category name; a category left out, or a part left out, takes the"
        " published default where there is one"
    )


class PublishedCategory(BaseModel):
    """One category's published defaults: each part's figure and its citation, or null."""

    activity_pct: float | None
    activity_source: str | None
    factor_pct: float | None
    factor_source: str | None
    searched: str = Field(description="What was searched for a part without a default")


class UncertaintyStatementAnswer(UncertaintyStatementBody):
    digest: str = Field(description="SHA-256 of the statement: what the audit log names")
    updated_at: str | None = Field(description="null until an admin states a figure")
    published: dict[CategoryName, PublishedCategory] = Field(
        description="The published defaults by category, which a part takes where the"
        " statement gives no figure (the same for every tenant)"
    )


def _published(default: CategoryDefault) -> PublishedCategory:
    return PublishedCategory(
        activity_pct=None if default.activity is None else default.activity.half_width_pct,
        activity_source=None if default.activity is None else default.activity.source,
        factor_pct=None if default.factor is None else default.factor.half_width_pct,
        factor_source=None if default.factor is None else default.factor.source,
        searched=default.searched,
    )


def _answer(stored: uncertainty.StoredStatement) -> UncertaintyStatementAnswer:
    categories = {
        name: StatedCategory(
            activity_pct=None if figures.activity is None else figures.activity.half_width_pct,
            activity_source=None if figures.activity is None else figures.activity.source,
            factor_pct=None if figures.factor is None else figures.factor.half_width_pct,
            factor_source=None if figures.factor is None else figures.factor.source,
        )
        for name, figures in sorted(stored.statement.items())
    }
    published = {name: _published(default) for name, default in uncertainty.published().items()}
    return UncertaintyStatementAnswer.model_validate(
        {
            "categories": categories,
            "digest": stored.digest,
            "updated_at": stored.updated_at,
            "published": published,
        }
    )


@router.get(
    "/v1/tenant/inventory/uncertainty",
    summary="The uncertainty figures the tenant states, by category, with their sources",
    tags=["inventory"],
    openapi_extensions=READERS,
)
def get_uncertainty_statement() -> UncertaintyStatementAnswer:
    return _answer(uncertainty.get_statement(current_context(router)))


@router.put(
    "/v1/tenant/inventory/uncertainty",
    summary="State the uncertainty figures; calculations from now on apply them (recalculate"
    " to apply them to a calculated upload)",
    tags=["inventory"],
    openapi_extensions=ADMINS,
)
def put_uncertainty_statement(
    body: Annotated[UncertaintyStatementBody, Body()],
) -> UncertaintyStatementAnswer:
    stored = uncertainty.put_statement(
        current_context(router),
        {name: stated.figures() for name, stated in body.categories.items()},
        source_ip=source_ip(router),
    )
    return _answer(stored)
