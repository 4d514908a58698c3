"""Functions run in worker processes: in parallel, each one an execution environment, with
failures and injected faults reported as Lambda reports them."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from local.lambdas import Fault, FunctionError, FunctionRegistry
from local.provision import Deployment
from local.stepfunctions import task_functions
from local.template import load_template


def test_every_workflow_step_is_found_with_the_one_a_distributed_map_fans_out_to() -> None:
    assert task_functions(load_template()) == {
        "CalculationValidateFunction": False,
        "CalculatePartFunction": True,
        "CalculationAggregateFunction": False,
        "CalculationPublishFunction": False,
        "CalculationFailedFunction": False,
        "BackupFunction": False,
    }


@pytest.fixture
def registry(deployment: Deployment) -> Iterator[FunctionRegistry]:
    functions = FunctionRegistry(deployment.template, deployment.resolver)
    with pytest.MonkeyPatch.context() as patch:
        # activate() sets the functions' environment for the workers; undo it afterwards.
        for name in functions.shared_environment():
            patch.delenv(name, raising=False)
        patch.setattr(sys, "path", list(sys.path))
        functions.activate()
        functions.run_in_processes({"CalculatePartFunction"}, 2)
        try:
            yield functions
        finally:
            functions.stop()


def test_a_worker_reports_a_handlers_failure_as_lambda_does(registry: FunctionRegistry) -> None:
    # The job fails validation in the worker: no AWS call is made.
    with pytest.raises(FunctionError) as caught:
        registry.invoke("CalculatePartFunction", {"tenant_id": "t", "upload_id": "../x"})
    assert caught.value.error_type == "ValidationError"
    assert "upload_id" in caught.value.message


def test_faults_are_injected_around_a_worker_as_around_a_thread(
    registry: FunctionRegistry,
) -> None:
    registry.inject_fault("CalculatePartFunction", Fault(remaining=1, error_type="Throttled"))
    with pytest.raises(FunctionError) as caught:
        registry.invoke("CalculatePartFunction", {})
    assert caught.value.error_type == "Throttled"
    with pytest.raises(FunctionError) as caught:
        registry.invoke("CalculatePartFunction", {})
    assert caught.value.error_type == "ValidationError"


def test_in_process_handlers_of_different_functions_never_overlap(
    deployment: Deployment, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Powertools keeps the current request on a class all resolvers share: two API functions
    # running at once in one process would read each other's request.
    functions = FunctionRegistry(deployment.template, deployment.resolver)
    running: list[str] = []
    overlapped: list[bool] = []

    def handler(event: dict[str, Any], _: Any) -> dict[str, Any]:
        running.append(event["name"])
        overlapped.append(len(running) > 1)
        time.sleep(0.05)
        running.remove(event["name"])
        return {}

    for logical_id in ("UsersFunction", "EmissionsFunction"):
        monkeypatch.setattr(functions.functions[logical_id], "load", lambda: handler)
    threads = [
        threading.Thread(target=functions.invoke, args=(logical_id, {"name": logical_id}))
        for logical_id in ("UsersFunction", "EmissionsFunction") * 3
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(overlapped) == 6
    assert not any(overlapped)
