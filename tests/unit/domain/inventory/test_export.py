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


def test_each_row_carries_its_weighted_quality_score_and_coverage() -> None:
    aggregates = Aggregates()
    # Scope 1 stationary: 1,000 kg at score 2 and 3,000 kg at 4; 1,000 kg from an aggregate
    # kept before scoring (no "quality"). Scope 2 electricity: 500 kg at 3.
    aggregates.add_line({**line(), "quality": {"score": 2, "reasons": []}}, {"AR5": 1000.0}, None)
    aggregates.add_line(
        {**line(facility="B"), "quality": {"score": 4, "reasons": []}}, {"AR5": 3000.0}, None
    )
    aggregates.add_line(line(facility="C"), {"AR5": 1000.0}, None)
    electricity = {**line(category="electricity", scope=2), "quality": {"score": 3, "reasons": []}}
    aggregates.add_line(electricity, {"AR5": 500.0}, 0.0)
    aggregates.add_line(line(category="business_travel", scope=3, ghg_category=6), SETS, None)
    rows = inventory_rows(summed(aggregates), "AR5", ("2025-01", "2025-12"), "2024")
    table = list(csv.DictReader(io.StringIO(to_csv(EXPORT_COLUMNS, rows))))
    cells = [
        (row["scope"], row["scope_2_method"], row["quality_score"], row["quality_coverage"])
        for row in table
    ]
    # Scope 1: (2 x 1,000 + 4 x 3,000) / 4,000 = 3.5, over 4,000 of 5,000 kg = 0.8.
    assert cells == [
        ("Scope 1", "", "3.500000", "0.800000"),
        ("Scope 2", "location-based", "3.000000", "1.000000"),
        ("Scope 2", "market-based", "3.000000", "1.000000"),
        ("Scope 3", "", "", "0.000000"),
    ]
