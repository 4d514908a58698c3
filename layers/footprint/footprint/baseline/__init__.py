"""An inventory over the years: the tenant's inventory settings, its base year's figures and
whether they need recalculating, and its reduction targets with their progress. The
Emissions function calls it; the rules are in ``footprint.domain.inventory.reporting_year``,
``footprint.domain.inventory.base_year`` and ``footprint.domain.targets``."""
