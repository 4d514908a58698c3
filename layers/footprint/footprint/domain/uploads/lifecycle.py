"""An upload's lifecycle: its statuses, and which status may follow which.

``pending`` (a presigned URL was issued) → ``received`` → ``validating`` → ``calculating`` →
``completed``; or ``rejected`` (row errors or personal data), ``failed`` (with a public
reason; a re-run of the same calculation may resume it), ``duplicate`` (the content of an
earlier upload arrived by presigned URL). A recalculation takes a completed or failed upload
back to ``received`` with a new calculation id.

Status moves forward only: a workflow step names the status it moves the upload to, and
may do so only from one of that status's predecessors. Finding the upload at the target
already is a repeated step, which changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType


class Status(StrEnum):
    PENDING = "pending"
    RECEIVED = "received"
    VALIDATING = "validating"
    CALCULATING = "calculating"
    COMPLETED = "completed"
    FAILED = "failed"
    REJECTED = "rejected"
    DUPLICATE = "duplicate"


# For each status a step moves an upload to, the statuses it may move it from.
PREDECESSORS: Mapping[Status, frozenset[Status]] = MappingProxyType(
    {
        Status.RECEIVED: frozenset({Status.PENDING}),
        Status.VALIDATING: frozenset({Status.RECEIVED, Status.FAILED}),
        Status.CALCULATING: frozenset({Status.VALIDATING, Status.FAILED}),
        Status.COMPLETED: frozenset({Status.CALCULATING}),
        Status.REJECTED: frozenset({Status.VALIDATING, Status.CALCULATING}),
        Status.FAILED: frozenset({Status.RECEIVED, Status.VALIDATING, Status.CALCULATING}),
        Status.DUPLICATE: frozenset({Status.PENDING}),
    }
)
# What a recalculation may start from: a published result, or a failed attempt at one.
RECALCULABLE = frozenset({Status.COMPLETED, Status.FAILED})
# An upload in one of these holds no content: its content is in no total, and a URL never
# used must not block the file's next upload, so a later upload of it is no duplicate.
HOLDS_NO_CONTENT = frozenset({Status.FAILED, Status.PENDING, Status.DUPLICATE})


def may_follow(current: Status, target: Status) -> bool:
    """Whether a step may move an upload at ``current`` to ``target`` (a repeat is not a
    move: it is answered with the upload as it is)."""
    return current in PREDECESSORS.get(target, frozenset())


def holds_content(status: Status) -> bool:
    """Whether an upload at ``status`` makes a later upload of its content a duplicate."""
    return status not in HOLDS_NO_CONTENT


def recalculable(status: Status) -> bool:
    return status in RECALCULABLE
