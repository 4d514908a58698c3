"""Functions run in worker processes: in parallel, each one an execution environment, with
failures and injected faults reported as Lambda reports them."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from local.lambdas import Fault, FunctionError, FunctionRegistry
from local.provision import Deployment
from local.stepfunctions import task_functions
from local.template import ROOT, load_template


def test_every_workflow_step_is_found_with_the_one_a_distributed_map_fans_out_to() -> None:
    assert task_functions(load_template()) == {
        "CalculationValidateFunction": False,
        "CalculatePartFunction": True,
        "CalculationAggregateFunction": False,
        "CalculationPublishFunction": False,
        "CalculationFailedFunction": False,
        "BackupFunction": False,
        "AccessReviewFunction": False,
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


_PLATFORM_WITH_WORKERS = """
import multiprocessing, os, sys, time
from concurrent.futures import ProcessPoolExecutor
from local.lambdas import _end_with

if __name__ == "__main__":
    pool = ProcessPoolExecutor(
        2, mp_context=multiprocessing.get_context("forkserver"),
        initializer=_end_with, initargs=(os.getpid(),),
    )
    print(*sorted({pool.submit(os.getpid).result() for _ in range(8)}), flush=True)
    time.sleep(120)
"""


def test_workers_end_when_the_platform_is_killed(tmp_path: Path) -> None:
    """``kill -9`` of ``make local`` leaves no worker (nor the forkserver they keep alive)."""
    script = tmp_path / "platform.py"
    script.write_text(_PLATFORM_WITH_WORKERS, encoding="utf-8")
    platform = subprocess.Popen(
        [sys.executable, str(script)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert platform.stdout is not None
    workers = [int(pid) for pid in platform.stdout.readline().split()]
    assert workers
    platform.kill()
    platform.wait()
    deadline = time.monotonic() + 30
    while any(_running(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [pid for pid in workers if _running(pid)] == []


def _running(pid: int) -> bool:
    """True while ``pid`` runs (a zombie waiting for its parent has ended)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False
