"""The environment put back after each of the ``footprint`` command's tests (the command records
what it found there)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def restored_environment() -> Iterator[None]:
    """The command sets what it found (table, endpoint) in the environment: undo it."""
    saved = dict(os.environ)
    yield
    os.environ.clear()
    os.environ.update(saved)
