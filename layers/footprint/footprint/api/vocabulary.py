"""The API's shared words, declared once so every route's parameters, the OpenAPI document
and the code behind them agree: the upload id pattern, months, and the GWP sets a caller may
name. Tenant and user ids have their pattern in ``footprint.domain.ids``."""

from __future__ import annotations

from typing import Literal

# footprint.domain.factors.gwp.GWP_SETS, as a type the OpenAPI document can enumerate.
GwpSet = Literal["AR4", "AR5", "AR6"]

# A calendar month, YYYY-MM, from year 1000: what footprint.domain.inventory.check_month reads.
MONTH_PATTERN = r"^[1-9][0-9]{3}-(0[1-9]|1[0-2])$"

# footprint.domain.factors.CATEGORIES' names, as a type the OpenAPI document can enumerate.
CategoryName = Literal[
    "stationary_combustion",
    "mobile_combustion",
    "refrigerants",
    "electricity",
    "steam_heat",
    "purchased_goods_services",
    "capital_goods",
    "fuel_energy_related",
    "upstream_transport",
    "waste",
    "business_travel",
    "employee_commuting",
    "upstream_leased_assets",
    "downstream_transport",
    "end_of_life",
]
