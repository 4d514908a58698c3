"""Start the backup workflow on demand and follow it to its end."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime
from typing import Any

_FINISHED = {"SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"}


def start_backup(stepfunctions: Any, state_machine_arn: str, trigger: str = "manual") -> str:
    """Start an execution, always named (moto answers ``…:None`` without a name)."""
    name = f"{trigger}-{datetime.now(UTC):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
    response = stepfunctions.start_execution(
        stateMachineArn=state_machine_arn, name=name, input=f'{{"trigger": "{trigger}"}}'
    )
    arn: str = response["executionArn"]
    return arn


def wait_for_execution(
    stepfunctions: Any, execution_arn: str, *, timeout_seconds: float, poll_seconds: float = 2.0
) -> dict[str, Any]:
    """The execution's description once it has finished (or as it is when time runs out)."""
    deadline = time.monotonic() + timeout_seconds
    while True:
        execution: dict[str, Any] = stepfunctions.describe_execution(executionArn=execution_arn)
        if execution["status"] in _FINISHED or time.monotonic() >= deadline:
            return execution
        time.sleep(poll_seconds)
