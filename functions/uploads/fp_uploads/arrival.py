"""A presigned upload's file arrived: record it and start its calculation.

The uploads bucket sends ``s3:ObjectCreated:*`` events for ``.../source`` keys to a queue
(KMS-encrypted, with a dead-letter queue); this function reads them in batches and reports
the messages it could not handle, so only those are redelivered. The tenant and upload come
from the object key, which only an authenticated upload request can have chosen (it was
built from that request's verified tenant).

Per upload:
- ``pending``: hash the stored file, keeping its S3 version id (that version is the one
  calculated); the same content already held by another upload makes this one a
  ``duplicate`` of it (its file is deleted) unless the user asked to replace; otherwise mark
  it ``received`` with a new calculation id and start the workflow.
- ``received``: start the workflow (a no-op if it runs: the execution name is the stored
  calculation id). This also covers direct uploads, whose request started it already, and a
  request that stored its file but failed before starting.
- anything later, or no record: nothing to do (a redelivered event, or a direct upload whose
  record is not written yet: its own request starts it).

Whatever the state, a version of the source other than the one hashed (a second PUT to a URL
that has not expired yet) is deleted; so is any file sent to a duplicate's URL.
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

from footprint.adapters import upload_files
from footprint.adapters.uploads import Status, UploadStore
from footprint.adapters.workflow import new_calculation_id, start_calculation
from footprint.domain import object_keys
from footprint.domain.tenancy import TenantContext
from footprint.observability import logger

processor = BatchProcessor(event_type=EventType.SQS)


def arrived(key: str) -> str:
    """Handle one created object; answers what was done (for the log and the tests)."""
    found = object_keys.source_of(key)
    if found is None:
        return "ignored"
    tenant_id, upload_id = found
    context = TenantContext.for_workflow(tenant_id)
    store = UploadStore(context)
    upload = store.get(upload_id)
    if upload is None:
        return "unknown"
    if upload.status is Status.PENDING:
        source = upload_files.source_digest(context, upload_id)
        claim = store.claim_content(source.sha256, upload_id, replace=upload.replace)
        if claim.duplicate_of is not None:
            store.mark_duplicate(
                upload_id, duplicate_of=claim.duplicate_of, content_sha256=source.sha256
            )
            upload_files.delete_source(context, upload_id)
            return "duplicate"
        upload = store.mark_received(
            upload_id,
            content_sha256=source.sha256,
            source_version=source.version_id,
            calculation_id=new_calculation_id(),
            replaces=claim.replaces,
        )
    # The version hashed above is the one calculated; any other is a later PUT to the same
    # URL, and is dropped unread. A duplicate holds no file at all.
    if upload.status is Status.DUPLICATE:
        discarded = upload_files.delete_source(context, upload_id)
    else:
        discarded = upload_files.discard_other_versions(context, upload_id, upload.source_version)
    if upload.status is not Status.RECEIVED or upload.calculation_id is None:
        return "discarded" if discarded else "skipped"
    start_calculation(context, upload_id, upload.calculation_id, upload.gwp_set)
    return "started"


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
