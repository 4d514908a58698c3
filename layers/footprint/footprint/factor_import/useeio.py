"""Reader for EPA's Supply Chain GHG Emission Factors v1.3.0 (USEEIO), by 2017 NAICS code.

Per-gas masses come from the ``byGHG`` file so CO2e can be formed under any GWP set; the
``CO2e`` file's published total is kept beside each factor as the cross-check. Factors *with
margins* are used: they are per dollar of purchaser price, which is what an invoice shows.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from footprint.factor_import.common import Factor, number, sha256

CO2E_FILE = "SupplyChainGHGEmissionFactors_v1.3.0_NAICS_CO2e_USD2022.csv"
BY_GAS_FILE = "SupplyChainGHGEmissionFactors_v1.3.0_NAICS_byGHG_USD2022.csv"
VALUE_COLUMN = "Supply Chain Emission Factors with Margins"

# The file's gas names mapped onto the IPCC species names of the GWP table.
GASES = {
    "Carbon dioxide": "CO2",
    "Methane": "CH4",
    "Nitrous oxide": "N2O",
    "HFC-23": "HFC23",
    "HFC-32": "HFC32",
    "HFC-125": "HFC125",
    "HFC-134a": "HFC134a",
    "HFC-143a": "HFC143a",
    "HFC-236fa": "HFC236fa",
    "Carbon tetrafluoride": "CF4",
    "Hexafluoroethane": "C2F6",
    "Perfluoropropane": "C3F8",
    "Perfluorobutane": "C4F10",
    "Perfluorocyclobutane": "cC4F8",
    "Perfluorohexane": "C6F14",
    "Sulfur hexafluoride": "SF6",
    "Nitrogen trifluoride": "NF3",
    "HFCs and PFCs, unspecified": "CO2e",
}


def read(folder: Path) -> dict[str, Any]:
    """The edition document for USEEIO v1.3.0 (one factor per NAICS code)."""
    by_gas: dict[str, list[list[Any]]] = {}
    with (folder / BY_GAS_FILE).open(newline="", encoding="utf-8") as handle:
        for line, record in enumerate(csv.DictReader(handle), start=2):
            gas = GASES[record["GHG"]]
            numerator = "kgCO2e" if gas == "CO2e" else "kg"
            value = number(record[VALUE_COLUMN])
            if value is None:
                raise ValueError(f"{BY_GAS_FILE} line {line}: no value")
            cell = f"byGHG line {line}"
            by_gas.setdefault(record["2017 NAICS Code"], []).append([gas, value, numerator, cell])
    factors: list[Factor] = []
    with (folder / CO2E_FILE).open(newline="", encoding="utf-8") as handle:
        for line, record in enumerate(csv.DictReader(handle), start=2):
            code = record["2017 NAICS Code"]
            total = number(record[VALUE_COLUMN])
            cell = f"CO2e line {line}"
            gases = by_gas.get(code)
            if gases is None:
                raise ValueError(f"{CO2E_FILE} line {line}: NAICS {code} has no by-gas rows")
            factors.append(
                {
                    "id": f"useeio-1.3.0/{code}",
                    "categories": ["purchased_goods_services", "capital_goods"],
                    "activity": code,
                    "label": record["2017 NAICS Title"],
                    "region": "US",
                    "unit": "USD_2022",
                    "source_unit": record["Unit"].split("/", 1)[1],
                    "table": f"NAICS 2017 x GHG, {VALUE_COLUMN}",
                    "row": f"{code} {record['2017 NAICS Title']}",
                    "gases": sorted(gases),
                    "co2e_total": [total, cell],
                }
            )
    return {
        "source": "useeio",
        "edition": "1.3.0",
        "year": 2022,
        "publisher": "US Environmental Protection Agency",
        "title": "Supply Chain GHG Emission Factors for US Industries and Commodities (USEEIO)",
        "released": "v1.3.0, 2017 NAICS, 2022 USD purchaser price",
        "licence": "US federal government work, public domain",
        "source_file": f"epa/{BY_GAS_FILE} + epa/{CO2E_FILE}",
        "source_sha256": f"{sha256(folder / BY_GAS_FILE)} {sha256(folder / CO2E_FILE)}",
        "gwp_basis": "AR5",
        "notes": [
            "Per kg of gas per 2022 US dollar (purchaser price, with margins); CO2e is formed"
            " with the GWP set the calculation names.",
            "'HFCs and PFCs, unspecified' is published in kg CO2e and cannot be re-weighted;"
            " its basis is taken as AR5, the set whose GWPs best reproduce the published CO2e"
            " totals from the by-gas masses (mean deviation 0.2 %, within 3-digit rounding).",
        ],
        "factors": factors,
    }
