"""The inventory export table: Scope 2 on two rows, Scope 3 by category."""

from __future__ import annotations

import csv
import io

from footprint.domain.inventory import (
    EXPORT_COLUMNS,
    Aggregates,
    inventory_rows,
    to_csv,
)
from tests.support.inventory import SETS, line, summed


def test_inventory_table_lists_scope_2_twice_and_scope_3_categories() -> None:
    aggregates = Aggregates()
    aggregates.add_line(line(), SETS, None)
    aggregates.add_line(line(category="electricity", scope=2), SETS, 0.0)
    aggregates.add_line(line(category="business_travel", scope=3, ghg_category=6), SETS, None)
    rows = inventory_rows(summed(aggregates), "AR5", ("2025-01", "2025-12"), "2024")
    table = list(csv.reader(io.StringIO(to_csv(EXPORT_COLUMNS, rows))))
    assert table[0] == list(EXPORT_COLUMNS)
    scopes = [(row[0], row[1], row[10]) for row in table[1:]]
    assert scopes == [
        ("Scope 1", "", ""),
        ("Scope 2", "", "location-based"),
        ("Scope 2", "", "market-based"),
        ("Scope 3", "6", ""),
    ]
    assert table[2][3] == "0.210000"
    assert table[3][3] == "0.000000"
    assert table[1][14] == "2024"
