"""Reader for the IPCC GWP-100 sets (AR4, AR5, AR6) and EPA's refrigerant blend compositions.

Species come from openclimatedata/globalwarmingpotentials (CC0). Blends come from EPA Hub
Table 12, whose GWPs count only the HFC and PFC constituents; their composition is imported
so a blend's GWP can be formed under any set, not only the AR5 value EPA prints.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

from footprint.domain.factors.gwp import GWP_SETS
from footprint.factor_import import epa_hub
from footprint.factor_import.common import sha256, slug

GWP_FILE = "gwp/globalwarmingpotentials.csv"
_PREFIXED = re.compile(r"^(HFC|HCFC|CFC|HFE|PFC|Halon)-?(\d)")
_SHARE = re.compile(r"([\d.]+)%\s*([^,]+)")


def activity_name(species: str) -> str:
    """Refrigerant activity for a species: ``HFC134a`` -> ``hfc_134a``, ``SF6`` -> ``sf6``."""
    return slug(_PREFIXED.sub(r"\1-\2", species))


def read(folder: Path, hub_rows: list[list[Any]]) -> dict[str, Any]:
    """The GWP document: species with their three GWPs, aliases, and blends."""
    path = folder / GWP_FILE
    species: list[dict[str, Any]] = [
        {
            "name": "CO2",
            "activity": "co2",
            "line": "by definition",
            **dict.fromkeys(GWP_SETS, 1.0),
        }
    ]
    with path.open(newline="", encoding="utf-8") as handle:
        lines = [(n, line) for n, line in enumerate(handle, start=1) if not line.startswith("#")]
    header = next(csv.reader([lines[0][1]]))
    for number_, line in lines[1:]:
        cells = dict(zip(header, next(csv.reader([line])), strict=True))
        values = {name: cells[f"{name}GWP100"] for name in GWP_SETS}
        if not all(values.values()) or any(s["name"] == cells["Species"] for s in species):
            continue
        species.append(
            {
                "name": cells["Species"],
                "activity": activity_name(cells["Species"]),
                "line": f"{GWP_FILE} line {number_}",
                **{name: float(value) for name, value in values.items()},
            }
        )
    known = {s["name"] for s in species}
    aliases = _aliases(hub_rows, known)
    blends = [
        _blend(name, composition, value, cell, aliases, known)
        for name, composition, value, cell in epa_hub.blend_table(hub_rows)
    ]
    return {
        "source": "ipcc_gwp",
        "edition": "AR4/AR5/AR6",
        "year": 2021,
        "publisher": "IPCC via openclimatedata/globalwarmingpotentials; blends from US EPA",
        "title": "GWP-100 values (IPCC AR4, AR5, AR6) and refrigerant blend compositions",
        "licence": "CC0-1.0 (GWP table); US federal work, public domain (EPA Table 12)",
        "source_file": f"{GWP_FILE} + epa/ghg-emission-factors-hub-2025.xlsx Table 12",
        "source_sha256": sha256(path),
        "notes": [
            "AR6 CH4 is the file's value 27.9 (no fossil/non-fossil split); the fossil value"
            " 29.8 is not in the source and is not used.",
            "Species lacking any of the three sets are not imported.",
            "Blend GWP = sum of mass share x GWP over HFC and PFC constituents only, as EPA"
            " Table 12 states; EPA's rounded AR5 value is kept as published_gwp.",
        ],
        "sets": list(GWP_SETS),
        "species": species,
        "aliases": aliases,
        "blends": blends,
    }


def _aliases(hub_rows: list[list[Any]], known: set[str]) -> dict[str, str]:
    """Hub names (``PFC-14``, ``Sulfur hexafluoride``) -> IPCC species, via Table 11 formulas."""
    aliases = {}
    for name, formula, _value, _cell in epa_hub.gwp_table(hub_rows):
        compact = name.replace("-", "")
        species = compact if compact in known else formula.replace("c-", "c")
        if species in known and activity_name(species) != slug(name):
            aliases[slug(name)] = species
    return dict(sorted(aliases.items()))


def _blend(
    name: str,
    composition: str,
    published: float,
    cell: str,
    aliases: dict[str, str],
    known: set[str],
) -> dict[str, Any]:
    parts = []
    for share, component in _SHARE.findall(composition):
        label = component.strip()
        species = aliases.get(slug(label), label.replace("-", ""))
        counted = label.startswith(("HFC", "PFC")) and species in known
        if label.startswith(("HFC", "PFC")) and not counted:
            raise ValueError(f"blend {name}: no GWP for constituent {label}")
        parts.append([label, species if counted else None, float(share) / 100])
    return {
        "name": name,
        "activity": slug(name),
        "composition": composition,
        "parts": parts,
        "published_gwp": [published, "AR5", f"Table 12 {cell}"],
    }
