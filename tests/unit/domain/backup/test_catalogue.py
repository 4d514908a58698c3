"""Catalogue records: ids that sort by time, a faithful round trip, retention."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from footprint.domain.backup.catalogue import BackupRecord, backup_id, export_id
from footprint.domain.backup.checksum import fingerprint

ARN = "arn:aws:dynamodb:us-east-2:123456789012:table/t/export/01764126000000-a1b2c3d4"
WHEN = datetime(2026, 11, 26, 3, 0, 7, tzinfo=UTC)


def record(when: datetime = WHEN) -> BackupRecord:
    return BackupRecord.create(
        table_name="t",
        table_arn="arn:aws:dynamodb:us-east-2:123456789012:table/t",
        export_arn=ARN,
        bucket="b",
        prefix="dynamodb/t/x",
        layout="aws",
        export_time=when,
        retention_days=365,
        fingerprint=fingerprint([{"pk": {"S": "a"}}]),
        table_schema={"KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}]},
    )


def test_ids_name_the_export_and_sort_by_time() -> None:
    assert export_id(ARN) == "01764126000000-a1b2c3d4"
    assert backup_id(WHEN, ARN) == "20261126T030007Z-01764126000000-a1b2c3d4"
    later = record(WHEN + timedelta(days=1))
    assert sorted([later.backup_id, record().backup_id]) == [record().backup_id, later.backup_id]


def test_a_record_survives_the_round_trip_through_attributes() -> None:
    original = record()
    assert BackupRecord.from_attributes(original.to_attributes()) == original


def test_retention_ends_after_the_retention_days() -> None:
    entry = record()
    assert entry.retain_until == WHEN + timedelta(days=365)
    assert not entry.expired(WHEN + timedelta(days=364))
    assert entry.expired(WHEN + timedelta(days=365))
