"""Global warming potentials (GWP-100) under IPCC AR4, AR5 and AR6, and refrigerant blends.

A blend's GWP is formed from its composition (mass share x GWP of each HFC and PFC
constituent, as EPA Table 12 defines it), so the same blend can be reported under any set.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from footprint.domain.errors import InvalidInput

GWP_SETS = ("AR4", "AR5", "AR6")
DEFAULT_GWP_SET = "AR5"
_COMPACT = re.compile(r"[^a-z0-9]+")


def check_gwp_set(name: str) -> str:
    """The set name in canonical case, or ``InvalidInput`` naming the sets on offer."""
    upper = name.strip().upper()
    if upper not in GWP_SETS:
        raise InvalidInput(f"unknown GWP set {name!r}", field="gwp", allowed=list(GWP_SETS))
    return upper


@dataclass(frozen=True, slots=True)
class Species:
    name: str
    activity: str
    gwp: dict[str, float]
    line: str


@dataclass(frozen=True, slots=True)
class Blend:
    """A refrigerant blend: (constituent, IPCC species or None if not counted, mass share)."""

    name: str
    activity: str
    composition: str
    parts: tuple[tuple[str, str | None, float], ...]
    published_gwp: tuple[float, str, str]


class GwpTable:
    """GWP-100 values by species and set, plus blends; looked up by refrigerant activity."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.species: dict[str, Species] = {
            s["name"]: Species(s["name"], s["activity"], {k: s[k] for k in GWP_SETS}, s["line"])
            for s in document["species"]
        }
        self.blends: dict[str, Blend] = {
            b["activity"]: Blend(
                b["name"],
                b["activity"],
                b["composition"],
                tuple((label, species, share) for label, species, share in b["parts"]),
                (float(b["published_gwp"][0]), b["published_gwp"][1], b["published_gwp"][2]),
            )
            for b in document["blends"]
        }
        self._by_activity: dict[str, str] = {
            _compact(s.activity): s.name for s in self.species.values()
        }
        for alias, species in document["aliases"].items():
            self._by_activity[_compact(alias)] = species
        self._blends_compact = {_compact(key): blend for key, blend in self.blends.items()}

    def gwp(self, species: str, gwp_set: str) -> float:
        """GWP-100 of one IPCC species (``CH4``, ``HFC134a``) under ``gwp_set``."""
        return self.species[species].gwp[gwp_set]

    def refrigerant(self, activity: str) -> Species | Blend | None:
        """The species or blend a refrigerant activity names (``HFC-134a``, ``R-404A``...)."""
        key = _compact(activity)
        blend = self._blends_compact.get(key)
        if blend is not None:
            return blend
        name = self._by_activity.get(key)
        return self.species[name] if name else None

    def blend_gwp(self, blend: Blend, gwp_set: str) -> float:
        """Sum of mass share x GWP over the blend's counted (HFC/PFC) constituents."""
        return sum(
            share * self.gwp(species, gwp_set) for _, species, share in blend.parts if species
        )

    def activities(self) -> list[tuple[str, str]]:
        """(activity, display name) of every species and blend, for the published catalogue."""
        pairs = [(s.activity, s.name) for s in self.species.values()]
        pairs += [(b.activity, b.name) for b in self.blends.values()]
        return sorted(pairs)


def _compact(text: str) -> str:
    """Spelling-insensitive key: ``HFC-134a``, ``hfc_134a`` and ``HFC134a`` all match."""
    return _COMPACT.sub("", text.lower())
