"""The backup catalogue: one platform-level item per verified backup, in the data table."""

from __future__ import annotations

from footprint.adapters.repository import PlatformRepository
from footprint.domain.backup.catalogue import CATALOGUE_PARTITION, BackupRecord
from footprint.domain.errors import NotFound


class BackupCatalogue:
    def __init__(self, repository: PlatformRepository) -> None:
        self._repository = repository

    def put(self, record: BackupRecord) -> None:
        self._repository.put(CATALOGUE_PARTITION, (record.backup_id,), record.to_attributes())

    def get(self, backup_id: str) -> BackupRecord:
        item = self._repository.get(CATALOGUE_PARTITION, (backup_id,))
        if item is None:
            raise NotFound("No backup with this id.", backup_id=backup_id)
        return BackupRecord.from_attributes(item)

    def records(self) -> list[BackupRecord]:
        """Every record, oldest first (ids begin with the export time)."""
        items = self._repository.query_all(CATALOGUE_PARTITION, page_size=100)
        return [BackupRecord.from_attributes(item) for item in items]

    def delete(self, backup_id: str) -> None:
        self._repository.delete(CATALOGUE_PARTITION, (backup_id,))
