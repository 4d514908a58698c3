"""The backup catalogue's records: one per verified export of one table.

Records are platform-level items (partition ``PLATFORM#BACKUP``, never a tenant key), so
listing backups needs no tenant context and no tenant can see them. The backup id starts
with the export time, so the catalogue sorts oldest first by id alone.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from footprint.domain.backup.checksum import Fingerprint

CATALOGUE_PARTITION = ("BACKUP",)


def export_id(export_arn: str) -> str:
    """The export's own id: the last segment of its ARN (``.../export/<id>`` in AWS)."""
    return export_arn.rstrip("/").rsplit("/", 1)[-1]


def backup_id(export_time: datetime, export_arn: str) -> str:
    return f"{export_time.astimezone(UTC):%Y%m%dT%H%M%SZ}-{export_id(export_arn)}"


def parse_time(text: str) -> datetime:
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@dataclass(frozen=True)
class BackupRecord:
    backup_id: str
    table_name: str
    table_arn: str
    export_arn: str
    bucket: str
    prefix: str
    layout: str
    export_time: datetime
    retain_until: datetime
    fingerprint: Fingerprint
    table_schema: dict[str, Any]  # to recreate the table even when the original is gone

    @classmethod
    def create(
        cls,
        *,
        table_name: str,
        table_arn: str,
        export_arn: str,
        bucket: str,
        prefix: str,
        layout: str,
        export_time: datetime,
        retention_days: int,
        fingerprint: Fingerprint,
        table_schema: dict[str, Any],
    ) -> BackupRecord:
        return cls(
            backup_id=backup_id(export_time, export_arn),
            table_name=table_name,
            table_arn=table_arn,
            export_arn=export_arn,
            bucket=bucket,
            prefix=prefix,
            layout=layout,
            export_time=export_time.astimezone(UTC),
            retain_until=export_time.astimezone(UTC) + timedelta(days=retention_days),
            fingerprint=fingerprint,
            table_schema=table_schema,
        )

    def expired(self, now: datetime) -> bool:
        return now >= self.retain_until

    def to_attributes(self) -> dict[str, Any]:
        return {
            "backup_id": self.backup_id,
            "table_name": self.table_name,
            "table_arn": self.table_arn,
            "export_arn": self.export_arn,
            "bucket": self.bucket,
            "prefix": self.prefix,
            "layout": self.layout,
            "export_time": self.export_time.isoformat(),
            "retain_until": self.retain_until.isoformat(),
            "item_count": self.fingerprint.count,
            "checksum": self.fingerprint.hex,
            "table_schema": json.dumps(self.table_schema, sort_keys=True),
        }

    @classmethod
    def from_attributes(cls, item: Mapping[str, Any]) -> BackupRecord:
        return cls(
            backup_id=str(item["backup_id"]),
            table_name=str(item["table_name"]),
            table_arn=str(item["table_arn"]),
            export_arn=str(item["export_arn"]),
            bucket=str(item["bucket"]),
            prefix=str(item["prefix"]),
            layout=str(item["layout"]),
            export_time=parse_time(str(item["export_time"])),
            retain_until=parse_time(str(item["retain_until"])),
            fingerprint=Fingerprint.from_dict(
                {"count": item["item_count"], "checksum": item["checksum"]}
            ),
            table_schema=json.loads(str(item["table_schema"])),
        )
