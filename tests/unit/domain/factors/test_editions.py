"""Which edition of a source applies to an activity year, and the reason given."""

from __future__ import annotations

from footprint.domain.factors import Edition, choose_edition


def _edition(year: int) -> Edition:
    return Edition("src", str(year), year, "P", "T", "r", "l", "f", "AR5", ())


def test_edition_in_force_for_its_year() -> None:
    choice = choose_edition([_edition(2024), _edition(2025)], 2024)
    assert choice.edition.year == 2024
    assert choice.reason == "edition 2024 is in force for 2024"


def test_edition_after_the_latest_uses_the_latest_and_says_so() -> None:
    choice = choose_edition([_edition(2025), _edition(2024)], 2026)
    assert choice.edition.year == 2025
    assert "none for 2026" in choice.reason


def test_edition_before_the_earliest_falls_back_and_says_so() -> None:
    choice = choose_edition([_edition(2025), _edition(2024)], 2020)
    assert choice.edition.year == 2024
    assert choice.reason.startswith("fallback: activity year 2020 precedes")
