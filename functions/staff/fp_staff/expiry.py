"""The staff access expiry run (every 5 minutes): grants whose end has passed, and requests
pending for 24 hours, are written down as expired and told (the platform's and the tenant's
logs, the expired topic). A grant stops working at its end whether or not this has run: the
per-request guard reads the clock, not this record."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from footprint.domain.staff_access import MAX_DURATION_MINUTES, PENDING_SECONDS
from footprint.identity import staff_access
from footprint.observability import logger

# The oldest request whose end can still be due: a day pending, then four hours approved.
WINDOW_SECONDS = PENDING_SECONDS + MAX_DURATION_MINUTES * 60 + 3600
SOURCE = "staff-access-expiry"


@logger.inject_lambda_context
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    due = staff_access.open_grants(since_seconds=WINDOW_SECONDS)
    ended = staff_access.record_expiries(due, source_ip=SOURCE)
    return {"expired": [grant.grant_id for grant in ended]}
