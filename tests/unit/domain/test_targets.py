"""Absolute-contraction targets: the linear pathway and progress along it, worked by hand."""

from __future__ import annotations

import dataclasses

import pytest

from footprint.domain.errors import InvalidInput
from footprint.domain.inventory.base_year import ScopeFigures
from footprint.domain.targets import TargetTerms, check_terms, covered, pathway, progress

TERMS = TargetTerms(
    name="SBTi near-term",
    scopes=(1, 2),
    scope2_method="market",
    base_year=2020,
    target_year=2030,
    reduction_pct=42.0,
)


def test_the_pathway_falls_by_the_same_amount_each_year() -> None:
    # 1000 t in 2020, -42 % by 2030: 42 t a year; 2025 is 1000 x (1 - 0.42 x 5/10) = 790 t.
    years = dict(pathway(1_000_000.0, 2020, 2030, 42.0))
    assert list(years) == list(range(2020, 2031))
    assert years[2020] == pytest.approx(1_000_000.0)
    assert years[2021] == pytest.approx(958_000.0)
    assert years[2025] == pytest.approx(790_000.0)
    assert years[2030] == pytest.approx(580_000.0)


def test_progress_has_the_gap_of_each_year_with_data_and_judges_the_latest() -> None:
    # Base 1000 t; 2022's pathway is 1000 x (1 - 0.42 x 2/10) = 916 t: 900 t is 16 t under.
    found = progress(TERMS, {2020: 1_000_000.0, 2022: 900_000.0})
    by_year = {row.year: row for row in found.years}
    assert found.base_kg == 1_000_000.0
    assert by_year[2022].pathway_kg == pytest.approx(916_000.0)
    assert by_year[2022].gap_kg == pytest.approx(-16_000.0)
    assert (by_year[2021].actual_kg, by_year[2021].gap_kg) == (None, None)
    assert (found.latest_year, found.on_track) == (2022, True)
    # 930 t in 2022 is 14 t over the pathway: off track.
    behind = progress(TERMS, {2020: 1_000_000.0, 2022: 930_000.0})
    assert behind.on_track is False
    assert {row.year: row for row in behind.years}[2022].gap_kg == pytest.approx(14_000.0)


def test_without_data_there_is_no_latest_year_and_no_verdict() -> None:
    found = progress(TERMS, {})
    assert (found.base_kg, found.latest_year, found.on_track) == (0.0, None, None)


def test_a_target_counts_its_scopes_and_scope_2_by_its_method() -> None:
    figures = ScopeFigures(scope_1=100.0, scope_2_location=50.0, scope_2_market=20.0, scope_3=7.0)
    assert covered(figures, (1, 2), "market") == 120.0
    assert covered(figures, (1, 2), "location") == 150.0
    assert covered(figures, (3,), "location") == 7.0
    assert covered(figures, (1, 2, 3), "market") == 127.0


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": " "}, "name"),
        ({"scopes": ()}, "scopes"),
        ({"scopes": (1, 4)}, "scopes"),
        ({"scopes": (1, 1)}, "scopes"),
        ({"scope2_method": "both"}, "scope2_method"),
        ({"base_year": 1989}, "base_year"),
        ({"base_year": 2027}, "base_year"),
        ({"target_year": 2020}, "target_year"),
        ({"target_year": 2101}, "target_year"),
        ({"reduction_pct": 0.0}, "reduction_pct"),
        ({"reduction_pct": 100.5}, "reduction_pct"),
    ],
)
def test_impossible_terms_are_refused_naming_the_field(
    change: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        check_terms(dataclasses.replace(TERMS, **change), current_year=2026)  # type: ignore[arg-type]
    assert refused.value.details["field"] == field


def test_a_whole_reduction_by_the_target_year_is_allowed() -> None:
    terms = dataclasses.replace(TERMS, reduction_pct=100.0, target_year=2050)
    assert check_terms(terms, current_year=2026) is terms
    assert dict(pathway(500.0, 2020, 2050, 100.0))[2050] == 0.0
