"""Inventory settings: what is plausible, and the span of a reporting year beginning in any
month."""

from __future__ import annotations

import dataclasses

import pytest

from footprint.domain.errors import InvalidInput
from footprint.domain.inventory.reporting_year import (
    InventorySettings,
    check_settings,
    reporting_year_of,
    reporting_year_span,
)

SETTINGS = InventorySettings(base_year=2020, consolidation="operational")


def test_the_defaults_are_a_calendar_year_and_a_five_percent_threshold() -> None:
    assert (SETTINGS.reporting_year_start_month, SETTINGS.recalculation_threshold_pct) == (1, 5.0)
    assert SETTINGS.base_year_span() == ("2020-01", "2020-12")


def test_a_reporting_year_is_named_by_the_calendar_year_it_begins_in() -> None:
    assert reporting_year_span(2024, 4) == ("2024-04", "2025-03")
    assert reporting_year_span(2024, 12) == ("2024-12", "2025-11")
    assert reporting_year_of("2025-03", 4) == 2024
    assert reporting_year_of("2025-04", 4) == 2025
    assert reporting_year_of("2025-12", 1) == 2025


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"base_year": 1989}, "base_year"),
        ({"base_year": 2027}, "base_year"),
        ({"reporting_year_start_month": 0}, "reporting_year_start_month"),
        ({"reporting_year_start_month": 13}, "reporting_year_start_month"),
        ({"consolidation": "control"}, "consolidation"),
        ({"recalculation_threshold_pct": 0.0}, "recalculation_threshold_pct"),
        ({"recalculation_threshold_pct": 100.01}, "recalculation_threshold_pct"),
    ],
)
def test_implausible_settings_are_refused_naming_the_field(
    change: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        check_settings(dataclasses.replace(SETTINGS, **change), current_year=2026)  # type: ignore[arg-type]
    assert refused.value.details["field"] == field


def test_the_bounds_themselves_are_plausible() -> None:
    for settings in (
        dataclasses.replace(SETTINGS, base_year=1990, recalculation_threshold_pct=100.0),
        dataclasses.replace(SETTINGS, base_year=2026, reporting_year_start_month=12),
    ):
        assert check_settings(settings, current_year=2026) is settings
