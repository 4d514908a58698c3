"""Calculated lines as the inventory tests need them, and aggregates in the form a part
hands them over."""

from __future__ import annotations

from typing import Any

from footprint.domain.inventory import Aggregates, SummedAggregates


def line(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "facility": "Plant 1",
        "period_start": "2025-01-01",
        "period_end": "2025-01-31",
        "category": "stationary_combustion",
        "scope": 1,
        "ghg_category": None,
        "co2_kg": 100.0,
        "ch4_kg": 1.0,
        "n2o_kg": 0.5,
        "other_gases_kg": {},
        "co2e_as_published_kg": 0.0,
        "biogenic_co2_kg": 3.0,
        "provenance": {"factors": [{"source": "US EPA, Hub", "edition": "2025"}]},
        "market_based_co2e_kg": None,
        "market_basis": None,
    }
    base.update(overrides)
    return base


# The CO2e of one ``line()`` under each GWP set, as a calculation would hand it over.
SETS = {"AR4": 200.0, "AR5": 210.0, "AR6": 220.0}


def summed(aggregates: Aggregates) -> SummedAggregates:
    """``aggregates`` in the form the queries read: as a part hands it over."""
    return SummedAggregates.of_tables([aggregates.to_table()])
