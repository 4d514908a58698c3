"""Activity records of 2024 the edition-impact and data-quality tests work by hand: natural gas
metered in mmBtu (EPA Hub Table 1) and grid electricity in an eGRID subregion (Table 6)."""

from __future__ import annotations

from typing import Any

# kg per international avoirdupois pound (exact): EPA publishes eGRID factors in lb/MWh.
LB = 0.45359237
# IPCC AR5 GWP-100 as the library holds them.
AR5_CH4, AR5_N2O = 28.0, 265.0


def record_2024(**fields: Any) -> dict[str, Any]:
    """1,000 mmBtu of natural gas burned at Plant 1 in 2024 (US), with ``fields`` changed."""
    return {
        "facility": "Plant 1",
        "period_start": "2024-01-01",
        "period_end": "2024-12-31",
        "category": "stationary_combustion",
        "activity": "natural_gas",
        "quantity": "1000",
        "unit": "mmBtu",
        "region": "US",
        **fields,
    }


GAS_2024 = record_2024()
GRID_2024 = record_2024(
    category="electricity", activity="grid", quantity="100", unit="MWh", region="CAMX"
)
