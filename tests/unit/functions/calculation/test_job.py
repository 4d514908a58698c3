"""The entry point every calculation step shares."""

from __future__ import annotations

import gc
from typing import Any

import pytest

from footprint.adapters.transient import TransientError
from fp_calculation.job import Job, cyclic_collector_paused, step
from local.lambdas import LambdaContext

UPLOAD_ID = "0190a1b2c3d4e5f6a7b8c9d0"
EVENT = {"tenant_id": "t-1", "upload_id": UPLOAD_ID, "calculation_id": "c-1"}
CONTEXT = LambdaContext("CalculationStep", 1024, 60)


def test_a_step_runs_with_the_cyclic_collector_paused_and_restores_it() -> None:
    seen: list[bool] = []

    def handler(job: Job, event: dict[str, Any]) -> dict[str, Any]:
        seen.append(gc.isenabled())
        return {"upload_id": job.upload_id}

    assert gc.isenabled()
    assert step(handler)(EVENT, CONTEXT) == {"upload_id": UPLOAD_ID}
    assert seen == [False]
    assert gc.isenabled()


def test_the_collector_comes_back_after_a_failure_and_stays_off_if_it_was() -> None:
    def failing(job: Job, event: dict[str, Any]) -> dict[str, Any]:
        raise TransientError("throttled")

    with pytest.raises(TransientError):
        step(failing)(EVENT, CONTEXT)
    assert gc.isenabled()
    gc.disable()
    try:
        with cyclic_collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
