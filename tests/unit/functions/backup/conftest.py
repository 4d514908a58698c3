"""Fixtures for the backup workflow: a way to run its state machine (``backup`` in
tests/unit/conftest.py) to its end, and the handlers' structured log lines."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest

RunWorkflow = Callable[[str], dict[str, Any]]


@pytest.fixture
def run_workflow(backup: dict[str, str]) -> RunWorkflow:
    """Start the backup state machine under ``name`` and wait for its end (60 s at most)."""

    def run(name: str) -> dict[str, Any]:
        client = boto3.client("stepfunctions")
        arn = client.start_execution(
            stateMachineArn=backup["state_machine"], name=name, input='{"trigger": "test"}'
        )["executionArn"]
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            execution = client.describe_execution(executionArn=arn)
            if execution["status"] != "RUNNING":
                execution["history"] = client.get_execution_history(executionArn=arn)["events"]
                if "output" in execution:
                    execution["result"] = json.loads(execution["output"])
                return dict(execution)
            time.sleep(0.2)
        raise AssertionError(f"execution {name} still running after 60 s")

    return run


class _Events(logging.Handler):
    """Collects the ``event`` of every structured log line the handlers write."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def events(self) -> list[str]:
        return [str(record.event) for record in self.records if hasattr(record, "event")]

    def of(self, event: str) -> list[logging.LogRecord]:
        return [record for record in self.records if getattr(record, "event", None) == event]


@pytest.fixture
def logged() -> Iterator[_Events]:
    """The structured log lines of the handlers (the shared Powertools logger, ``footprint``)."""
    handler = _Events()
    target = logging.getLogger("footprint")
    target.addHandler(handler)
    yield handler
    target.removeHandler(handler)
