"""Integration tests drive a real local platform (``python -m local``) over HTTP with httpx.

One platform serves the whole session; tests that need a platform of their own (injected
faults) start one with ``local.running.start_platform``.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from local.running import RunningPlatform, start_platform


@pytest.fixture(scope="session")
def platform() -> Iterator[RunningPlatform]:
    running = start_platform()
    yield running
    running.stop()


@pytest.fixture
def client(platform: RunningPlatform) -> Iterator[httpx.Client]:
    with platform.client() as http:
        yield http
