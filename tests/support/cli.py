"""What the ``footprint`` command's tests share: the tenant command and activity files."""

from __future__ import annotations

import csv
from pathlib import Path

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
