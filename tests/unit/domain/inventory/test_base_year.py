"""Base-year figures and the threshold trigger, worked by hand: an upload that moves the base
year by 6 % against a 5 % threshold calls for a recalculation, one that moves it by 4 % does
not; a new factor edition names the editions that changed."""

from __future__ import annotations

import pytest

from footprint.domain.inventory import INVENTORY_DIMENSIONS, Aggregates, SummedAggregates
from footprint.domain.inventory.base_year import (
    ScopeFigures,
    Source,
    beside_export,
    category_rows,
    change_pct,
    check,
    figures_by_reporting_year,
    figures_of,
)
from footprint.domain.inventory.export import EXPORT_COLUMNS, inventory_rows
from tests.support.inventory import SETS, line, summed

EPA_2024 = "US EPA, GHG Emission Factors Hub 2024"
EPA_2025 = "US EPA, GHG Emission Factors Hub 2025"


def _source(upload_id: str, kilograms: float, calculation_id: str = "c1", *editions: str) -> Source:
    """A calculation of ``kilograms`` of Scope 1 under every set."""
    figures = dict.fromkeys(("AR4", "AR5", "AR6"), ScopeFigures(scope_1=kilograms))
    return Source(upload_id, calculation_id, editions or (EPA_2024,), figures)


BASE = [_source("a", 600.0), _source("b", 400.0)]  # 1000 kg in the base year


def test_the_figures_keep_each_scope_and_scope_2_both_ways_under_every_set() -> None:
    aggregates = Aggregates()
    aggregates.add_line(line(), SETS, None)  # Scope 1: 200, 210, 220
    grid = line(category="electricity", scope=2, market_based_co2e_kg=9.0)
    aggregates.add_line(grid, {"AR4": 50.0, "AR5": 51.0, "AR6": 52.0}, 9.0)
    travel = line(category="business_travel", scope=3, ghg_category=6)
    aggregates.add_line(travel, {"AR4": 5.0, "AR5": 6.0, "AR6": 7.0}, None)
    ar6 = figures_of(summed(aggregates))["AR6"]
    assert ar6 == ScopeFigures(
        scope_1=220.0, scope_2_location=52.0, scope_2_market=9.0, scope_3=7.0
    )
    assert (ar6.total_location, ar6.total_market) == (279.0, 236.0)
    assert figures_of(summed(aggregates))["AR4"].total_location == 255.0


def test_an_upload_adding_6_percent_against_a_5_percent_threshold_calls_for_recalculation() -> None:
    verdict = check(BASE, [*BASE, _source("c", 60.0)], 5.0, "AR5")
    assert verdict.recalculation_needed
    ar5 = next(c for c in verdict.changes if (c.gwp_set, c.method) == ("AR5", "location"))
    assert (ar5.old_co2e_kg, ar5.new_co2e_kg) == (1000.0, 1060.0)
    assert ar5.change_pct == pytest.approx(6.0)
    (cause,) = verdict.causes
    assert (cause.kind, cause.upload_id, cause.old_co2e_kg, cause.new_co2e_kg) == (
        "upload_published",
        "c",
        0.0,
        60.0,
    )
    assert cause.change_of_base_year_pct == pytest.approx(6.0)


def test_an_upload_adding_4_percent_does_not() -> None:
    verdict = check(BASE, [*BASE, _source("c", 40.0)], 5.0, "AR5")
    assert not verdict.recalculation_needed
    assert [cause.upload_id for cause in verdict.causes] == ["c"]  # named all the same


def test_exactly_the_threshold_is_not_more_than_it() -> None:
    assert not check(BASE, [*BASE, _source("c", 50.0)], 5.0, "AR5").recalculation_needed
    assert check(BASE, [*BASE, _source("c", 50.0)], 4.99, "AR5").recalculation_needed


def test_a_withdrawn_upload_lowers_the_base_year() -> None:
    verdict = check(BASE, [BASE[0]], 5.0, "AR5")  # b (400 kg) replaced or deleted: -40 %
    assert verdict.recalculation_needed
    (cause,) = verdict.causes
    assert (cause.kind, cause.upload_id, cause.new_calculation_id) == (
        "upload_withdrawn",
        "b",
        None,
    )
    assert cause.change_of_base_year_pct == pytest.approx(-40.0)


