"""Reader for UK DESNZ conversion factors, flat format ("Factors by Category").

Each DESNZ factor is up to four rows sharing an ID stem: the kg CO2e total and the CO2, CH4
and N2O parts, each in kg CO2e on AR5 GWPs. The parts are kept as published; the loader turns
them back into gas masses (dividing by the AR5 GWP) so CO2e can be formed under any set.
"Outside of Scopes" rows are the biogenic CO2 of bioenergy and are attached to the matching
Scope 1/2 factor as its own gas, never added to a scope total.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from footprint.factor_import.common import Factor, number, sha256, slug, text

XLSX_2024 = "desnz/ghg-conversion-factors-2024-FlatFormat_v1_1.xlsx"
CSV_2025 = "desnz/ghg-conversion-factors-2025-flat-format.csv"
HEADER = ("ID", "Scope", "Level 1", "Level 2", "Level 3", "Level 4", "Column Text", "UOM")

# Level 1 -> library categories. SECR kWh rows convert distance to kWh (not emissions) and
# "Refrigerant & other" restates IPCC AR5 GWPs, which the library takes from IPCC directly.
CATEGORIES: dict[str, list[str]] = {
    "Fuels": ["stationary_combustion"],
    "Bioenergy": ["stationary_combustion"],
    "Passenger vehicles": ["mobile_combustion"],
    "Delivery vehicles": ["mobile_combustion"],
    "UK electricity": ["electricity"],
    "UK electricity for EVs": ["electricity"],
    "Heat and steam": ["steam_heat"],
    "Transmission and distribution": ["fuel_energy_related"],
    "UK electricity T&D for EVs": ["fuel_energy_related"],
    "Business travel- air": ["business_travel"],
    "Business travel- land": ["business_travel", "employee_commuting"],
    "Business travel- sea": ["business_travel"],
    "Hotel stay": ["business_travel"],
    "Homeworking": ["employee_commuting"],
    "Freighting goods": ["upstream_transport", "downstream_transport"],
    "Material use": ["purchased_goods_services"],
    "Water supply": ["purchased_goods_services"],
    "Water treatment": ["purchased_goods_services"],
    "Waste disposal": ["waste", "end_of_life"],
    "Managed assets- electricity": ["upstream_leased_assets"],
    "Managed assets- vehicles": ["upstream_leased_assets"],
}
SKIPPED_LEVEL1 = {
    "Refrigerant & other",
    "SECR kWh pass & delivery vehs",
    "SECR kWh UK electricity for EVs",
}
UNITS = {
    "tonnes": "tonne",
    "litres": "L",
    "kWh (Gross CV)": "kWh",
    "kWh": "kWh",
    "GJ": "GJ",
    "cubic metres": "m3",
    "kg": "kg",
    "km": "vehicle_km",
    "miles": "vehicle_mile",
    "tonne.km": "tonne_km",
    "passenger.km": "passenger_km",
    "Room per night": "room_night",
    "per FTE Working Hour": "fte_hour",
    "million litres": "ML",
}
_PARTS = {
    "kg CO2e of CO2 per unit": "CO2",
    "kg CO2e of CH4 per unit": "CH4",
    "kg CO2e of N2O per unit": "N2O",
}


def read_2024(folder: Path) -> tuple[dict[str, Any], dict[str, tuple[str, ...]]]:
    """The 2024 edition, from the official v1.1 workbook's "Factors by Category" sheet, and
    the structure of its rows (ID -> scope, levels, unit, GHG column) to check 2025 against."""
    from python_calamine import CalamineWorkbook

    path = folder / XLSX_2024
    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Factors by Category")
    rows = sheet.to_python(skip_empty_area=False)
    start = next(i for i, row in enumerate(rows) if tuple(map(text, row[:8])) == HEADER)
    records = [(f"J{i + 1}", row) for i, row in enumerate(rows) if i > start and row[0]]
    document = _edition(
        "2024",
        records,
        path,
        "v1.1, updated 18 October 2024 (official workbook)",
        ["Read from the sheet 'Factors by Category' only."],
    )
    return document, {text(row[0]): tuple(map(text, row[1:9])) for _cell, row in records}


def read_2025(folder: Path, structure_2024: dict[str, tuple[str, ...]]) -> dict[str, Any]:
    """The 2025 edition, from a third party's CSV export (rounded to 5 decimal places).

    The export is not the official workbook, so every row whose ID also exists in 2024 is
    checked to carry the same scope/levels/unit; the count of differences is recorded.
    """
    path = folder / CSV_2025
    with path.open(newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    if tuple(rows[0][:8]) != HEADER:
        raise ValueError(f"{CSV_2025}: unexpected header {rows[0]}")
    records = [(f"line {n}", row) for n, row in enumerate(rows[1:], start=2)]
    checked = differ = 0
    for _cell, row in records:
        before = structure_2024.get(row[0])
        if before is not None:
            checked += 1
            differ += before != tuple(row[1:9])
    return _edition(
        "2025",
        records,
        path,
        "third-party CSV export of 'Factors by Category', values rounded to 5 decimal places",
        [
            "Not the official workbook: a third party's CSV export, values rounded to 5 d.p.",
            f"Structure spot-check against 2024 v1.1: {checked} rows share an ID with 2024,"
            f" {differ} of them differ in scope, levels, unit or GHG column.",
        ],
    )


def _edition(
    edition: str,
    records: Iterable[tuple[str, list[Any]]],
    path: Path,
    released: str,
    notes: list[str],
) -> dict[str, Any]:
    rows = [(cell, [text(value) for value in row[:9]], number(row[9])) for cell, row in records]
    factors = list(_factors(edition, rows))
    _attach_biogenic(rows, factors)
    return {
        "source": "desnz",
        "edition": edition,
        "year": int(edition),
        "publisher": "UK Department for Energy Security and Net Zero",
        "title": "Greenhouse gas reporting: conversion factors, flat format",
        "released": released,
        "licence": "Open Government Licence v3.0: Contains public sector information"
        " licensed under the Open Government Licence v3.0.",
        "source_file": str(path.relative_to(path.parent.parent)),
        "source_sha256": sha256(path),
        "gwp_basis": "AR5",
        "notes": [
            *notes,
            "kWh (Net CV) rows are not imported; kWh means gross calorific value.",
            "Refrigerant & other (restated AR5 GWPs) and SECR kWh rows are not imported.",
        ],
        "factors": factors,
    }


def _factors(edition: str, rows: list[tuple[str, list[str], float | None]]) -> Iterator[Factor]:
    groups: dict[str, list[tuple[str, list[str], float | None]]] = {}
    for cell, row, value in rows:
        groups.setdefault(row[0].rsplit("_", 1)[0], []).append((cell, row, value))
    for stem, members in groups.items():
        first = members[0][1]
        scope, level1, uom = first[1], first[2], first[7]
        if level1 in SKIPPED_LEVEL1 or scope == "Outside of Scopes" or uom not in UNITS:
            continue
        total = next(((v, c) for c, r, v in members if r[8] == "kg CO2e"), None)
        if total is None or total[0] is None:
            continue
        parts = [
            [_PARTS[row[8]], value, "kgCO2e", cell]
            for cell, row, value in members
            if row[8] in _PARTS and value is not None
        ]
        labels = [label for label in first[3:7] if label and label != uom]
        yield {
            "id": f"desnz-{edition}/{stem}",
            "categories": _categories(level1),
            "activity": ".".join(slug(label) for label in labels),
            "label": " / ".join(labels),
            "region": "UK",
            "unit": UNITS[uom],
            "source_unit": uom,
            "table": f"Factors by Category: {scope} > {level1}",
            "row": " > ".join(first[2:7]).rstrip(" >"),
            "gases": parts or [["CO2e", total[0], "kgCO2e", total[1]]],
            "co2e_total": [total[0], total[1]],
        }


def _categories(level1: str) -> list[str]:
    """Well-to-tank rows (``WTT- fuels``, ``WTT- business travel- air``...) are all Scope 3
    category 3; every other Level 1 must be mapped explicitly, so a new one fails the import."""
    if level1.startswith("WTT-"):
        return ["fuel_energy_related"]
    return CATEGORIES[level1]


def _attach_biogenic(
    rows: list[tuple[str, list[str], float | None]], factors: list[Factor]
) -> None:
    """Give each bioenergy factor the biogenic CO2 its "Outside of Scopes" twin publishes."""
    by_fuel: dict[tuple[str, str], list[Factor]] = {}
    for factor in factors:
        if not factor["table"].startswith(
            ("Factors by Category: Scope 1", "Factors by Category: Scope 2")
        ):
            continue
        fuel = factor["label"].split(" / ")[1 if " / " in factor["label"] else 0]
        by_fuel.setdefault((fuel.lower(), factor["source_unit"]), []).append(factor)
    for cell, row, value in rows:
        if row[1] != "Outside of Scopes" or value is None:
            continue
        for factor in by_fuel.get((row[4].lower(), row[7]), []):
            factor["gases"].append(["biogenic_CO2", value, "kg", cell])
