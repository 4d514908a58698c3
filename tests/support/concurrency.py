"""Requests in flight at once: threads started together, and a call held until a burst has
reached it."""

from __future__ import annotations

import contextlib
import importlib
import threading
from collections.abc import Callable
from typing import Any

import pytest


def at_once(count: int, call: Callable[[int], object]) -> list[object]:
    """Run ``call(0..count-1)`` in ``count`` threads started together; answers each one's
    result or the exception it raised, in order."""
    start = threading.Barrier(count)
    results: list[object] = [None] * count

    def run(index: int) -> None:
        start.wait()
        try:
            results[index] = call(index)
        except Exception as error:
            results[index] = error

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def hold(monkeypatch: pytest.MonkeyPatch, target: str, parties: int) -> list[object]:
    """Replace the function at ``target`` by one that waits (up to a second) until
    ``parties`` callers have reached it, then calls it: every request that gets that far in
    a burst is in flight at once. Answers the list of calls, one entry each."""
    module_name, _, name = target.rpartition(".")
    module = importlib.import_module(module_name)
    real = getattr(module, name)
    gate = threading.Barrier(parties, timeout=1.0)
    calls: list[object] = []

    def held(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        # Fewer callers than parties: they go on after the timeout.
        with contextlib.suppress(threading.BrokenBarrierError):
            gate.wait()
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, held)
    return calls
