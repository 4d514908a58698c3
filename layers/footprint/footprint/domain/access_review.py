"""Quarterly access reviews: the calendar, the decisions and their rules, the evidence.

A review is opened once per tenant per calendar quarter (its id names the quarter and the
tenant, so a second opening finds the first, and no two tenants' reviews share an id), lists
every person with access as an item, and is due 14 days after it opens, with a reminder at
7. Reviewers ``attest`` (the access stays) or ``revoke`` (it ends at once) each item; nobody
decides their own item, so a sole admin's own access is left to the deadline's alarm, where
the platform's security staff see it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from footprint.domain.errors import Conflict, Forbidden, InvalidInput
from footprint.domain.uploads.formula import neutralise_row

DUE_AFTER = timedelta(days=14)
REMIND_AFTER = timedelta(days=7)
MAX_REASON_LENGTH = 500


class Decision(StrEnum):
    ATTEST = "attest"  # the access is right as it is
    REVOKE = "revoke"  # the access ends now


class ReviewStatus(StrEnum):
    OPEN = "open"  # items await decisions, the deadline has not passed
    COMPLETED = "completed"  # every item decided
    OVERDUE = "overdue"  # the deadline passed with items undecided (decisions still count)


def quarter_of(moment: datetime) -> str:
    """The calendar quarter ``moment`` falls in: ``2026-q4``."""
    utc = moment.astimezone(UTC)
    return f"{utc.year}-q{(utc.month - 1) // 3 + 1}"


def review_id_for(quarter: str, tenant_id: str) -> str:
    """The id of a tenant's review of ``quarter``: ``2026-q4-t-0123456789abcdef``."""
    return f"{quarter}-{tenant_id}"


def deadlines(opened: datetime) -> tuple[datetime, datetime]:
    """(reminder, deadline) of a review opened at ``opened``."""
    return opened + REMIND_AFTER, opened + DUE_AFTER


def check_decision(
    *, reviewer_id: str, subject_id: str, decided: bool, decision: Decision, reason: str
) -> str:
    """The reason to record, once the decision is allowed: not on one's own item, not twice,
    and a revocation says why. Raises Forbidden, Conflict or InvalidInput."""
    if reviewer_id == subject_id:
        raise Forbidden("Nobody may decide on their own access: another reviewer decides it.")
    if decided:
        raise Conflict("This item has been decided already.")
    cleaned = reason.strip()
    if decision is Decision.REVOKE and not cleaned:
        raise InvalidInput("A revocation needs a reason.", field="reason")
    if len(cleaned) > MAX_REASON_LENGTH:
        raise InvalidInput(
            f"The reason has at most {MAX_REASON_LENGTH} characters.", field="reason"
        )
    return cleaned


def status_after(decided: int, items: int, *, overdue: bool) -> ReviewStatus:
    """The review's status once ``decided`` of its ``items`` are decided."""
    if decided >= items:
        return ReviewStatus.COMPLETED
    return ReviewStatus.OVERDUE if overdue else ReviewStatus.OPEN


# The evidence an auditor asks for: what each person's access was, who decided, what, when.
EXPORT_COLUMNS = (
    "review_id",
    "quarter",
    "tenant_id",
    "opened_at",
    "due_at",
    "item_id",
    "kind",
    "subject_id",
    "email",
    "name",
    "role",
    "status",
    "sign_in_method",
    "last_signed_in_at",
    "mfa_enabled",
    "decision",
    "reason",
    "decided_by",
    "decided_by_email",
    "decided_at",
)


def export_csv(review: Mapping[str, Any], items: Iterable[Mapping[str, Any]]) -> bytes:
    """The review as CSV (UTF-8, CRLF), one row per item in item order; the same review gives
    the same bytes, so two exports of unchanged evidence have the same SHA-256. Cells that a
    spreadsheet would run as formulas are neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(EXPORT_COLUMNS)
    for item in sorted(items, key=lambda entry: str(entry["item_id"])):
        row = {**review, **item}
        writer.writerow(neutralise_row(_cell(row.get(column)) for column in EXPORT_COLUMNS))
    return buffer.getvalue().encode("utf-8")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def overdue_message(
    tenant_id: str, review: str, due_at: str, pending: Iterable[Mapping[str, Any]]
) -> str:
    """The security alarm's text: the review and each item nobody decided."""
    lines = [
        f"Access review {review} of tenant {tenant_id} passed its deadline ({due_at}) "
        "with these items undecided:",
    ]
    lines.extend(
        f"- {item['item_id']}: {item.get('email', '')} ({item.get('kind', '')}, role "
        f"{item.get('role', '')}, status {item.get('status', '')})"
        for item in sorted(pending, key=lambda entry: str(entry["item_id"]))
    )
    return "\n".join(lines)
