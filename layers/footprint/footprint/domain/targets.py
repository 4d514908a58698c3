"""Absolute-contraction reduction targets: the linear pathway and progress along it.

An absolute contraction target reduces the target scopes' emissions by ``reduction_pct`` of
the base year's between the base year and the target year, the same amount each year (the
linear pathway the Science Based Targets initiative's absolute contraction approach draws):
in year y the pathway is ``base x (1 - reduction_pct / 100 x (y - base_year) / (target_year -
base_year))``. From 1000 t in 2020, -42 % by 2030: 2025's pathway is 1000 x (1 - 0.42 x
5/10) = 790 t.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from footprint.domain.errors import InvalidInput
from footprint.domain.inventory.base_year import ScopeFigures
from footprint.domain.inventory.reporting_year import check_year

SCOPE2_METHODS = ("location", "market")
# A target year beyond this is taken for a typing error (net-zero targets name 2050 at most
# in the SBTi's Corporate Net-Zero Standard; 2100 leaves room beyond it).
LATEST_TARGET_YEAR = 2100
MAX_NAME_LENGTH = 200


@dataclass(frozen=True, slots=True)
class TargetTerms:
    name: str
    scopes: tuple[int, ...]
    scope2_method: str
    base_year: int
    target_year: int
    reduction_pct: float


def check_terms(terms: TargetTerms, current_year: int) -> TargetTerms:
    """``terms`` if they describe a target; otherwise the first fault, naming its field."""
    if not terms.name.strip() or len(terms.name) > MAX_NAME_LENGTH:
        raise InvalidInput(f"name must be 1 to {MAX_NAME_LENGTH} characters", field="name")
    if not terms.scopes or not set(terms.scopes) <= {1, 2, 3}:
        raise InvalidInput("scopes must be a non-empty subset of 1, 2, 3", field="scopes")
    if len(set(terms.scopes)) != len(terms.scopes):
        raise InvalidInput("scopes must not repeat a scope", field="scopes")
    if terms.scope2_method not in SCOPE2_METHODS:
        raise InvalidInput("scope2_method must be location or market", field="scope2_method")
    check_year(terms.base_year, "base_year", current_year)
    if not terms.base_year < terms.target_year <= LATEST_TARGET_YEAR:
        raise InvalidInput(
            f"target_year must be after base_year and at most {LATEST_TARGET_YEAR}",
            field="target_year",
        )
    if not 0 < terms.reduction_pct <= 100:
        raise InvalidInput(
            "reduction_pct must be more than 0 and at most 100", field="reduction_pct"
        )
    return terms


def covered(figures: ScopeFigures, scopes: Sequence[int], scope2_method: str) -> float:
    """kg CO2e of ``scopes`` in ``figures``, Scope 2 by ``scope2_method``."""
    total = 0.0
    if 1 in scopes:
        total += figures.scope_1
    if 2 in scopes:
        total += figures.scope_2_market if scope2_method == "market" else figures.scope_2_location
    if 3 in scopes:
        total += figures.scope_3
    return total


def pathway(
    base_kg: float, base_year: int, target_year: int, reduction_pct: float
) -> list[tuple[int, float]]:
    """(year, kg CO2e) of the linear pathway, base year to target year, both included."""
    span = target_year - base_year
    return [
        (year, base_kg * (1.0 - reduction_pct / 100.0 * (year - base_year) / span))
        for year in range(base_year, target_year + 1)
    ]


@dataclass(frozen=True, slots=True)
class YearProgress:
    year: int
    pathway_kg: float
    actual_kg: float | None  # None: nothing published for the year
    gap_kg: float | None  # actual - pathway


@dataclass(frozen=True)
class Progress:
    base_kg: float
    years: list[YearProgress]
    latest_year: int | None  # the latest year with data
    on_track: bool | None  # actual <= pathway in the latest year with data


def progress(terms: TargetTerms, actual: Mapping[int, float]) -> Progress:
    """The pathway from the base year's actual emissions, and each year's actual and gap;
    ``actual`` holds the years with published data (the base year's among them, or 0)."""
    base_kg = actual.get(terms.base_year, 0.0)
    years = [
        YearProgress(
            year=year,
            pathway_kg=planned,
            actual_kg=actual.get(year),
            gap_kg=None if year not in actual else actual[year] - planned,
        )
        for year, planned in pathway(
            base_kg, terms.base_year, terms.target_year, terms.reduction_pct
        )
    ]
    with_data = [row for row in years if row.actual_kg is not None]
    latest = with_data[-1] if with_data else None
    return Progress(
        base_kg=base_kg,
        years=years,
        latest_year=latest.year if latest else None,
        on_track=None if latest is None or latest.gap_kg is None else latest.gap_kg <= 0.0,
    )
