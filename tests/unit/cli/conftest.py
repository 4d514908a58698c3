"""What the ``footprint`` command's tests share: an activity file, the tenant command, and the
environment put back after each test (the command records what it found there)."""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from footprint.domain.activity import COLUMNS

CREATE = ["tenant", "create", "--name", "Acme", "--admin-email", "ops@acme.example"]

# A month of natural gas at one plant: a row every activity file may hold.
GAS_ROW = {
    "facility": "Plant 1",
    "period_start": "2025-01-01",
    "period_end": "2025-01-31",
    "category": "stationary_combustion",
    "activity": "natural_gas",
    "quantity": "100",
    "unit": "mmBtu",
    "region": "US",
}


def write_activity(path: Path, records: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(records)
    return path


@pytest.fixture(autouse=True)
def restored_environment() -> Iterator[None]:
    """The command sets what it found (table, endpoint) in the environment: undo it."""
    saved = dict(os.environ)
    yield
    os.environ.clear()
    os.environ.update(saved)
