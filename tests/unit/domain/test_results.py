"""Stored per-line results: each line echoes the input it was calculated from."""

from __future__ import annotations

from typing import Any

from footprint.domain import results
from footprint.domain.batch import calculate_part

BASE = {"facility": "Plant 1", "period_start": "2025-01-01", "period_end": "2025-01-31"}
RECORDS: list[tuple[int, dict[str, Any]]] = [
    (
        2,
        {
            **BASE,
            "category": "stationary_combustion",
            "activity": "natural_gas",
            "quantity": "1200",
            "unit": "therm",
            "region": "US",
        },
    ),
    # Row 3 is blank in the file: rows keep the file's numbers.
    (
        4,
        {
            **BASE,
            "category": "mobile_combustion",
            "activity": "medium_and_heavy_duty_vehicles.diesel",
            "quantity": "1500",
            "unit": "gallons",
            "region": "US",
            "vehicle_model_year": "2019",
            "distance": "9000",
            "distance_unit": "km",
        },
    ),
    (5, {**BASE, "category": "refrigerants", "activity": "R-410A", "quantity": "4", "unit": "lb"}),
    (
        6,
        {
            **BASE,
            "period_start": "2022-01-01",
            "period_end": "2022-12-31",
            "category": "purchased_goods_services",
            "activity": "331110",
            "quantity": "25000",
            "unit": "USD",
            "region": "US",
        },
    ),
]
ECHOED = [
    (2, 1200.0, "therm", None, None),
    (4, 1500.0, "gal", 9000.0, "km"),
    (5, 4.0, "lb", None, None),
    (6, 25000.0, "USD", None, None),
]


def echoed(line: dict[str, Any]) -> tuple[Any, ...]:
    return (line["row"], line["quantity"], line["unit"], line["distance"], line["distance_unit"])


def test_every_line_echoes_its_row_quantity_and_units() -> None:
    outcome = calculate_part(RECORDS, "AR5")
    assert not outcome.errors
    assert [echoed(line) for line in outcome.lines()] == ECHOED


def test_lines_stored_before_plans_kept_units_take_them_from_the_unit_path() -> None:
    document = calculate_part(RECORDS, "AR5").results_document()
    for entry in document["plans"]:
        del entry["plan"]["unit"], entry["plan"]["distance_unit"]
    assert [echoed(line) for line in results.lines(document)] == ECHOED
