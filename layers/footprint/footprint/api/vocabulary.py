"""The API's shared words, declared once so every route's parameters, the OpenAPI document
and the code behind them agree: the upload id pattern, months, and the GWP sets a caller may
name. Tenant and user ids have their pattern in ``footprint.domain.ids``."""

from __future__ import annotations

from typing import Literal

# footprint.domain.factors.gwp.GWP_SETS, as a type the OpenAPI document can enumerate.
GwpSet = Literal["AR4", "AR5", "AR6"]

# A calendar month, YYYY-MM, from year 1000: what footprint.domain.inventory.check_month reads.
MONTH_PATTERN = r"^[1-9][0-9]{3}-(0[1-9]|1[0-2])$"
