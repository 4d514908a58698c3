"""Restore a catalogued backup into a new table and prove the result equals the backup.

The restored table is created from the schema recorded with the backup (so a restore works
when the original table is gone), filled from the export's data files, then scanned: its item
count and checksum must equal those the backup workflow verified at export time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from footprint.adapters.backup.exports import export_items, locate_export
from footprint.adapters.backup.tables import (
    create_table,
    table_exists,
    table_fingerprint,
    write_items,
)
from footprint.domain.backup.catalogue import BackupRecord
from footprint.domain.backup.checksum import Fingerprint
from footprint.domain.backup.export_layout import client_item
from footprint.domain.errors import Conflict


@dataclass(frozen=True)
class RestoreReport:
    backup_id: str
    table_name: str
    expected: Fingerprint
    restored: Fingerprint

    @property
    def matched(self) -> bool:
        return self.expected == self.restored

    def as_dict(self) -> dict[str, Any]:
        return {
            "backup_id": self.backup_id,
            "table": self.table_name,
            "matched": self.matched,
            "expected": self.expected.as_dict(),
            "restored": self.restored.as_dict(),
        }


def restore_backup(
    record: BackupRecord,
    target_table: str,
    *,
    dynamodb: Any,
    s3: Any,
    kms_key: str | None = None,
) -> RestoreReport:
    if table_exists(dynamodb, target_table):
        raise Conflict(
            "The target table already exists; restore into a new table.", table=target_table
        )
    export = locate_export(s3, record.bucket, record.prefix)
    create_table(dynamodb, target_table, record.table_schema, kms_key)
    items = export_items(s3, record.bucket, export)
    write_items(dynamodb, target_table, (client_item(item) for item in items))
    return RestoreReport(
        backup_id=record.backup_id,
        table_name=target_table,
        expected=record.fingerprint,
        restored=table_fingerprint(dynamodb, target_table),
    )
