"""The backup workflow's catalogue steps: ``record`` writes the head of every audit chain to
the vault (``footprint.adapters.backup.chain_heads``) and adds the verified export to the
catalogue; ``prune`` drops entries whose objects have gone (a loss before retention ends is
an error the alarms count); ``report_failure`` logs a failed run for the alarms."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from footprint.adapters.aws import client
from footprint.adapters.backup import chain_heads
from footprint.adapters.backup.catalogue import BackupCatalogue
from footprint.adapters.backup.exports import export_present
from footprint.adapters.backup.tables import describe
from footprint.adapters.repository import PlatformRepository
from footprint.domain.backup.catalogue import BackupRecord, parse_time
from footprint.domain.backup.checksum import Fingerprint
from footprint.identity import tenants
from footprint.observability import logger
from fp_backup.settings import Settings


def record(event: dict[str, Any]) -> dict[str, Any]:
    settings = Settings.from_environment()
    table = event["table"]
    export = event["export"]
    entry = BackupRecord.create(
        table_name=table["name"],
        table_arn=table["arn"],
        export_arn=export["export_arn"],
        bucket=settings.bucket,
        prefix=export["prefix"],
        layout=event["verification"]["layout"],
        export_time=parse_time(export["export_time"]),
        retention_days=settings.retention_days,
        fingerprint=Fingerprint.from_dict(event["verification"]["exported"]),
        table_schema=describe(client("dynamodb"), table["name"]).schema,
    )
    # The heads first: a catalogued backup always has its heads in the vault.
    heads = chain_heads.read_from_table(
        client("dynamodb"),
        table["name"],
        tenants.registered(),
        entry.backup_id,
        datetime.now(UTC).isoformat(),
    )
    chain_heads.store(client("s3"), settings.bucket, heads)
    BackupCatalogue(PlatformRepository()).put(entry)
    chains = len(heads.tenants) + len(heads.platform)
    logger.info(
        "backup completed",
        extra={
            "event": "backup.completed",
            "backup_id": entry.backup_id,
            "table": entry.table_name,
            "item_count": entry.fingerprint.count,
            "chain_heads": chains,
        },
    )
    return {
        "backup_id": entry.backup_id,
        "item_count": entry.fingerprint.count,
        "chain_heads": chains,
    }


def prune(event: dict[str, Any]) -> dict[str, Any]:
    """Drop catalogue entries whose objects are gone; a loss before retention ends is logged."""
    catalogue = BackupCatalogue(PlatformRepository())
    s3 = client("s3")
    now = datetime.now(UTC)
    pruned = []
    kept = 0
    for entry in catalogue.records():
        if export_present(s3, entry.bucket, entry.prefix):
            kept += 1
            continue
        catalogue.delete(entry.backup_id)
        pruned.append(entry.backup_id)
        details = {"backup_id": entry.backup_id, "table": entry.table_name}
        if entry.expired(now):
            logger.info("expired backup pruned", extra={"event": "backup.pruned", **details})
        else:
            logger.error(
                "backup gone before its retention ended", extra={"event": "backup.lost", **details}
            )
    return {"pruned": pruned, "kept": kept}


def report_failure(event: dict[str, Any]) -> dict[str, Any]:
    error = event.get("error") or {}
    logger.error(
        "backup failed",
        extra={
            "event": "backup.failed",
            "error": str(error.get("Error", "unknown"))[:200],
            "cause": str(error.get("Cause", ""))[:1000],
        },
    )
    return {"reported": True}
