"""Reader for the US EPA GHG Emission Factors Hub workbook (one sheet, Tables 1-12 stacked).

Each table has its own layout, so each gets a small parser; all of them walk the rows between
the "Table N" heading and the table's "Source:" note. The Hub mixes units per block (per
mmBtu, per short ton, per scf, per gallon), gives CH4 and N2O in grams where CO2 is in
kilograms, electricity in lb/MWh and waste already in metric tons CO2e (AR4): every factor
keeps its published unit and the loader converts, so nothing is pre-multiplied here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from footprint.factor_import.common import (
    Factor,
    cell_ref,
    number,
    sha256,
    slug,
    strip_footnote,
    strip_parenthetical,
    text,
)

Rows = list[list[Any]]

_TABLE = re.compile(r"Table (\d+)$")
_BASIS_UNITS = {
    "short ton": "short_ton",
    "scf": "scf",
    "gallon": "gal",
    "vehicle-mile": "vehicle_mile",
    "passenger-mile": "passenger_mile",
    "short ton-mile": "short_ton_mile",
}
_GAS_COLUMNS = ("CO2", "CH4", "N2O")

# Tables 3-5 give CH4 and N2O per vehicle; CO2 comes from Table 2 by fuel. These map the
# fuel named in Tables 4-5 to the Table 2 row; methanol vehicles have no Table 2 CO2 factor
# and are therefore not imported (see data/factors/README.md).
_ONROAD_FUELS = {
    "Gasoline": "motor_gasoline",
    "Diesel": "diesel_fuel",
    "CNG": "compressed_natural_gas_cng",
    "LPG": "liquefied_petroleum_gases_lpg",
    "LNG": "liquefied_natural_gas_lng",
    "Ethanol": "ethanol_100",
    "Biodiesel": "biodiesel_100",
}
_NONROAD_FUELS = (
    ("Residual Fuel Oil", "residual_fuel_oil"),
    ("Jet Fuel", "kerosene_type_jet_fuel"),
    ("Aviation Gasoline", "aviation_gasoline"),
    ("Gasoline", "motor_gasoline"),
    ("Diesel", "diesel_fuel"),
    ("LPG", "liquefied_petroleum_gases_lpg"),
)


def read(path: Path, edition: str) -> dict[str, Any]:
    """The edition document (header + factors) for one Hub workbook."""
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_path(str(path))
    rows: Rows = workbook.get_sheet_by_name(workbook.sheet_names[0]).to_python(
        skip_empty_area=False
    )
    tables = dict(_split_tables(rows))
    prefix = f"epa_hub-{edition}"
    factors: list[Factor] = []
    biomass = set[str]()
    factors += _stationary(tables[1], prefix, biomass)
    factors += _mobile_co2(tables[2], prefix, biomass)
    factors += _onroad_gasoline(tables[3], prefix)
    factors += _onroad_other(tables[4], prefix)
    factors += _nonroad(tables[5], prefix)
    factors += _electricity(tables[6], prefix)
    factors += _steam(tables[7], prefix)
    factors += _per_unit_table(
        tables[8], prefix, "t8", ["upstream_transport", "downstream_transport"]
    )
    factors += _waste(tables[9], prefix)
    factors += _per_unit_table(tables[10], prefix, "t10", ["business_travel", "employee_commuting"])
    for factor in factors:
        factor["region"] = factor.get("region", "US")
    return {
        "source": "epa_hub",
        "edition": edition,
        "year": int(edition),
        "publisher": "US Environmental Protection Agency",
        "title": "GHG Emission Factors Hub",
        "released": _released(rows),
        "licence": "US federal government work, public domain",
        "source_file": f"epa/{path.name}",
        "source_sha256": sha256(path),
        "gwp_basis": "AR5",
        "notes": [
            "Values are as published; units are converted at load time (g -> kg, lb -> kg).",
            "Table 9 (waste) is published in metric tons CO2e on AR4 GWPs.",
            "Table 6 non-baseload rates are not imported: EPA says they should not be used"
            " for inventories.",
            "Methanol vehicles (Table 4) are not imported: Table 2 has no methanol CO2 factor.",
        ],
        "factors": factors,
    }


def tables_of(rows: Rows) -> dict[int, Rows]:
    """Rows of each numbered table, keyed by table number (used by the import test too)."""
    return dict(_split_tables(rows))


def _split_tables(rows: Rows) -> Iterator[tuple[int, Rows]]:
    """Yield (table number, rows) with rows padded to absolute positions (None elsewhere)."""
    starts = [
        (index, int(match.group(1)))
        for index, row in enumerate(rows)
        if len(row) > 1 and (match := _TABLE.match(text(row[1])))
    ]
    for position, (start, number_) in enumerate(starts):
        end = starts[position + 1][0] if position + 1 < len(starts) else len(rows)
        yield number_, [row if start <= index < end else [] for index, row in enumerate(rows)]


def _released(rows: Rows) -> str:
    for row in rows[:6]:
        for value in row:
            if text(value).startswith("Last Modified"):
                return text(value)
    raise ValueError("Hub workbook without a 'Last Modified' line")


def _body(table: Rows) -> Iterator[tuple[int, list[Any]]]:
    """Non-empty rows of a table up to its ``Source:``/``Notes:`` block."""
    for index, row in enumerate(table):
        if not row:
            continue
        label = text(row[2]) if len(row) > 2 else ""
        if label.startswith(("Source", "Notes")):
            return
        yield index, row


def _cell(row: list[Any], column: int) -> Any:
    return row[column] if column < len(row) else None


def _gases(
    row_index: int, row: list[Any], columns: tuple[int, ...], numerators: tuple[str, ...]
) -> list[list[Any]]:
    gases = []
    for gas, column, numerator in zip(_GAS_COLUMNS, columns, numerators, strict=True):
        value = number(_cell(row, column))
        if value is None:
            raise ValueError(f"missing {gas} value at {cell_ref(row_index, column)}")
        gases.append([gas, value, numerator, cell_ref(row_index, column)])
    return gases


def _stationary(table: Rows, prefix: str, biomass: set[str]) -> list[Factor]:
    """Table 1: per mmBtu and per physical unit (short ton, scf or gallon) for each fuel."""
    factors: list[Factor] = []
    basis = ""
    section = ""
    for index, row in _body(table):
        label = text(_cell(row, 2))
        heading = text(_cell(row, 3))
        if heading.startswith("mmBtu per "):
            basis = _BASIS_UNITS[heading.removeprefix("mmBtu per ")]
            continue
        if not label or label == "Fuel Type":
            continue
        if number(_cell(row, 4)) is None:
            section = " ".join(label.split())
            continue
        activity = slug(label)
        biogenic = section.startswith("Biomass Fuels")
        if biogenic:
            biomass.add(activity)
        per_heat = _gases(index, row, (4, 5, 6), ("kg", "g", "g"))
        common = {
            "categories": ["stationary_combustion"],
            "activity": activity,
            "label": label,
            "table": "Table 1 Stationary Combustion",
            "row": f"{section} > {label}",
        }
        factors.append(
            {
                **common,
                "id": f"{prefix}/t1/{activity}/mmBtu",
                "unit": "mmBtu",
                "source_unit": "mmBtu",
                "gases": _biogenic(per_heat, biogenic),
            }
        )
        if number(_cell(row, 7)) is not None:
            per_unit = _gases(index, row, (7, 8, 9), ("kg", "g", "g"))
            factors.append(
                {
                    **common,
                    "id": f"{prefix}/t1/{activity}/{basis}",
                    "unit": basis,
                    "source_unit": basis.replace("_", " ").replace("gal", "gallon"),
                    "gases": _biogenic(per_unit, biogenic),
                }
            )
    return factors


def _biogenic(gases: list[list[Any]], biogenic: bool) -> list[list[Any]]:
    """Biomass CO2 is reported apart from scope totals (GHG Protocol), so it gets its own gas."""
    if not biogenic:
        return gases
    return [["biogenic_CO2", *gas[1:]] if gas[0] == "CO2" else gas for gas in gases]


def _mobile_co2(table: Rows, prefix: str, biomass: set[str]) -> list[Factor]:
    """Table 2: CO2 per unit of fuel; used with Tables 3-5, never alone (``component``)."""
    factors: list[Factor] = []
    for index, row in _body(table):
        label = text(_cell(row, 2))
        value = number(_cell(row, 3))
        if value is None:
            continue
        activity = slug(label)
        unit_text = text(_cell(row, 4))
        unit = _BASIS_UNITS[unit_text]
        gas = "biogenic_CO2" if activity in biomass else "CO2"
        factors.append(
            {
                "id": f"{prefix}/t2/{activity}/{unit}",
                "categories": ["mobile_combustion"],
                "component": "fuel_co2",
                "activity": activity,
                "label": label,
                "unit": unit,
                "source_unit": unit_text,
                "table": "Table 2 Mobile Combustion CO2",
                "row": label,
                "gases": [[gas, value, "kg", cell_ref(index, 3)]],
            }
        )
    return factors


def _model_years(label: str) -> list[int | None]:
    """``1973-1974`` -> [1973, 1974]; ``≤1980`` -> [None, 1980]; ``2015`` -> [2015, 2015]."""
    cleaned = label.strip()
    if cleaned.startswith("≤"):
        return [None, int(cleaned[1:])]
    first, _, last = cleaned.partition("-")
    return [int(first), int(last or first)]


def _vehicle_factor(
    prefix: str,
    table: str,
    activity: str,
    label: str,
    years: list[int | None] | None,
    fuel: str,
    gases: list[list[Any]],
    unit: str,
) -> Factor:
    suffix = "" if years is None else f"/{years[0] or ''}-{years[1]}"
    factor: Factor = {
        "id": f"{prefix}/t{table.split()[1]}/{activity}/{unit}{suffix}",
        "categories": ["mobile_combustion"],
        "activity": activity,
        "label": label,
        "unit": unit,
        "source_unit": unit.replace("_", "-").replace("gal", "gallon"),
        "table": table,
        "row": label if years is None else f"{label} > model year {years[0] or '≤'}-{years[1]}",
        "fuel_activity": fuel,
        "gases": gases,
    }
    if years is not None:
        factor["model_years"] = years
    return factor


def _onroad_gasoline(table: Rows, prefix: str) -> list[Factor]:
    """Table 3: CH4/N2O per vehicle-mile by gasoline vehicle type and model year."""
    factors: list[Factor] = []
    vehicle = ""
    for index, row in _body(table):
        label = text(_cell(row, 2))
        if label.startswith("Gasoline "):
            vehicle = label.removeprefix("Gasoline ")
        years = text(_cell(row, 3))
        if not vehicle or number(_cell(row, 4)) is None:
            continue
        gases = [["CH4", number(row[4]), "g", cell_ref(index, 4)]]
        gases.append(["N2O", number(row[5]), "g", cell_ref(index, 5)])
        factors.append(
            _vehicle_factor(
                prefix,
                "Table 3 Mobile Combustion CH4 and N2O for On-Road Gasoline Vehicles",
                f"{slug(vehicle)}.gasoline",
                f"Gasoline {vehicle}",
                _model_years(years),
                "motor_gasoline",
                gases,
                "vehicle_mile",
            )
        )
    return factors


def _onroad_other(table: Rows, prefix: str) -> list[Factor]:
    """Table 4: CH4/N2O per vehicle-mile for diesel (by model year) and alternative fuels."""
    factors: list[Factor] = []
    vehicle = fuel = ""
    for index, row in _body(table):
        vehicle = text(_cell(row, 2)) or vehicle
        fuel = text(_cell(row, 3)) or fuel
        if number(_cell(row, 5)) is None or fuel == "Methanol":
            continue
        years_text = text(_cell(row, 4))
        gases = [["CH4", number(row[5]), "g", cell_ref(index, 5)]]
        gases.append(["N2O", number(row[6]), "g", cell_ref(index, 6)])
        factors.append(
            _vehicle_factor(
                prefix,
                "Table 4 Mobile Combustion CH4 and N2O for On-Road Diesel and Alternative Fuel"
                " Vehicles",
                f"{slug(vehicle)}.{slug(fuel)}",
                f"{vehicle} ({fuel})",
                _model_years(years_text) if years_text else None,
                _ONROAD_FUELS[fuel],
                gases,
                "vehicle_mile",
            )
        )
    return factors


def _nonroad(table: Rows, prefix: str) -> list[Factor]:
    """Table 5: CH4/N2O per gallon of fuel for non-road vehicles and equipment."""
    factors: list[Factor] = []
    vehicle = ""
    for index, row in _body(table):
        vehicle = strip_footnote(text(_cell(row, 2))) or vehicle
        fuel = text(_cell(row, 3))
        if number(_cell(row, 4)) is None:
            continue
        link = next(code for name, code in _NONROAD_FUELS if name in fuel)
        gases = [["CH4", number(row[4]), "g", cell_ref(index, 4)]]
        gases.append(["N2O", number(row[5]), "g", cell_ref(index, 5)])
        factors.append(
            _vehicle_factor(
                prefix,
                "Table 5 Mobile Combustion CH4 and N2O for Non-Road Vehicles",
                f"{slug(vehicle)}.{slug(fuel)}",
                f"{vehicle} ({fuel})",
                None,
                link,
                gases,
                "gal",
            )
        )
    return factors


def _electricity(table: Rows, prefix: str) -> list[Factor]:
    """Table 6: eGRID subregion total output rates (lb per MWh); ``US Average`` is region US."""
    factors: list[Factor] = []
    for index, row in _body(table):
        acronym = text(_cell(row, 2))
        if number(_cell(row, 4)) is None:
            continue
        region = "US" if acronym == "US Average" else acronym
        factor: Factor = {
            "id": f"{prefix}/t6/{region}/MWh",
            "categories": ["electricity"],
            "activity": "grid",
            "label": f"{acronym} ({text(_cell(row, 3))}) total output",
            "region": region,
            "unit": "MWh",
            "source_unit": "MWh",
            "table": "Table 6 Electricity (eGRID total output emission factors)",
            "row": acronym,
            "gases": _gases(index, row, (4, 5, 6), ("lb", "lb", "lb")),
        }
        loss = number(_cell(row, 10))
        if loss is not None:
            factor["grid_gross_loss"] = [loss, cell_ref(index, 10)]
        factors.append(factor)
    return factors


def _steam(table: Rows, prefix: str) -> list[Factor]:
    """Table 7: purchased steam and heat per mmBtu (natural gas at 80 % efficiency)."""
    for index, row in _body(table):
        if number(_cell(row, 3)) is not None:
            return [
                {
                    "id": f"{prefix}/t7/steam_and_heat/mmBtu",
                    "categories": ["steam_heat"],
                    "activity": "steam_and_heat",
                    "label": text(row[2]),
                    "unit": "mmBtu",
                    "source_unit": "mmBtu",
                    "table": "Table 7 Steam and Heat",
                    "row": text(row[2]),
                    "gases": _gases(index, row, (3, 4, 5), ("kg", "g", "g")),
                }
            ]
    raise ValueError("Table 7 without a steam factor")


def _per_unit_table(table: Rows, prefix: str, code: str, categories: list[str]) -> list[Factor]:
    """Tables 8 and 10: kg CO2, g CH4, g N2O per vehicle-, ton- or passenger-mile."""
    factors: list[Factor] = []
    title = ""
    for index, row in _body(table):
        heading = text(_cell(row, 2))
        if not title:
            title = f"Table {code[1:]} {' '.join(heading.split())}"
            continue
        value = number(_cell(row, 3))
        if value is None:
            continue
        label = strip_parenthetical(strip_footnote(heading))
        unit_text = text(_cell(row, 6))
        unit = _BASIS_UNITS[unit_text]
        activity = slug(label)
        factors.append(
            {
                "id": f"{prefix}/{code}/{activity}/{unit}",
                "categories": categories,
                "activity": activity,
                "label": label,
                "unit": unit,
                "source_unit": unit_text,
                "table": title,
                "row": heading,
                "gases": _gases(index, row, (3, 4, 5), ("kg", "g", "g")),
            }
        )
    return factors


def _waste(table: Rows, prefix: str) -> list[Factor]:
    """Table 9: metric tons CO2e (AR4) per short ton, by material and disposal method."""
    factors: list[Factor] = []
    methods: list[str] = []
    for index, row in _body(table):
        label = text(_cell(row, 2))
        if label == "Material":
            methods = [strip_footnote(text(value)) for value in row[3:9]]
            continue
        if not methods or not label:
            continue
        for offset, method in enumerate(methods):
            column = 3 + offset
            value = number(_cell(row, column))
            if value is None:
                continue
            activity = f"{slug(label)}.{slug(method)}"
            factors.append(
                {
                    "id": f"{prefix}/t9/{activity}/short_ton",
                    "categories": ["waste", "end_of_life"],
                    "activity": activity,
                    "label": f"{label}, {method}",
                    "unit": "short_ton",
                    "source_unit": "short ton material",
                    "table": "Table 9 Scope 3 Category 5 and 12: Waste",
                    "row": f"{label} > {method}",
                    "gwp_basis": "AR4",
                    "gases": [["CO2e", value, "tCO2e", cell_ref(index, column)]],
                }
            )
    return factors


def gwp_table(rows: Rows) -> list[tuple[str, str, float, str]]:
    """Table 11 rows as (common name, formula, AR5 GWP, cell): the name/formula pairs map the
    Hub's refrigerant names (``PFC-14``) onto the IPCC species (``CF4``)."""
    found = []
    for index, row in _body(tables_of(rows)[11]):
        value = number(_cell(row, 4))
        if value is not None:
            name = " ".join(text(row[2]).split())
            formula = text(row[3]).replace("\xa0", "").strip()
            found.append((name, formula, value, cell_ref(index, 4)))
    return found


def blend_table(rows: Rows) -> list[tuple[str, str, float, str]]:
    """Table 12 rows as (ASHRAE number, composition text, AR5 GWP, cell)."""
    found = []
    for index, row in _body(tables_of(rows)[12]):
        value = number(_cell(row, 3))
        if value is not None:
            found.append((text(row[2]), text(row[4]), value, cell_ref(index, 3)))
    return found
