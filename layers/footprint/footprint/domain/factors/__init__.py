"""The versioned factor library: published editions, GWP sets, lookup, search and the edition
rule. Importing it never imports pint."""

from footprint.domain.factors.categories import CATEGORIES, Category
from footprint.domain.factors.editions import EditionChoice, choose_edition
from footprint.domain.factors.gwp import DEFAULT_GWP_SET, GWP_SETS, check_gwp_set
from footprint.domain.factors.library import CatalogueEntry, FactorLibrary, default_library
from footprint.domain.factors.model import Edition, Factor

__all__ = [
    "CATEGORIES",
    "DEFAULT_GWP_SET",
    "GWP_SETS",
    "CatalogueEntry",
    "Category",
    "Edition",
    "EditionChoice",
    "Factor",
    "FactorLibrary",
    "check_gwp_set",
    "choose_edition",
    "default_library",
]
