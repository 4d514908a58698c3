"""The access-review workflow's Lambda: the state machine names the step in ``event["step"]``.

``open`` opens this quarter's review of every tenant (a tenant's second opening does
nothing), ``remind`` tells the reviewers of each review still open at its reminder, ``close``
marks overdue each review still open at its deadline and sends the undecided items to the
security topic. Each step acts only once per review, so a retried or repeated run sends
nothing twice.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from footprint.adapters.transient import transient_errors_retried
from footprint.identity import access_reviews
from footprint.observability import logger


def _open(event: dict[str, Any]) -> dict[str, Any]:
    return access_reviews.open_all()


def _remind(event: dict[str, Any]) -> dict[str, Any]:
    return {"reminded": access_reviews.remind_all(str(event["quarter"]))}


def _close(event: dict[str, Any]) -> dict[str, Any]:
    return {"overdue": access_reviews.close_all(str(event["quarter"]))}


STEPS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "open": _open,
    "remind": _remind,
    "close": _close,
}


class UnknownStep(Exception):
    """The state machine asked for a step this function does not have."""


@logger.inject_lambda_context(clear_state=True)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    step = STEPS.get(str(event.get("step")))
    if step is None:
        raise UnknownStep(f"no access-review step {event.get('step')!r}")
    logger.append_keys(step=event["step"], execution=event.get("execution"))
    with transient_errors_retried():
        return step(event)
