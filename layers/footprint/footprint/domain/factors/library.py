"""The factor library: every imported edition, indexed for lookup and search.

Loaded from the committed files in ``footprint/data/factors`` (built by
``footprint.factor_import``). Pure Python, no pint: API handlers can search without paying
for the units registry.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from footprint.domain.factors.categories import CATEGORIES
from footprint.domain.factors.gwp import GwpTable
from footprint.domain.factors.model import Edition, Factor

DATA_DIR = Path(__file__).resolve().parents[2] / "data" / "factors"
GWP_FILE = "ipcc_gwp.json"
# The country of each country-wide region the factors are published for, as its ISO 3166-1
# alpha-2 code: EPA's factors are for the United States (US); DESNZ's "UK" factors are for
# the United Kingdom, whose ISO 3166-1 alpha-2 code is GB (ISO 3166-1 keeps UK only as an
# exceptionally reserved code). An eGRID subregion lies in its wider region (``wider_region``).
COUNTRIES = {"US": "US", "UK": "GB"}


@dataclass(frozen=True, slots=True)
class CatalogueEntry:
    """One allowed (category, activity) pair with where and how it can be used."""

    category: str
    activity: str
    label: str
    regions: tuple[str, ...]
    units: tuple[str, ...]
    editions: tuple[str, ...]


class FactorLibrary:
    """All factors of all editions, with the indexes the calculator and search need."""

    def __init__(self, factors: Iterable[Factor], gwp: GwpTable) -> None:
        self.gwp = gwp
        self.factors: dict[str, Factor] = {}
        self._index: dict[tuple[str, str, str], list[Factor]] = {}
        self._components: dict[tuple[str, str, str], list[Factor]] = {}
        # eGRID subregions (EPA factors for a region within the US): where an activity has
        # only a US-wide factor, a subregion takes it (``wider_region``).
        self.us_subregions: set[str] = set()
        for factor in factors:
            self.factors[factor.id] = factor
            if factor.edition.source == "epa_hub" and factor.region != "US":
                self.us_subregions.add(factor.region)
            if factor.component:
                key = (factor.edition.source, factor.edition.edition, factor.activity)
                self._components.setdefault(key, []).append(factor)
                continue
            for category in factor.categories:
                key3 = (category, factor.activity, factor.region)
                self._index.setdefault(key3, []).append(factor)

    @classmethod
    def load(cls, folder: Path = DATA_DIR) -> FactorLibrary:
        """Read every edition file in ``folder`` (sorted, so the order never depends on the
        file system)."""
        factors: list[Factor] = []
        gwp: GwpTable | None = None
        for path in sorted(folder.glob("*.json")):
            document = json.loads(path.read_text(encoding="utf-8"))
            if path.name == GWP_FILE:
                gwp = GwpTable(document)
                continue
            edition = Edition.from_document(document)
            factors.extend(Factor.from_record(record, edition) for record in document["factors"])
        if gwp is None:
            raise FileNotFoundError(f"{folder / GWP_FILE} is missing")
        return cls(factors, gwp)

    def candidates(self, category: str, activity: str, region: str) -> list[Factor]:
        """Factors (all editions) for one category, activity and region."""
        return self._index.get((category, activity, region), [])

    def regions(self, category: str, activity: str) -> list[str]:
        """Regions that have a factor for this category and activity."""
        return sorted({r for (c, a, r) in self._index if c == category and a == activity})

    def has_activity(self, category: str, activity: str) -> bool:
        return any(c == category and a == activity for (c, a, _r) in self._index)

    def activities(self, category: str, region: str | None = None) -> list[str]:
        """The activities with a factor in ``category`` (in ``region``, when given)."""
        return sorted({a for (c, a, r) in self._index if c == category and region in (None, r)})

    def wider_region(self, region: str) -> str | None:
        """The region whose factors cover ``region`` too: ``US`` for an eGRID subregion."""
        return "US" if region in self.us_subregions else None

    def country_of(self, region: str) -> str | None:
        """The ISO 3166-1 alpha-2 code of the country ``region`` lies in (``GB`` for UK,
        ``US`` for an eGRID subregion); None for a region the library does not place."""
        return COUNTRIES.get(self.wider_region(region) or region)

    def fuel_factors(self, edition: Edition, activity: str) -> list[Factor]:
        """Table 2 style fuel CO2 factors of one edition that vehicle factors point to."""
        return self._components.get((edition.source, edition.edition, activity), [])

    def editions(self) -> list[Edition]:
        """Every loaded edition, by source then year."""
        found = {(f.edition.source, f.edition.edition): f.edition for f in self.factors.values()}
        return sorted(found.values(), key=lambda e: (e.source, e.year))

    def search(
        self,
        text: str = "",
        *,
        category: str | None = None,
        region: str | None = None,
        edition: str | None = None,
        source: str | None = None,
        limit: int | None = None,
    ) -> list[Factor]:
        """Factors matching every word of ``text`` (in label, activity, row, table or id) and
        the given filters. ``edition`` matches ``2025`` or ``epa_hub-2025``; ``source`` names
        the publisher's source (``epa_hub``); ``region`` is case-insensitive. Results keep the
        library order (source file, then table order)."""
        words = text.casefold().split()
        wanted_region = region.casefold() if region else None
        found: list[Factor] = []
        for factor in self.factors.values():
            if category and category not in factor.categories:
                continue
            if source and factor.edition.source != source:
                continue
            if wanted_region and factor.region.casefold() != wanted_region:
                continue
            if edition and edition not in (
                factor.edition.edition,
                f"{factor.edition.source}-{factor.edition.edition}",
            ):
                continue
            if words:
                haystack = " ".join(
                    (factor.label, factor.activity, factor.row, factor.table, factor.id)
                ).casefold()
                if not all(word in haystack for word in words):
                    continue
            found.append(factor)
            if limit is not None and len(found) >= limit:
                break
        return found

    def catalogue(self) -> list[CatalogueEntry]:
        """The allowed (category, activity) values with their regions, units and editions;
        refrigerants come from the GWP table and apply to any region."""
        grouped: dict[tuple[str, str], list[Factor]] = {}
        for (category, activity, _region), factors in self._index.items():
            grouped.setdefault((category, activity), []).extend(factors)
        entries = [
            CatalogueEntry(
                category,
                activity,
                factors[-1].label,
                tuple(sorted({f.region for f in factors})),
                tuple(sorted({f.unit for f in factors})),
                tuple(sorted({f"{f.edition.source}-{f.edition.edition}" for f in factors})),
            )
            for (category, activity), factors in grouped.items()
        ]
        entries += [
            CatalogueEntry("refrigerants", activity, name, ("any",), ("kg",), ("ipcc_gwp",))
            for activity, name in self.gwp.activities()
        ]
        order = list(CATEGORIES)
        return sorted(entries, key=lambda e: (order.index(e.category), e.activity))


@functools.cache
def default_library() -> FactorLibrary:
    """The library shipped in the package, loaded once per process."""
    return FactorLibrary.load()
