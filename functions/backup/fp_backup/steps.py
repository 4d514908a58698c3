"""One function per workflow step; each takes the state's input and answers its result.

The workflow (statemachines/backup.asl.json) for each table: ``start_export`` takes the
table's fingerprint with a consistent scan and asks DynamoDB for a point-in-time export at the
moment the scan ended; ``export_status`` follows the export (the workflow waits, with growing
pauses, between calls); ``verify`` reads the exported files (AWS's manifests or moto's bare
data files) and compares their fingerprint with the scan's; ``record`` adds the verified
backup to the catalogue. A write during the scan makes the two differ: the workflow then
tries again with a new scan and export, and fails after three attempts. The catalogue's steps
(``record``, ``prune``, ``report_failure``) are in ``fp_backup.catalogue``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from botocore.exceptions import ClientError

from footprint.adapters.aws import client
from footprint.adapters.backup.exports import (
    export_items,
    export_state,
    locate_export,
    request_export,
)
from footprint.adapters.backup.tables import describe, table_fingerprint
from footprint.domain.backup.checksum import Fingerprint, fingerprint
from footprint.observability import logger
from fp_backup.settings import Settings

FIRST_POLL_SECONDS = 2
MAX_POLL_SECONDS = 120


class TableNotProtected(Exception):
    """A table to back up has point-in-time recovery off, so it cannot be exported."""


class ExportTimeNotRestorable(Exception):
    """DynamoDB refused the snapshot's moment as outside the PITR window (not yet
    restorable); the workflow retries the step, with a new snapshot, after a pause."""


def list_tables(event: dict[str, Any]) -> dict[str, Any]:
    settings = Settings.from_environment()
    dynamodb = client("dynamodb")
    tables = []
    for name in settings.tables:
        info = describe(dynamodb, name)
        if not info.pitr_enabled:
            raise TableNotProtected(f"point-in-time recovery is off on {name}")
        tables.append({"name": info.name, "arn": info.arn})
    return {"tables": tables}


def start_export(event: dict[str, Any]) -> dict[str, Any]:
    settings = Settings.from_environment()
    table = event["table"]
    attempt = int(event.get("attempt", 1))
    dynamodb = client("dynamodb")
    expected = table_fingerprint(dynamodb, table["name"])
    export_time = datetime.now(UTC)
    # The execution's name keeps two runs started in the same second from sharing a prefix.
    run = event["execution"]
    prefix = f"dynamodb/{table['name']}/{export_time:%Y/%m/%d/%H%M%S}-{run}-attempt{attempt}"
    try:
        export_arn = request_export(
            dynamodb,
            table_arn=table["arn"],
            bucket=settings.bucket,
            prefix=prefix,
            export_time=export_time,
            kms_key=settings.kms_key,
        )
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") == "InvalidExportTimeException":
            raise ExportTimeNotRestorable(str(error)) from None
        raise
    logger.info(
        "backup export started",
        extra={"event": "backup.export_started", "table": table["name"], "attempt": attempt},
    )
    return {
        "export_arn": export_arn,
        "prefix": prefix,
        "export_time": export_time.isoformat(),
        "expected": expected.as_dict(),
        "poll_seconds": FIRST_POLL_SECONDS,
    }


def export_status(event: dict[str, Any]) -> dict[str, Any]:
    state = export_state(client("dynamodb"), event["export_arn"])
    pause = min(MAX_POLL_SECONDS, int(event.get("poll_seconds", FIRST_POLL_SECONDS)) * 2)
    return {"status": state.status, "failure": state.failure, "poll_seconds": pause}


def verify(event: dict[str, Any]) -> dict[str, Any]:
    settings = Settings.from_environment()
    s3 = client("s3")
    export = locate_export(s3, settings.bucket, event["prefix"])
    exported = fingerprint(export_items(s3, settings.bucket, export))
    expected = Fingerprint.from_dict(event["expected"])
    matched = exported == expected
    if not matched:
        logger.warning(
            "backup export differs from the table snapshot",
            extra={
                "event": "backup.mismatch",
                "prefix": event["prefix"],
                "expected": expected.as_dict(),
                "exported": exported.as_dict(),
            },
        )
    return {"matched": matched, "layout": export.layout, "exported": exported.as_dict()}
