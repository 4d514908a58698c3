"""Which AWS answers are worth trying again: throttling and a service's 5xx.

Every workflow step reports them under one error name, ``TransientError``, which its state
machine's Retry names; any other failure goes to the state machine's Catch at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from botocore.exceptions import ClientError

TRANSIENT_CODES = frozenset(
    {
        "ThrottlingException",
        "ProvisionedThroughputExceededException",
        "RequestLimitExceeded",
        "SlowDown",
        "InternalError",
        "InternalServerError",
        "ServiceUnavailable",
        "TransactionConflictException",
    }
)


class TransientError(Exception):
    """A failure worth retrying (throttling, a service's 5xx): the state machines' Retry
    names this error type."""


def is_transient(error: ClientError) -> bool:
    code = error.response.get("Error", {}).get("Code", "")
    status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
    return code in TRANSIENT_CODES or status >= 500


@contextmanager
def transient_errors_retried() -> Iterator[None]:
    """Raise a transient AWS answer inside the block as ``TransientError``."""
    try:
        yield
    except ClientError as error:
        if is_transient(error):
            code = error.response.get("Error", {}).get("Code", "")
            raise TransientError(code or "a service answered 5xx") from error
        raise
