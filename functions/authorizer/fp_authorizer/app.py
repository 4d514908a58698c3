"""API Gateway REQUEST authorizer.

Until the identity service issues tokens, no token can be verified, so every request to a
protected route is refused as API Gateway expects: raising ``Unauthorized`` makes it answer 401.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from footprint.api.observability import logger


@logger.inject_lambda_context
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    raise Exception("Unauthorized")
