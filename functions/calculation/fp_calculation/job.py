"""The input every calculation step receives from the state machine."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import BaseModel, ConfigDict, Field

from footprint.adapters.transient import transient_errors_retried
from footprint.collector import cyclic_collector_paused
from footprint.domain.factors.gwp import DEFAULT_GWP_SET, GWP_SETS
from footprint.domain.ids import FILE_ID_PATTERN, UPLOAD_ID_PATTERN
from footprint.domain.tenancy import TenantContext
from footprint.domain.uncertainty import StatedFigures, parse_statement
from footprint.observability import logger


class Job(BaseModel):
    """Which upload, which calculation of it, under which GWP set and uncertainty statement.

    Written by the upload path from the authenticated request's tenant; the steps trust it
    as far as the state machine's input, which no client can write.
    """

    model_config = ConfigDict(extra="ignore", frozen=True)

    tenant_id: str
    upload_id: str = Field(pattern=UPLOAD_ID_PATTERN)
    calculation_id: str = Field(pattern=FILE_ID_PATTERN)
    gwp_set: str = DEFAULT_GWP_SET
    # The tenant's uncertainty statement as the first step read it
    # (``footprint.domain.uncertainty.statement_document``): every part takes the same one.
    uncertainty_statement: dict[str, Any] | None = None

    @property
    def context(self) -> TenantContext:
        return TenantContext.for_workflow(self.tenant_id)

    def statement(self) -> dict[str, StatedFigures]:
        return parse_statement(self.uncertainty_statement)

    def checked_gwp_set(self) -> str:
        if self.gwp_set not in GWP_SETS:
            raise ValueError("unknown GWP set")
        return self.gwp_set


StepHandler = Callable[[dict[str, Any], LambdaContext], dict[str, Any]]


def step(handler: Callable[[Job, dict[str, Any]], dict[str, Any]]) -> StepHandler:
    """A workflow step's Lambda entry point: the job parsed, its ids in every log line, the
    cyclic collector paused (``cyclic_collector_paused``), and AWS throttling or 5xx
    answers raised as ``TransientError`` so Retry takes them."""

    def entry(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
        job = Job.model_validate(event)
        logger.append_keys(
            tenant_id=job.tenant_id, upload_id=job.upload_id, calculation_id=job.calculation_id
        )
        with transient_errors_retried(), cyclic_collector_paused():
            return handler(job, event)

    return cast(StepHandler, logger.inject_lambda_context(entry))
