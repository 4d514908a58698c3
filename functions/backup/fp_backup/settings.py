"""What the template tells the backup steps through their environment."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    bucket: str
    tables: tuple[str, ...]
    kms_key: str
    retention_days: int

    @classmethod
    def from_environment(cls) -> Settings:
        return cls(
            bucket=os.environ["FOOTPRINT_BACKUP_BUCKET"],
            tables=tuple(
                name.strip()
                for name in os.environ["FOOTPRINT_BACKUP_TABLES"].split(",")
                if name.strip()
            ),
            kms_key=os.environ["FOOTPRINT_BACKUP_KMS_KEY"],
            retention_days=int(os.environ["FOOTPRINT_BACKUP_RETENTION_DAYS"]),
        )
