"""Data-quality scores: one worked case per rule of the table, through the calculator (so the
plan's facts are the ones the rules read), and the table's own limits."""

from __future__ import annotations

from typing import Any

import pytest

from footprint.domain.calculator import Calculator
from footprint.domain.factors import default_library
from footprint.domain.quality import (
    MAX_SCORE,
    RULES,
    LineFacts,
    score,
    weighted_score,
)
from tests.support.activity_2024 import record_2024


def _line(**fields: Any) -> dict[str, Any]:
    """The line of 100 mmBtu of natural gas in 2024 (US), with ``fields`` changed."""
    record = record_2024(**{"quantity": "100", **fields})
    return Calculator(default_library(), "AR5").calculate(record).to_dict()


def _rules(line: dict[str, Any]) -> list[str]:
    return [reason["rule"] for reason in line["quality"]["reasons"]]


def test_metered_fuel_with_the_factor_in_force_scores_2() -> None:
    line = _line()
    assert line["quality"]["score"] == 2
    assert _rules(line) == ["physical_activity"]
    # The line carries it, and so does its provenance.
    assert line["provenance"]["quality"] == line["quality"]


def test_a_supplier_specific_electricity_rate_scores_1() -> None:
    line = _line(
        category="electricity", activity="grid", unit="MWh", region="CAMX", supplier_factor="200"
    )
    assert (line["quality"]["score"], _rules(line)) == (1, ["supplier_specific"])


def test_electricity_without_instrument_falls_back_to_location_based_and_scores_3() -> None:
    line = _line(category="electricity", activity="grid", unit="MWh", region="CAMX")
    assert (line["quality"]["score"], _rules(line)) == (
        3,
        ["physical_activity", "location_for_market"],
    )


def test_spend_based_scores_4_worse_than_metered_data() -> None:
    line = _line(
        category="purchased_goods_services",
        activity=_a_spend_activity(),
        unit="USD_2022",
        period_start="2022-01-01",
        period_end="2022-12-31",
    )
    assert (line["quality"]["score"], _rules(line)) == (4, ["spend_based"])
    assert line["quality"]["score"] > _line()["quality"]["score"]


def test_a_factor_from_an_edition_older_than_the_activity_year_adds_1() -> None:
    line = _line(period_start="2026-01-01", period_end="2026-12-31")
    assert line["provenance"]["factors"][0]["edition"] == "2025"
    assert (line["quality"]["score"], _rules(line)) == (3, ["physical_activity", "older_edition"])


def test_the_earliest_edition_as_a_fallback_adds_1() -> None:
    line = _line(period_start="2020-01-01", period_end="2020-12-31")
    assert line["provenance"]["factors"][0]["edition"] == "2024"
    assert (line["quality"]["score"], _rules(line)) == (
        3,
        ["physical_activity", "earliest_edition"],
    )


def test_a_us_wide_factor_for_an_egrid_subregion_adds_1() -> None:
    line = _line(region="CAMX")
    assert line["provenance"]["factors"][0]["region"] == "US"
    assert (line["quality"]["score"], _rules(line)) == (3, ["physical_activity", "wider_region"])


def test_a_model_year_newer_than_the_table_adds_1() -> None:
    line = _line(
        category="mobile_combustion",
        activity="passenger_cars.gasoline",
        quantity="100",
        unit="gal",
        distance="2000",
        distance_unit="mile",
        vehicle_model_year="2024",
    )
    assert (line["quality"]["score"], _rules(line)) == (
        3,
        ["physical_activity", "model_year_fallback"],
    )


def test_a_refrigerant_scores_as_physical_activity_data() -> None:
    line = _line(category="refrigerants", activity="R-410A", unit="kg", region="")
    assert (line["quality"]["score"], _rules(line)) == (2, ["physical_activity"])


def test_points_add_up_to_at_most_5() -> None:
    facts = LineFacts(
        spend_based=True, edition_basis="older", wider_region=True, model_year_fallback=True
    )
    assert sum(reason["points"] for reason in score(facts)["reasons"]) == 7
    assert score(facts)["score"] == MAX_SCORE


def test_every_rule_names_its_indicator_and_the_spirit_it_follows() -> None:
    indicators = {"technological", "temporal", "geographical", "completeness", "reliability"}
    assert len({rule.id for rule in RULES}) == len(RULES)
    for rule in RULES:
        assert rule.indicator in indicators
        assert "GHG Protocol" in rule.spirit or "PCAF" in rule.spirit


@pytest.mark.parametrize(
    ("weighted", "weight", "expected"),
    [(11000.0, 4000.0, 2.75), (None, None, None), (0.0, 0.0, None)],
)
def test_the_weighted_score_is_the_score_times_co2e_over_the_co2e_scored(
    weighted: float | None, weight: float | None, expected: float | None
) -> None:
    assert weighted_score(weighted, weight) == expected


def _a_spend_activity() -> str:
    return default_library().activities("purchased_goods_services", "US")[0]
