"""Faults injected at the AWS SDK: chosen calls answer a service error, as DynamoDB's
throttling or S3's 503 do in AWS, before moto sees them.

moto has no switch for either, and Lambda-level faults (``local.lambdas.Fault``) fail a whole
invocation; these fail one call inside a handler, where the handler's own error handling has
to take it. They apply in-process only (unit tests run the workflow's handlers in-process).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from unittest import mock

from botocore.client import BaseClient
from botocore.exceptions import ClientError


def _always(_: dict[str, Any]) -> bool:
    return True


@dataclass
class AwsFault:
    """The next ``remaining`` calls of ``service``'s ``operation`` whose parameters satisfy
    ``matches`` fail with ``code`` and HTTP ``status``; ``raised`` counts those that did."""

    service: str
    operation: str
    code: str
    status: int
    remaining: int
    matches: Callable[[dict[str, Any]], bool] = _always
    raised: int = 0


def throttled_batch_writes(remaining: int, partition: str) -> AwsFault:
    """DynamoDB refusing batch writes to partitions whose key contains ``partition``."""

    def writes_to(params: dict[str, Any]) -> bool:
        return any(
            partition in str(request.get("PutRequest", {}).get("Item", {}).get("pk", ""))
            for requests in params.get("RequestItems", {}).values()
            for request in requests
        )

    return AwsFault(
        "dynamodb",
        "BatchWriteItem",
        "ProvisionedThroughputExceededException",
        400,
        remaining,
        writes_to,
    )


def unavailable_reads(remaining: int, key_part: str) -> AwsFault:
    """S3 answering 503 to reads of keys that contain ``key_part``."""
    return AwsFault(
        "s3",
        "GetObject",
        "ServiceUnavailable",
        503,
        remaining,
        lambda params: key_part in str(params.get("Key", "")),
    )


@contextmanager
def aws_faults(*faults: AwsFault) -> Iterator[tuple[AwsFault, ...]]:
    """Inject ``faults`` into every SDK client of this process while the block runs."""
    original = BaseClient._make_api_call
    lock = threading.Lock()

    def call(client: BaseClient, operation: str, params: dict[str, Any]) -> Any:
        service = client.meta.service_model.service_name
        with lock:
            for fault in faults:
                if (
                    fault.remaining > 0
                    and (fault.service, fault.operation) == (service, operation)
                    and fault.matches(params)
                ):
                    fault.remaining -= 1
                    fault.raised += 1
                    error = {"Code": fault.code, "Message": "injected by the test"}
                    raise ClientError(
                        {"Error": error, "ResponseMetadata": {"HTTPStatusCode": fault.status}},
                        operation,
                    )
        return original(client, operation, params)

    with mock.patch.object(BaseClient, "_make_api_call", call):
        yield faults
