"""Data-quality scores: each calculated line scored 1 (best) to 5, with its reasons.

The rule table below is the one place the scores come from (docs/inventory-management.md,
"Data quality", shows it). A line starts from the score of the kind of data it rests on and
each rule that finds a weakness in its factor adds points, to at most 5. The points are
Footprint's own choice; their spirit is the publications':

- GHG Protocol, Corporate Value Chain (Scope 3) Accounting and Reporting Standard (2011),
  ch. 7 "Collecting Data", its table of data quality indicators (technological,
  temporal and geographical representativeness, completeness, reliability), and its
  preference for supplier-specific (primary) data over secondary data; the Technical
  Guidance for Calculating Scope 3 Emissions (2013) ranks the supplier-specific method above
  the average-data method, and both above the spend-based method.
- PCAF, The Global GHG Accounting and Reporting Standard Part A: Financed Emissions (2022),
  the data quality score table: emissions the company reports score best, estimates from
  physical activity data next, estimates from economic activity (revenue or spend with
  environmentally-extended input-output factors) worst.

Pure: it reads a plan's facts (category, market basis, how its edition was chosen, whether
its region or model year fell back), never the text of its notes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

MAX_SCORE = 5

SCOPE3_CH7 = "GHG Protocol Scope 3 Standard (2011), ch. 7: data quality indicators"
SCOPE3_METHODS = (
    "GHG Protocol Scope 3 Technical Guidance (2013): supplier-specific above average-data"
    " above spend-based methods"
)
PCAF_SCORES = (
    "PCAF Standard Part A (2022), data quality score table: reported emissions best,"
    " physical-activity estimates next, economic-activity (EEIO) estimates worst"
)


@dataclass(frozen=True, slots=True)
class QualityRule:
    """One row of the table: a starting score (``base``) or points added (``penalty``)."""

    id: str
    indicator: str  # technological, temporal, geographical, completeness or reliability
    points: int
    reason: str
    spirit: str


# The kind of data a line rests on: exactly one of these starts its score.
SUPPLIER_SPECIFIC = QualityRule(
    "supplier_specific",
    "reliability",
    1,
    "supplier-specific data: the market-based figure is the supplier's own rate or a"
    " contractual instrument",
    f"{SCOPE3_METHODS}; {PCAF_SCORES}",
)
PHYSICAL_ACTIVITY = QualityRule(
    "physical_activity",
    "technological",
    2,
    "physical activity data (a metered or measured amount) with a published average factor",
    f"{SCOPE3_METHODS}; {PCAF_SCORES}",
)
SPEND_BASED = QualityRule(
    "spend_based",
    "technological",
    4,
    "spend-based: money spent with an environmentally-extended input-output (EEIO) factor",
    f"{SCOPE3_METHODS}; {PCAF_SCORES}",
)
# Weaknesses of the factor: each adds its points.
OLDER_EDITION = QualityRule(
    "older_edition",
    "temporal",
    1,
    "the factor's edition is older than the activity year (none for that year yet)",
    SCOPE3_CH7,
)
EARLIEST_EDITION = QualityRule(
    "earliest_edition",
    "temporal",
    1,
    "fallback: the activity precedes every edition, the earliest edition's factor is used",
    SCOPE3_CH7,
)
LOCATION_FOR_MARKET = QualityRule(
    "location_for_market",
    "completeness",
    1,
    "fallback: no supplier rate, instrument or residual mix, the location-based factor"
    " stands for the market-based figure",
    f"{SCOPE3_CH7}; GHG Protocol Scope 2 Guidance (2015): market-based emission factor hierarchy",
)
WIDER_REGION = QualityRule(
    "wider_region",
    "geographical",
    1,
    "fallback: a regional (US-wide) factor stands for the eGRID subregion's",
    SCOPE3_CH7,
)
MODEL_YEAR_FALLBACK = QualityRule(
    "model_year_fallback",
    "technological",
    1,
    "fallback: the vehicle's model year is newer than the factor table's last row",
    SCOPE3_CH7,
)

RULES: tuple[QualityRule, ...] = (
    SUPPLIER_SPECIFIC,
    PHYSICAL_ACTIVITY,
    SPEND_BASED,
    OLDER_EDITION,
    EARLIEST_EDITION,
    LOCATION_FOR_MARKET,
    WIDER_REGION,
    MODEL_YEAR_FALLBACK,
)


@dataclass(frozen=True, slots=True)
class LineFacts:
    """What the rules read of a line's plan."""

    spend_based: bool = False
    market: str | None = None  # the plan's market basis: supplier, zero, location or None
    edition_basis: str | None = None  # editions.IN_FORCE, OLDER, EARLIEST, PINNED, or None
    wider_region: bool = False
    model_year_fallback: bool = False


def rules_for(facts: LineFacts) -> list[QualityRule]:
    """The rules that apply, the starting one first."""
    if facts.spend_based:
        start = SPEND_BASED
    elif facts.market in ("supplier", "zero"):
        start = SUPPLIER_SPECIFIC
    else:
        start = PHYSICAL_ACTIVITY
    found = [start]
    if facts.edition_basis == "older":
        found.append(OLDER_EDITION)
    if facts.edition_basis == "earliest":
        found.append(EARLIEST_EDITION)
    if facts.market == "location":
        found.append(LOCATION_FOR_MARKET)
    if facts.wider_region:
        found.append(WIDER_REGION)
    if facts.model_year_fallback:
        found.append(MODEL_YEAR_FALLBACK)
    return found


def score(facts: LineFacts) -> dict[str, Any]:
    """``{score, reasons}``: the starting score plus each weakness's points (at most 5), and
    one reason per rule applied, each naming its rule, indicator and points."""
    applied = rules_for(facts)
    total = min(MAX_SCORE, sum(rule.points for rule in applied))
    return {
        "score": total,
        "reasons": [
            {
                "rule": rule.id,
                "indicator": rule.indicator,
                "points": rule.points,
                "reason": rule.reason,
            }
            for rule in applied
        ],
    }


def weighted_score(weighted_sum: float | None, weight: float | None) -> float | None:
    """An emissions-weighted score: the sum of score x kg CO2e over the kg CO2e scored;
    None where nothing with emissions was scored (aggregates kept before scores, or zero)."""
    if weighted_sum is None or not weight:
        return None
    return weighted_sum / weight
