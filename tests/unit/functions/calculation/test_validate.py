"""The validate step writes parts beside its split: every write is done, or its failure
raised, by the time the step goes on."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from functools import partial

import pytest

from fp_calculation.validate import _writing_parts


def write_all(count: int, write_part: Callable[[int], None], then: Exception | None = None) -> None:
    """Write parts ``0..count-1`` beside a split that may then fail with ``then``."""
    with _writing_parts() as write:
        for index in range(count):
            write(partial(write_part, index))
        if then is not None:
            raise then


def test_every_part_write_has_finished_when_the_block_ends() -> None:
    done: list[int] = []
    lock = threading.Lock()

    def slow_write(index: int) -> None:
        time.sleep(0.01 * (index % 3))
        with lock:
            done.append(index)

    write_all(20, slow_write)
    assert sorted(done) == list(range(20))


def test_a_failed_write_is_raised_and_the_others_still_finish() -> None:
    done: list[int] = []

    def write_part(index: int) -> None:
        if index == 2:
            time.sleep(0.05)
            raise OSError("the PUT failed")
        done.append(index)

    with pytest.raises(OSError, match="the PUT failed"):
        write_all(5, write_part)
    assert sorted(done) == [0, 1, 3, 4]


def test_an_error_of_the_split_waits_for_the_writes_begun() -> None:
    done: list[int] = []

    def write_part(index: int) -> None:
        time.sleep(0.05)
        done.append(index)

    with pytest.raises(ValueError, match="a bad row"):
        write_all(3, write_part, then=ValueError("a bad row"))
    assert sorted(done) == [0, 1, 2]
