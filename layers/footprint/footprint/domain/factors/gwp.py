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


# How a text names the IPCC set its GWPs come from: ``gwp_label`` writes it, and a text
# formed under one set (a reference's source, an edition kept with stored aggregates) is
# relabelled to another with ``follow_gwp_set``.
_GWP_LABEL = re.compile(r"IPCC AR[0-9] GWP-100")
# IPCC AR6 WGI Table 7.15 gives GWP-100 29.8 for fossil CH4 (the CO2 of its oxidation
# included) and 27.0 for non-fossil CH4; the source (openclimatedata/globalwarmingpotentials,
# from Table 7.SM.7) has one AR6 CH4 value, 27.9, and neither of those (data/factors/README.md).
AR6_FOSSIL_CH4 = 29.8


def gwp_label(gwp_set: str) -> str:
    """``IPCC AR6 GWP-100``: how a label names the GWP set its CO2e is weighted with."""
    return f"IPCC {gwp_set} GWP-100"


def follow_gwp_set(text: str, gwp_set: str) -> str:
    """``text`` with every IPCC GWP set it names replaced by ``gwp_set`` (the set a summary
    or export was asked under, whatever set the calculation that kept the text used)."""
    return _GWP_LABEL.sub(gwp_label(gwp_set), text)


def ar6_ch4_note(ch4_gwp: float) -> str:
    """The note of a line whose fossil-fuel CH4 is weighted with the source's single AR6 CH4
    GWP-100 (``ch4_gwp``, 27.9) rather than AR6's fossil CH4 value."""
    return (
        f"AR6 CH4: weighted with {ch4_gwp!r}, the only AR6 CH4 GWP-100 the source gives"
        " (openclimatedata/globalwarmingpotentials, from IPCC AR6 WGI Table 7.SM.7, with no"
        " fossil/non-fossil split), not the fossil CH4 value, though this line has fossil"
        " CO2 and so CH4 from fossil fuel in whole or part: AR6 WGI Table 7.15 gives fossil"
        f" CH4 {AR6_FOSSIL_CH4!r} (non-fossil 27.0), which the source does not give and the"
        " library does not use (data/factors/README.md)"
    )


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
