"""A clock the tests move by hand (TOTP steps, lock and token expiry)."""

from __future__ import annotations

import time

import pytest


class Clock:
    """identity.clock.now, moved by tests (TOTP steps, lock expiry)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.now = time.time()
        monkeypatch.setattr("footprint.identity.clock.now", lambda: self.now)

    def advance(self, seconds: float) -> None:
        self.now += seconds
