"""The backup workflow's Lambda: the state machine names the step in ``event["step"]``.

One function for the workflow's steps keeps one log group (which the backup alarms read)
and one role, scoped to the data table, its exports, the backup bucket and the catalogue's
platform partition.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from footprint.adapters.transient import transient_errors_retried
from footprint.observability import logger
from fp_backup import catalogue, steps

Step = Callable[[dict[str, Any]], dict[str, Any]]

STEPS: dict[str, Step] = {
    "list_tables": steps.list_tables,
    "start_export": steps.start_export,
    "export_status": steps.export_status,
    "verify": steps.verify,
    "record": catalogue.record,
    "prune": catalogue.prune,
    "report_failure": catalogue.report_failure,
}


class UnknownStep(Exception):
    """The state machine asked for a step this function does not have."""


@logger.inject_lambda_context(clear_state=True)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    step = STEPS.get(str(event.get("step")))
    if step is None:
        raise UnknownStep(f"no backup step {event.get('step')!r}")
    logger.append_keys(step=event["step"], execution=event.get("execution"))
    with transient_errors_retried():
        return step(event)
