"""The Emissions function's routers: the inventory, per-line results, the factor library."""
