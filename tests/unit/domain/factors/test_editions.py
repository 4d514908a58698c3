"""Which edition of a source applies to an activity year, and the reason given."""

from __future__ import annotations

from footprint.domain.factors import Edition, choose_edition
from footprint.domain.factors.editions import EARLIEST, IN_FORCE, OLDER, PINNED


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


def test_each_choice_keeps_its_basis() -> None:
    editions = [_edition(2024), _edition(2025)]
    assert choose_edition(editions, 2025).basis == IN_FORCE
    assert choose_edition(editions, 2026).basis == OLDER
    assert choose_edition(editions, 2020).basis == EARLIEST


def test_a_pinned_edition_of_the_source_is_taken_whatever_the_year() -> None:
    choice = choose_edition([_edition(2024), _edition(2025)], 2024, pinned="src-2025")
    assert (choice.edition.year, choice.basis) == (2025, PINNED)
    assert choice.reason == "edition 2025 pinned for a what-if (activity year 2024)"


def test_a_pinned_edition_without_the_factor_keeps_the_rule_and_says_so() -> None:
    choice = choose_edition([_edition(2024)], 2024, pinned="src-2025")
    assert (choice.edition.year, choice.basis) == (2024, IN_FORCE)
    assert choice.reason.endswith("the pinned src-2025 has no such factor")


def test_a_pinned_edition_of_another_source_changes_nothing() -> None:
    pinned = choose_edition([_edition(2024), _edition(2025)], 2024, pinned="other-2025")
    assert pinned == choose_edition([_edition(2024), _edition(2025)], 2024)
