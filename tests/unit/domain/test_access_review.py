"""The access reviews' calendar, decision rules and evidence, as pure functions."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest

from footprint.domain.access_review import (
    EXPORT_COLUMNS,
    Decision,
    ReviewStatus,
    check_decision,
    deadlines,
    export_csv,
    overdue_message,
    quarter_of,
    review_id_for,
    status_after,
)
from footprint.domain.errors import Conflict, Forbidden, InvalidInput
from footprint.domain.ids import valid_id


@pytest.mark.parametrize(
    ("moment", "quarter"),
    [
        ("2026-01-01T00:00:00", "2026-q1"),
        ("2026-03-31T23:59:59", "2026-q1"),
        ("2026-04-01T00:00:00", "2026-q2"),
        ("2026-09-30T12:00:00", "2026-q3"),
        ("2026-12-31T23:59:59", "2026-q4"),
    ],
)
def test_a_review_is_named_by_its_quarter_and_tenant(moment: str, quarter: str) -> None:
    assert quarter_of(datetime.fromisoformat(moment).replace(tzinfo=UTC)) == quarter
    assert review_id_for(quarter, "t-0123456789abcdef") == f"{quarter}-t-0123456789abcdef"
    assert valid_id(review_id_for(quarter, "t-0123456789abcdef"))


def test_the_reminder_comes_at_seven_days_and_the_deadline_at_fourteen() -> None:
    opened = datetime(2026, 10, 1, tzinfo=UTC)
    assert deadlines(opened) == (opened + timedelta(days=7), opened + timedelta(days=14))


def test_nobody_decides_their_own_item() -> None:
    for decision in Decision:
        with pytest.raises(Forbidden):
            check_decision(
                reviewer_id="u-a", subject_id="u-a", decided=False, decision=decision, reason="x"
            )


def test_an_item_is_decided_once_and_a_revocation_says_why() -> None:
    with pytest.raises(Conflict):
        check_decision(
            reviewer_id="u-a", subject_id="u-b", decided=True, decision=Decision.ATTEST, reason=""
        )
    with pytest.raises(InvalidInput):
        check_decision(
            reviewer_id="u-a", subject_id="u-b", decided=False, decision=Decision.REVOKE, reason=" "
        )
    assert (
        check_decision(
            reviewer_id="u-a",
            subject_id="u-b",
            decided=False,
            decision=Decision.REVOKE,
            reason=" left ",
        )
        == "left"
    )


def test_the_status_follows_the_decided_count() -> None:
    assert status_after(1, 2, overdue=False) is ReviewStatus.OPEN
    assert status_after(1, 2, overdue=True) is ReviewStatus.OVERDUE
    assert status_after(2, 2, overdue=True) is ReviewStatus.COMPLETED


REVIEW = {
    "review_id": "2026-q4-t-1",
    "quarter": "2026-q4",
    "tenant_id": "t-1",
    "opened_at": "o",
    "due_at": "d",
}
ITEMS = [
    {"item_id": "u-2", "kind": "user", "email": "=cmd|' /C calc'!A0", "mfa_enabled": False},
    {
        "item_id": "u-1",
        "kind": "user",
        "email": "a@x.example",
        "mfa_enabled": True,
        "decision": "attest",
        "decided_by": "u-9",
        "decided_at": "2026-10-02T00:00:00.000000Z",
    },
]


def test_the_export_is_one_row_per_item_in_item_order_with_formulas_neutralised() -> None:
    body = export_csv(REVIEW, ITEMS)
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8"))))
    assert list(rows[0]) == list(EXPORT_COLUMNS)
    assert [row["item_id"] for row in rows] == ["u-1", "u-2"]
    assert rows[0]["decision"] == "attest"
    assert rows[0]["decided_by"] == "u-9"
    assert rows[0]["mfa_enabled"] == "true"
    assert rows[1]["email"].startswith("'=")
    assert all(row["review_id"] == "2026-q4-t-1" for row in rows)
    assert all(row["quarter"] == "2026-q4" for row in rows)
    assert export_csv(REVIEW, list(reversed(ITEMS))) == body  # same evidence, same bytes


def test_the_overdue_message_lists_each_undecided_item() -> None:
    text = overdue_message("t-1", "2026-q4", "2026-10-15", ITEMS)
    assert "t-1" in text
    assert "2026-q4" in text
    assert "- u-1: a@x.example" in text
    assert "- u-2:" in text
