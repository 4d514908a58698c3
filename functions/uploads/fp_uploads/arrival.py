"""A presigned upload's file arrived: take it in (``footprint.uploads.intake.arrived``).

The uploads bucket sends ``s3:ObjectCreated:*`` events for ``.../source`` keys to a queue
(KMS-encrypted, with a dead-letter queue); this function reads them in batches and reports
the messages it could not handle, so only those are redelivered. The tenant and upload come
from the object key, which only an authenticated upload request can have chosen (it was
built from that request's verified tenant).
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import unquote_plus

from aws_lambda_powertools.utilities.batch import (
    BatchProcessor,
    EventType,
    process_partial_response,
)
from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from footprint.observability import logger
from footprint.uploads.intake import arrived

processor = BatchProcessor(event_type=EventType.SQS)


def _record(record: SQSRecord) -> None:
    message = json.loads(record.body)
    for event in message.get("Records", []):  # absent from S3's test event
        key = unquote_plus(event["s3"]["object"]["key"])
        outcome = arrived(key)
        logger.info("upload arrival", extra={"outcome": outcome, "key_kind": "source"})


@logger.inject_lambda_context
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> PartialItemFailureResponse:
    """SQS batch entry point: answers ``batchItemFailures`` for the messages to retry."""
    return process_partial_response(
        event=event, record_handler=_record, processor=processor, context=context
    )
