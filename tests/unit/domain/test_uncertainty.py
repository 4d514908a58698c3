"""Uncertainty ranges by IPCC Approach 1, worked by hand; the published defaults' table."""

from __future__ import annotations

import math
from typing import Any

import pytest

from footprint.domain.factors import CATEGORIES
from footprint.domain.uncertainty import (
    NO_DEFAULT,
    CategoryDefault,
    Part,
    defaults,
    line_range,
    parse_defaults,
    product_pct,
    sum_half_width,
    total_range,
)

# Test inputs (not published numbers): a category with both parts, one with the factor missing.
TABLE = {
    "stationary_combustion": CategoryDefault(Part(3.0, "test activity"), Part(4.0, "test factor")),
    "electricity": CategoryDefault(Part(5.0, "test activity"), None, "no published default x"),
}


def test_a_product_combines_percentages_as_the_root_of_their_squares() -> None:
    # Equation 3.1: activity ±3 % and factor ±4 % give ±5 %.
    assert product_pct([3.0, 4.0]) == pytest.approx(5.0)
    assert product_pct([10.0]) == pytest.approx(10.0)


def test_a_sum_combines_absolute_half_widths_as_the_root_of_their_squares() -> None:
    # 100 t ±10 % (±10 t) and 50 t ±20 % (±10 t): 150 t ± sqrt(10² + 10²) = 14.142 t.
    assert sum_half_width([10.0, 10.0]) == pytest.approx(14.142135623730951)
    ranged = total_range(150.0, 150.0, 10.0**2 + 10.0**2)["uncertainty"]
    assert ranged["half_width_kg"] == pytest.approx(math.sqrt(200.0))
    assert ranged["half_width_pct"] == pytest.approx(100.0 * math.sqrt(200.0) / 150.0)  # 9.43
    assert (ranged["low_kg"], ranged["high_kg"]) == pytest.approx((135.858, 164.142), abs=1e-3)
    assert ranged["not_covered_co2e_kg"] == 0.0


def test_a_total_says_how_much_of_it_no_range_covers() -> None:
    ranged = total_range(200.0, 150.0, 200.0)["uncertainty"]
    assert ranged["covered_co2e_kg"] == 150.0
    assert ranged["not_covered_co2e_kg"] == 50.0
    assert ranged["half_width_pct"] == pytest.approx(100.0 * math.sqrt(200.0) / 150.0)


def test_a_total_none_of_whose_lines_carries_a_range_has_none() -> None:
    assert total_range(200.0, 0.0, 0.0) == {
        "uncertainty": None,
        "uncertainty_reason": NO_DEFAULT,
    }


def test_a_line_s_range_is_its_co2e_times_the_combined_percentage() -> None:
    found = line_range("stationary_combustion", 200.0, TABLE)
    assert found["uncertainty_reason"] is None
    ranged = found["uncertainty"]
    assert ranged["half_width_pct"] == pytest.approx(5.0)
    assert ranged["half_width_kg"] == pytest.approx(10.0)
    assert (ranged["low_kg"], ranged["high_kg"]) == pytest.approx((190.0, 210.0))
    assert (ranged["activity_source"], ranged["factor_source"]) == ("test activity", "test factor")


def test_a_category_without_a_default_for_one_part_carries_no_range_and_says_so() -> None:
    assert line_range("electricity", 200.0, TABLE) == {
        "uncertainty": None,
        "uncertainty_reason": "no published default x",
    }
    assert line_range("waste", 200.0, TABLE) == {
        "uncertainty": None,
        "uncertainty_reason": NO_DEFAULT,
    }


def test_the_reason_names_the_missing_parts() -> None:
    parsed = parse_defaults(
        {
            "categories": {
                "waste": {"activity": None, "factor": None},
                "refrigerants": {
                    "activity": {"half_width_pct": 2.0, "source": "s"},
                    "factor": None,
                    "reason": "why",
                },
                "electricity": {
                    "activity": {"half_width_pct": 3.0, "source": "a"},
                    "factor": {"half_width_pct": 4.0, "source": "b"},
                },
            }
        }
    )
    assert parsed["waste"].relative_pct is None
    assert (
        parsed["waste"].reason == f"{NO_DEFAULT} for the activity data and the factor uncertainty"
    )
    assert parsed["refrigerants"].reason == f"{NO_DEFAULT} for the factor uncertainty: why"
    assert parsed["electricity"].relative_pct == pytest.approx(5.0)


def test_the_published_table_names_every_category_and_cites_every_number() -> None:
    table = defaults()
    assert set(table) == set(CATEGORIES)
    for name, entry in table.items():
        for part in (entry.activity, entry.factor):
            if part is not None:
                assert 0.0 < part.half_width_pct < 100.0, name
                assert len(part.source) > 40, name  # a citation, not a label
        if entry.relative_pct is None:
            # The generic reason, then what was searched for this category.
            assert entry.reason.startswith(f"{NO_DEFAULT} for the "), name
            assert len(entry.reason.partition(" uncertainty: ")[2]) > 40, name
            assert line_range(name, 100.0)["uncertainty"] is None


def _gas_line() -> dict[str, Any]:
    from footprint.domain.batch import calculators

    return (
        calculators()["AR5"]
        .calculate(
            {
                "facility": "Plant 1",
                "period_start": "2025-01-01",
                "period_end": "2025-01-31",
                "category": "stationary_combustion",
                "activity": "natural_gas",
                "quantity": "10",
                "unit": "mmBtu",
                "region": "US",
            }
        )
        .to_dict()
    )


def test_a_calculated_line_carries_its_range_when_its_category_has_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from footprint.domain import uncertainty

    monkeypatch.setattr(uncertainty, "defaults", lambda: TABLE)
    line = _gas_line()
    assert line["uncertainty_reason"] is None
    assert line["uncertainty"]["half_width_kg"] == pytest.approx(0.05 * line["co2e_kg"])


def test_a_calculated_line_under_the_published_table_says_why_it_has_no_range() -> None:
    line = _gas_line()
    assert line["uncertainty"] is None
    assert str(line["uncertainty_reason"]).startswith(
        f"{NO_DEFAULT} for the activity data and the factor uncertainty"
    )
