"""What an audit event keeps of its caller's address after the retention period, and when
that period ends."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from footprint.domain import audit_ip


@pytest.mark.parametrize(
    ("source", "kept"),
    [
        ("192.0.2.77", "192.0.2.0"),
        ("198.51.100.255", "198.51.100.0"),
        ("2001:db8:7:1::5", "2001:db8:7::"),
        ("2001:0db8:00ab:ffff:0000:0000:0000:0001", "2001:db8:ab::"),
        ("::ffff:203.0.113.9", "203.0.113.0"),
    ],
)
def test_an_address_keeps_its_24_or_48(source: str, kept: str) -> None:
    assert audit_ip.retained(source) == kept
    assert audit_ip.is_full(source)


@pytest.mark.parametrize(
    "source", ["192.0.2.0", "2001:db8:7::", "operator-cli", "access-review-workflow", ""]
)
def test_a_truncated_address_or_a_name_is_kept_as_it_is(source: str) -> None:
    """Truncating is a fixed point: what the job wrote is not work for its next run."""
    assert audit_ip.retained(source) == source
    assert not audit_ip.is_full(source)


@pytest.mark.parametrize(
    ("now", "cutoff"),
    [
        ("2026-12-06T01:30:00.000000Z", "2025-11-06T01:30:00.000000Z"),
        ("2026-01-15T00:00:00.000000Z", "2024-12-15T00:00:00.000000Z"),
        # 13 months before 31 March 2026 is February 2025, which ends on the 28th.
        ("2026-03-31T12:00:00.000000Z", "2025-02-28T12:00:00.000000Z"),
        ("2025-03-31T12:00:00.000000Z", "2024-02-29T12:00:00.000000Z"),
    ],
)
def test_the_cutoff_is_13_calendar_months_back(now: str, cutoff: str) -> None:
    moment = datetime.strptime(now, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC).timestamp()
    assert audit_ip.cutoff(moment) == cutoff


def test_a_digest_depends_on_the_key_the_log_and_the_address() -> None:
    digest = audit_ip.digest(b"key", "t-one", "192.0.2.77")
    assert len(digest) == 64
    assert digest == audit_ip.digest(b"key", "t-one", "192.0.2.77")
    assert digest != audit_ip.digest(b"another key", "t-one", "192.0.2.77")
    assert digest != audit_ip.digest(b"key", "t-two", "192.0.2.77")
    assert digest != audit_ip.digest(b"key", "t-one", "192.0.2.78")
    with pytest.raises(ValueError, match="empty"):
        audit_ip.digest(b"", "t-one", "192.0.2.77")
