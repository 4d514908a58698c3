"""A tenant's inventory settings and the reporting year they define.

The GHG Protocol Corporate Standard (chapter 5, "Tracking Emissions Over Time") asks a
company to choose a base year, to recalculate it when structural or methodological changes
move it significantly, and leaves the significance threshold to the company; 5 % is the
figure commonly used as an example, and it is only the default here, never a rule. Chapter 3
("Setting Organizational Boundaries") names the consolidation approaches: operational
control, financial control, equity share.

A reporting year may begin in any month: it is named by the calendar year it begins in (the
year beginning April 2024 is 2024, and runs 2024-04 to 2025-03).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from footprint.domain.errors import InvalidInput

CONSOLIDATION_APPROACHES = ("operational", "financial", "equity")
# 1990, the Kyoto Protocol's base year: a year before it is taken for a typing error.
EARLIEST_BASE_YEAR = 1990
DEFAULT_THRESHOLD_PCT = 5.0
DEFAULT_START_MONTH = 1


@dataclass(frozen=True, slots=True)
class InventorySettings:
    """What a tenant chose for its inventory over the years."""

    base_year: int
    consolidation: str
    reporting_year_start_month: int = DEFAULT_START_MONTH
    recalculation_threshold_pct: float = DEFAULT_THRESHOLD_PCT

    def to_dict(self) -> dict[str, Any]:
        return {
            "base_year": self.base_year,
            "consolidation": self.consolidation,
            "reporting_year_start_month": self.reporting_year_start_month,
            "recalculation_threshold_pct": self.recalculation_threshold_pct,
        }

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> InventorySettings:
        return cls(
            base_year=int(values["base_year"]),
            consolidation=str(values["consolidation"]),
            reporting_year_start_month=int(values["reporting_year_start_month"]),
            recalculation_threshold_pct=float(values["recalculation_threshold_pct"]),
        )

    def base_year_span(self) -> tuple[str, str]:
        return reporting_year_span(self.base_year, self.reporting_year_start_month)


def check_year(value: int, field_name: str, current_year: int) -> int:
    """A plausible inventory year: not before 1990, not after ``current_year``."""
    if not EARLIEST_BASE_YEAR <= value <= current_year:
        raise InvalidInput(
            f"{field_name} must be a year from {EARLIEST_BASE_YEAR} to {current_year}",
            field=field_name,
        )
    return value


def check_settings(settings: InventorySettings, current_year: int) -> InventorySettings:
    """``settings`` if every field is plausible; otherwise the first fault, naming its field."""
    check_year(settings.base_year, "base_year", current_year)
    if not 1 <= settings.reporting_year_start_month <= 12:
        raise InvalidInput(
            "reporting_year_start_month must be a month number, 1 to 12",
            field="reporting_year_start_month",
        )
    if settings.consolidation not in CONSOLIDATION_APPROACHES:
        raise InvalidInput(
            f"consolidation must be one of {', '.join(CONSOLIDATION_APPROACHES)}",
            field="consolidation",
        )
    if not 0 < settings.recalculation_threshold_pct <= 100:
        raise InvalidInput(
            "recalculation_threshold_pct must be more than 0 and at most 100",
            field="recalculation_threshold_pct",
        )
    return settings


def reporting_year_span(year: int, start_month: int) -> tuple[str, str]:
    """The first and last months (``YYYY-MM``) of reporting year ``year`` beginning in
    ``start_month``: 2024 from April is 2024-04 to 2025-03."""
    if start_month == 1:
        return f"{year:04d}-01", f"{year:04d}-12"
    return f"{year:04d}-{start_month:02d}", f"{year + 1:04d}-{start_month - 1:02d}"


def reporting_year_of(month: str, start_month: int) -> int:
    """The reporting year a month (``YYYY-MM``) falls in."""
    year, number = int(month[:4]), int(month[5:7])
    return year if number >= start_month else year - 1
