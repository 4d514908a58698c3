"""The one rule that picks which edition of a source applies to an activity.

Rule: the edition in force for an activity is the latest edition whose year is not after the
year the activity period starts. Fallback, always stated in the provenance: an activity dated
before every edition uses the earliest edition. An activity dated after the latest edition
simply gets the latest, which *is* the rule (no newer edition is in force yet); the reason
still says that no edition for that year exists.

A what-if (the edition impact, ``footprint calc --compare-edition``) may pin one edition
(``epa_hub-2025``): a factor of that source is then taken from the pinned edition wherever it
has one, and the reason says it was pinned; where it has none, the rule above applies and the
reason says that too. The basis of each choice (``IN_FORCE``, ``OLDER``, ``EARLIEST``,
``PINNED``) is kept beside the reason, so the data-quality rules read it rather than the text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from footprint.domain.factors.model import Edition

# Why an edition was chosen: the one of the activity's year, the latest before it, the
# earliest (the activity precedes every edition), or the one a what-if pinned.
IN_FORCE, OLDER, EARLIEST, PINNED = "in_force", "older", "earliest", "pinned"


@dataclass(frozen=True, slots=True)
class EditionChoice:
    edition: Edition
    reason: str
    basis: str = IN_FORCE


def edition_name(edition: Edition) -> str:
    """An edition's full name, ``<source>-<edition>`` (``epa_hub-2025``)."""
    return f"{edition.source}-{edition.edition}"


def choose_edition(
    editions: Sequence[Edition], activity_year: int, pinned: str | None = None
) -> EditionChoice:
    """The edition of one source to use for an activity in ``activity_year``.

    ``editions`` are all editions of a single source that have a factor for the activity.
    ``pinned`` (``<source>-<edition>``) takes that edition wherever it is among them.
    """
    ordered = sorted(editions, key=lambda edition: edition.year)
    if not ordered:
        raise ValueError("choose_edition needs at least one edition")
    if pinned is not None:
        for edition in ordered:
            if edition_name(edition) == pinned:
                return EditionChoice(
                    edition,
                    f"edition {edition.edition} pinned for a what-if (activity year"
                    f" {activity_year})",
                    PINNED,
                )
        chosen = _by_year(ordered, activity_year)
        if pinned.startswith(f"{ordered[0].source}-"):
            return EditionChoice(
                chosen.edition,
                f"{chosen.reason}; the pinned {pinned} has no such factor",
                chosen.basis,
            )
        return chosen
    return _by_year(ordered, activity_year)


def _by_year(ordered: Sequence[Edition], activity_year: int) -> EditionChoice:
    in_force = [edition for edition in ordered if edition.year <= activity_year]
    if not in_force:
        earliest = ordered[0]
        return EditionChoice(
            earliest,
            f"fallback: activity year {activity_year} precedes every {earliest.source} edition"
            f" with this factor; earliest ({earliest.edition}) used",
            EARLIEST,
        )
    chosen = in_force[-1]
    if chosen.year == activity_year:
        return EditionChoice(chosen, f"edition {chosen.edition} is in force for {activity_year}")
    return EditionChoice(
        chosen,
        f"latest {chosen.source} edition with this factor not after {activity_year}:"
        f" {chosen.edition} (none for {activity_year})",
        OLDER,
    )