def test_a_new_factor_edition_names_the_editions_that_moved() -> None:
    # a recalculated with EPA's 2025 edition: 600 -> 660 kg, +6 % of the base year.
    again = _source("a", 660.0, "c2", EPA_2025)
    verdict = check(BASE, [again, BASE[1]], 5.0, "AR5")
    assert verdict.recalculation_needed
    (cause,) = verdict.causes
    assert cause.kind == "upload_recalculated"
    assert (cause.old_calculation_id, cause.new_calculation_id) == ("c1", "c2")
    assert (cause.editions_removed, cause.editions_added) == ((EPA_2024,), (EPA_2025,))
    assert (cause.old_co2e_kg, cause.new_co2e_kg) == (600.0, 660.0)


def test_a_recalculation_that_changes_nothing_is_no_cause() -> None:
    same = _source("a", 600.0, "c2")
    verdict = check(BASE, [same, BASE[1]], 5.0, "AR5")
    assert not verdict.recalculation_needed
    assert verdict.causes[0].editions_added == ()


def test_a_change_under_one_set_only_is_enough() -> None:
    # A corrected GWP value reaches the aggregates through a recalculation: AR6 +10 % only.
    figures = dict(BASE[0].figures, AR6=ScopeFigures(scope_1=700.0))
    moved = Source("a", "c2", (EPA_2024,), figures)
    verdict = check(BASE, [moved, BASE[1]], 5.0, "AR5")
    assert verdict.recalculation_needed
    ar6 = next(c for c in verdict.changes if (c.gwp_set, c.method) == ("AR6", "location"))
    assert ar6.change_pct == pytest.approx(10.0)


def test_a_base_year_snapshotted_empty_needs_recalculating_once_data_arrives() -> None:
    assert not check([], [], 5.0, "AR5").recalculation_needed
    verdict = check([], [_source("a", 1.0)], 5.0, "AR5")
    assert verdict.recalculation_needed
    assert all(change.change_pct is None for change in verdict.changes)
    assert change_pct(0.0, 0.0) == 0.0


def test_reporting_years_beginning_in_april_split_the_months() -> None:
    aggregates = Aggregates()
    for start, kilograms in (("2024-03-01", 1.0), ("2024-04-01", 2.0), ("2025-03-01", 4.0)):
        period = {"period_start": start, "period_end": start[:8] + "28"}
        aggregates.add_line(line(**period), dict.fromkeys(SETS, kilograms), None)
    by_year = figures_by_reporting_year(summed(aggregates), 4)
    assert {year: f["AR5"].scope_1 for year, f in by_year.items()} == {2023: 1.0, 2024: 6.0}


def test_the_export_shows_each_row_s_base_year_figure() -> None:
    aggregates = Aggregates()
    aggregates.add_line(line(), SETS, None)
    grid = line(category="electricity", scope=2, market_based_co2e_kg=9.0)
    aggregates.add_line(grid, {"AR4": 50.0, "AR5": 51.0, "AR6": 52.0}, 9.0)
    table = SummedAggregates.of_tables([aggregates.to_table()], INVENTORY_DIMENSIONS)
    rows = inventory_rows(table, "AR5", ("2025-01", "2025-12"), "2020")
    base = Aggregates()
    base.add_line(line(), dict.fromkeys(SETS, 1000.0), None)  # a Scope 1 row only
    categories = category_rows(SummedAggregates.of_tables([base.to_table()], INVENTORY_DIMENSIONS))
    header, extended = beside_export(EXPORT_COLUMNS, rows, categories, "AR5", True)
    assert header[-2:] == ["base_year_co2e_t", "base_year_recalculation_needed"]
    by_row = {(row[0], row[10]): row[-2:] for row in extended}
    assert by_row[("Scope 1", "")] == ["1.000000", "true"]
    assert by_row[("Scope 2", "location-based")] == ["", "true"]  # no such row in the base year
    _, unset = beside_export(EXPORT_COLUMNS, rows, None, "AR5", None)
    assert all(row[-2:] == ["", ""] for row in unset)
