"""The emissions-weighted data-quality score: kept in the aggregates as score x CO2e and the
CO2e scored, summed exactly-once like the other sums, and read by the summary per scope and
per category; aggregates from before lines were scored read as unscored."""

from __future__ import annotations

from typing import Any

from footprint.domain.inventory import (
    Aggregates,
    SummedAggregates,
    summarise,
    summary_dimensions,
)
from tests.support.inventory import line, summed


def _scored(score: int, **overrides: Any) -> dict[str, Any]:
    return {**line(**overrides), "quality": {"score": score, "reasons": []}}


def _by_key(summary: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {group["key"]: group for group in summary["groups"]}


def test_the_weighted_score_worked_by_hand_per_scope_and_per_category() -> None:
    aggregates = Aggregates()
    # Scope 1: 1,000 kg at score 2 and 3,000 kg at score 4 (AR5).
    aggregates.add_line(_scored(2), {"AR5": 1000.0}, None)
    aggregates.add_line(_scored(4, category="mobile_combustion"), {"AR5": 3000.0}, None)
    # Scope 2: 2,000 kg at score 3.
    electricity = _scored(3, category="electricity", scope=2, market_based_co2e_kg=0.0)
    aggregates.add_line(electricity, {"AR5": 2000.0}, None)
    by_scope = summarise(summed(aggregates), "scope", "AR5")
    # (2 x 1000 + 4 x 3000) / 4000 = 14000 / 4000 = 3.5; Scope 2 alone 3.0;
    # all: (2000 + 12000 + 6000) / 6000 = 20000 / 6000.
    assert _by_key(by_scope)["scope-1"]["quality_score"] == 3.5
    assert _by_key(by_scope)["scope-2"]["quality_score"] == 3.0
    assert by_scope["totals"]["quality_score"] == 20000.0 / 6000.0
    assert by_scope["totals"]["quality_coverage"] == 1.0
    by_category = _by_key(summarise(summed(aggregates), "category", "AR5"))
    assert by_category["stationary_combustion"]["quality_score"] == 2.0
    assert by_category["mobile_combustion"]["quality_score"] == 4.0
    assert by_category["electricity"]["quality_score"] == 3.0


def test_a_line_spanning_months_weighs_its_score_by_its_share_in_each() -> None:
    aggregates = Aggregates()
    # 31 days in January, 28 in February (2025): the score stays 2 in each month.
    aggregates.add_line(
        _scored(2, period_start="2025-01-01", period_end="2025-02-28"), {"AR5": 590.0}, None
    )
    months = _by_key(summarise(summed(aggregates), "month", "AR5"))
    assert months["2025-01"]["co2e_kg"] == 310.0
    assert months["2025-01"]["quality_score"] == 2.0
    assert months["2025-02"]["quality_score"] == 2.0


def test_parts_add_up_to_one_weighted_score() -> None:
    first, second = Aggregates(), Aggregates()
    first.add_line(_scored(5), {"AR5": 100.0}, None)
    second.add_line(_scored(1, facility="B"), {"AR5": 300.0}, None)
    both = SummedAggregates.of_tables([first.to_table(), second.to_table()])
    # (5 x 100 + 1 x 300) / 400 = 800 / 400 = 2.0
    assert summarise(both, "scope", "AR5")["totals"]["quality_score"] == 2.0


def test_aggregates_from_before_scores_read_as_unscored() -> None:
    old = Aggregates()
    old.add_line(line(), {"AR5": 300.0}, None)  # no "quality": stored before scoring
    alone = summarise(summed(old), "scope", "AR5")
    assert alone["totals"]["quality_score"] is None
    assert alone["totals"]["quality_coverage"] == 0.0
    new = Aggregates()
    new.add_line(_scored(2, facility="B"), {"AR5": 100.0}, None)
    mixed = summarise(SummedAggregates.of_tables([old.to_table(), new.to_table()]), "scope", "AR5")
    # The score covers the scored 100 kg of 400: 2.0, over a quarter of the emissions.
    assert mixed["totals"]["quality_score"] == 2.0
    assert mixed["totals"]["quality_coverage"] == 0.25


def test_no_emissions_no_score() -> None:
    empty = summarise(summed(Aggregates()), "scope", "AR5")
    assert empty["totals"]["quality_score"] is None
    assert empty["totals"]["quality_coverage"] is None


def test_a_summary_by_category_also_answers_each_scope_s_score() -> None:
    aggregates = Aggregates()
    aggregates.add_line(_scored(2), {"AR5": 1000.0}, None)
    aggregates.add_line(_scored(4, category="mobile_combustion"), {"AR5": 3000.0}, None)
    aggregates.add_line(
        _scored(3, category="electricity", scope=2, market_based_co2e_kg=0.0), {"AR5": 10.0}, None
    )
    kept = SummedAggregates.of_tables([aggregates.to_table()], summary_dimensions("category"))
    answer = summarise(kept, "category", "AR5")
    assert answer["quality_by_scope"] == {
        "scope-1": {"quality_score": 3.5, "quality_coverage": 1.0},
        "scope-2": {"quality_score": 3.0, "quality_coverage": 1.0},
    }
