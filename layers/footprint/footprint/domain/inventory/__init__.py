"""A GHG inventory from calculated records: monthly aggregates (``aggregates``), summaries
(``summary``) and the export table (``export``)."""

from footprint.domain.inventory.aggregates import (
    KEY_DIMENSIONS,
    AggregateKey,
    Aggregates,
    SummedAggregates,
    Totals,
    month_shares,
)
from footprint.domain.inventory.export import (
    EXPORT_COLUMNS,
    INVENTORY_DIMENSIONS,
    inventory_rows,
    to_csv,
)
from footprint.domain.inventory.summary import (
    GROUPINGS,
    check_month,
    summarise,
    summary_dimensions,
)

__all__ = [
    "EXPORT_COLUMNS",
    "GROUPINGS",
    "INVENTORY_DIMENSIONS",
    "KEY_DIMENSIONS",
    "AggregateKey",
    "Aggregates",
    "SummedAggregates",
    "Totals",
    "check_month",
    "inventory_rows",
    "month_shares",
    "summarise",
    "summary_dimensions",
    "to_csv",
]
