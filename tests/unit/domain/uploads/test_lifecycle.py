"""The upload lifecycle: which status may follow which, what holds content, what may be
recalculated."""

from __future__ import annotations

import itertools

import pytest

from footprint.domain.uploads.lifecycle import (
    PREDECESSORS,
    Status,
    holds_content,
    may_follow,
    recalculable,
)

S = Status
# Every step of the workflow, as (from, to); nothing else may happen.
STEPS = {
    (S.PENDING, S.RECEIVED),
    (S.PENDING, S.DUPLICATE),
    (S.RECEIVED, S.VALIDATING),
    (S.RECEIVED, S.FAILED),
    (S.VALIDATING, S.CALCULATING),
    (S.VALIDATING, S.REJECTED),
    (S.VALIDATING, S.FAILED),
    (S.CALCULATING, S.COMPLETED),
    (S.CALCULATING, S.REJECTED),
    (S.CALCULATING, S.FAILED),
    (S.FAILED, S.VALIDATING),  # the same calculation run again resumes
    (S.FAILED, S.CALCULATING),
}


@pytest.mark.parametrize(("current", "target"), sorted(itertools.product(S, S)))
def test_a_status_may_follow_exactly_the_workflow_s_steps(current: Status, target: Status) -> None:
    assert may_follow(current, target) is ((current, target) in STEPS)


def test_nothing_leads_back_to_pending_and_completed_comes_from_calculating_only() -> None:
    assert not any(may_follow(status, S.PENDING) for status in S)
    assert PREDECESSORS[S.COMPLETED] == {S.CALCULATING}


def test_no_step_repeats_itself() -> None:
    # A repeated step is answered with the upload as it is, never written again.
    assert not any(may_follow(status, status) for status in S)


def test_the_main_path_runs_forward_only() -> None:
    path = [S.PENDING, S.RECEIVED, S.VALIDATING, S.CALCULATING, S.COMPLETED]
    for earlier, later in itertools.combinations(path, 2):
        assert not may_follow(later, earlier), (later, earlier)


@pytest.mark.parametrize("status", list(S))
def test_content_is_held_by_an_upload_that_counts_or_may_yet_count(status: Status) -> None:
    expected = status not in {S.PENDING, S.FAILED, S.DUPLICATE}
    assert holds_content(status) is expected


@pytest.mark.parametrize("status", list(S))
def test_only_a_completed_or_failed_upload_is_recalculated(status: Status) -> None:
    assert recalculable(status) is (status in {S.COMPLETED, S.FAILED})
