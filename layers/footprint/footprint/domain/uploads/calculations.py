"""The calculations an upload keeps: its published one and the last few it superseded.

A publish lists the new calculation first and keeps the calculations it superseded, newest
first, up to ``SUPERSEDED_KEPT``; an older one falls off the list and its files are deleted.
A published calculation that was never listed (published before uploads kept their
calculations) is deleted as a superseded one was then, rather than kept unlisted.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

# Superseded calculations kept per upload. Factor editions come once a year (EPA's Hub and
# DESNZ publish yearly), so recalculating at each keeps five years of moves comparable; a
# bound at all because each kept calculation keeps its per-line results, the largest files
# of a calculation, and its entry on the upload's record (a DynamoDB item of at most 400 KB).
SUPERSEDED_KEPT = 5

CalculationStatus = Literal["published", "superseded"]


@dataclass(frozen=True, slots=True)
class KeptCalculation:
    """One published calculation of an upload: when it was published, the factor editions
    and GWP set it used, and its totals (as the upload's ``totals`` were then)."""

    calculation_id: str
    published_at: str
    editions: list[str]
    gwp_set: str
    totals: dict[str, Any]

    @classmethod
    def from_dict(cls, stored: Mapping[str, Any]) -> KeptCalculation:
        return cls(
            calculation_id=str(stored["calculation_id"]),
            published_at=str(stored["published_at"]),
            editions=[str(edition) for edition in stored["editions"]],
            gwp_set=str(stored["gwp_set"]),
            totals=dict(stored["totals"]),
        )


@dataclass(frozen=True, slots=True)
class Kept:
    """The list after a publish, and the calculations that fell off it."""

    calculations: list[KeptCalculation]
    expired: list[str]


def after_publish(
    listed: Sequence[KeptCalculation], previous: str | None, published: KeptCalculation
) -> Kept:
    """The upload's calculations once ``published`` replaces ``previous`` (its published
    calculation before, if any): ``published`` first, then the listed ones newest first, up
    to ``SUPERSEDED_KEPT`` of them."""
    earlier = [kept for kept in listed if kept.calculation_id != published.calculation_id]
    expired = [kept.calculation_id for kept in earlier[SUPERSEDED_KEPT:]]
    unlisted = previous not in {kept.calculation_id for kept in earlier}
    if previous is not None and previous != published.calculation_id and unlisted:
        expired.append(previous)
    return Kept([published, *earlier[:SUPERSEDED_KEPT]], expired)


def status_of(kept: KeptCalculation, current: str | None) -> CalculationStatus:
    """``published`` for the upload's current calculation, ``superseded`` for the others."""
    return "published" if kept.calculation_id == current else "superseded"
