"""Start a scheduled workflow on demand (the backup, the access reviews) and follow it to its
end."""

from __future__ import annotations

import json
import time
import uuid
from datetime import UTC, datetime
from typing import Any

_FINISHED = {"SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"}


def start_run(stepfunctions: Any, state_machine_arn: str, trigger: str = "manual") -> str:
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


def wait_for_state(
    stepfunctions: Any,
    execution_arn: str,
    state_name: str,
    *,
    timeout_seconds: float,
    poll_seconds: float = 1.0,
) -> dict[str, Any] | None:
    """The output of ``state_name`` once the execution has left it; None if it has not when
    time runs out (or the execution ended without it)."""
    deadline = time.monotonic() + timeout_seconds
    while True:
        paginator = stepfunctions.get_paginator("get_execution_history")
        for page in paginator.paginate(executionArn=execution_arn):
            for event in page["events"]:
                details = event.get("stateExitedEventDetails")
                if details and details.get("name") == state_name:
                    output: dict[str, Any] = json.loads(details.get("output") or "{}")
                    return output
        status = stepfunctions.describe_execution(executionArn=execution_arn)["status"]
        if status in _FINISHED or time.monotonic() >= deadline:
            return None
        time.sleep(poll_seconds)
