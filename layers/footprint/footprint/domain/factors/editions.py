"""The one rule that picks which edition of a source applies to an activity.

Rule: the edition in force for an activity is the latest edition whose year is not after the
year the activity period starts. Fallback, always stated in the provenance: an activity dated
before every edition uses the earliest edition. An activity dated after the latest edition
simply gets the latest, which *is* the rule (no newer edition is in force yet); the reason
still says that no edition for that year exists.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from footprint.domain.factors.model import Edition


@dataclass(frozen=True, slots=True)
class EditionChoice:
    edition: Edition
    reason: str


def choose_edition(editions: Sequence[Edition], activity_year: int) -> EditionChoice:
    """The edition of one source to use for an activity in ``activity_year``.

    ``editions`` are all editions of a single source that have a factor for the activity.
    """
    ordered = sorted(editions, key=lambda edition: edition.year)
    if not ordered:
        raise ValueError("choose_edition needs at least one edition")
    in_force = [edition for edition in ordered if edition.year <= activity_year]
    if not in_force:
        earliest = ordered[0]
        return EditionChoice(
            earliest,
            f"fallback: activity year {activity_year} precedes every {earliest.source} edition"
            f" with this factor; earliest ({earliest.edition}) used",
        )
    chosen = in_force[-1]
    if chosen.year == activity_year:
        return EditionChoice(chosen, f"edition {chosen.edition} is in force for {activity_year}")
    return EditionChoice(
        chosen,
        f"latest {chosen.source} edition with this factor not after {activity_year}:"
        f" {chosen.edition} (none for {activity_year})",
    )
