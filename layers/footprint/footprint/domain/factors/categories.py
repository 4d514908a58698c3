"""The activity categories a record can name, each tied to its scope and GHG Protocol category.

One table, so the scope of a number never depends on which publisher supplied its factor.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Category:
    """A record category: its scope (1, 2 or 3) and, for Scope 3, the category number."""

    name: str
    scope: int
    ghg_category: int | None
    title: str

    @property
    def label(self) -> str:
        """``Scope 3 category 6: business travel`` style label for reports."""
        if self.ghg_category is None:
            return f"Scope {self.scope}: {self.title}"
        return f"Scope 3 category {self.ghg_category}: {self.title}"


CATEGORIES: dict[str, Category] = {
    category.name: category
    for category in (
        Category("stationary_combustion", 1, None, "stationary combustion"),
        Category("mobile_combustion", 1, None, "mobile combustion"),
        Category("refrigerants", 1, None, "fugitive refrigerant and gas releases"),
        Category("electricity", 2, None, "purchased electricity"),
        Category("steam_heat", 2, None, "purchased steam and heat"),
        Category("purchased_goods_services", 3, 1, "purchased goods and services"),
        Category("capital_goods", 3, 2, "capital goods"),
        Category("fuel_energy_related", 3, 3, "fuel- and energy-related activities"),
        Category("upstream_transport", 3, 4, "upstream transportation and distribution"),
        Category("waste", 3, 5, "waste generated in operations"),
        Category("business_travel", 3, 6, "business travel"),
        Category("employee_commuting", 3, 7, "employee commuting"),
        Category("upstream_leased_assets", 3, 8, "upstream leased assets"),
        Category("downstream_transport", 3, 9, "downstream transportation and distribution"),
        Category("end_of_life", 3, 12, "end-of-life treatment of sold products"),
    )
}
