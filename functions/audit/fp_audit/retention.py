"""The daily audit retention run (EventBridge Scheduler): events older than 13 months keep
only their caller's network, every log re-anchored where it must be
(``footprint.identity.ip_retention``). Idempotent: the scheduler's retries, and a run fired
by hand, change only what is still due."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from footprint.identity import ip_retention
from footprint.observability import logger


@logger.inject_lambda_context
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return ip_retention.run().to_dict()
