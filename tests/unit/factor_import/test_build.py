"""The committed library against the publications: re-import reproduces it byte for byte, and a
sample of its numbers is re-read straight from the publishers' files with an independent
reader (openpyxl / csv, where the importer uses python-calamine)."""

import csv
import json
import re
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from footprint.domain.factors.library import DATA_DIR
from footprint.factor_import.build import run

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")  # openpyxl on unused parts
EVERY = 5  # sample every fifth factor of each edition
CELL = re.compile(r"^([A-Z]+)(\d+)$")
LINE = re.compile(r"^(?:(byGHG|CO2e) )?line (\d+)$")
SOURCES = {
    "epa_hub-2024.json": "epa/ghg-emission-factors-hub-2024.xlsx",
    "epa_hub-2025.json": "epa/ghg-emission-factors-hub-2025.xlsx",
    "desnz-2024.json": "desnz/ghg-conversion-factors-2024-FlatFormat_v1_1.xlsx",
    "desnz-2025.json": "desnz/ghg-conversion-factors-2025-flat-format.csv",
    "useeio-1.3.0.json": "epa",
}
USEEIO = {
    "byGHG": "SupplyChainGHGEmissionFactors_v1.3.0_NAICS_byGHG_USD2022.csv",
    "CO2e": "SupplyChainGHGEmissionFactors_v1.3.0_NAICS_CO2e_USD2022.csv",
}
USEEIO_COLUMN = "Supply Chain Emission Factors with Margins"


def test_reimport_reproduces_the_committed_files(factor_sources: Path, tmp_path: Path) -> None:
    written = run(factor_sources, tmp_path)
    assert {p.name for p in written} == {p.name for p in DATA_DIR.glob("*.json")}
    for path in written:
        assert path.read_bytes() == (DATA_DIR / path.name).read_bytes(), path.name


def _xlsx_cells(path: Path, sheet: str | None) -> dict[str, Any]:
    workbook = load_workbook(path, read_only=True, data_only=True)
    worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
    cells = {}
    for row in worksheet.iter_rows():
        for cell in row:
            if getattr(cell, "value", None) is not None:
                cells[cell.coordinate] = cell.value
    workbook.close()
    return cells


def _csv_lines(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return [[], *csv.reader(handle)]  # index = line number


@pytest.fixture(scope="module")
def source_cells(factor_sources: Path) -> dict[str, Any]:
    return {
        "epa_hub-2024.json": _xlsx_cells(factor_sources / SOURCES["epa_hub-2024.json"], None),
        "epa_hub-2025.json": _xlsx_cells(factor_sources / SOURCES["epa_hub-2025.json"], None),
        "desnz-2024.json": _xlsx_cells(
            factor_sources / SOURCES["desnz-2024.json"], "Factors by Category"
        ),
        "desnz-2025.json": _csv_lines(factor_sources / SOURCES["desnz-2025.json"]),
        "useeio-1.3.0.json": {
            name: _csv_lines(factor_sources / "epa" / file) for name, file in USEEIO.items()
        },
    }


def _published(file: str, cells: Any, reference: str) -> float:
    if file.startswith(("epa_hub", "desnz-2024")):
        value = cells[reference]
        return float(value.strip()) if isinstance(value, str) else float(value)
    match = LINE.match(reference)
    assert match, reference
    if file.startswith("desnz"):
        return float(cells[int(match.group(2))][9])
    lines = cells[match.group(1)]
    header = lines[1]
    return float(lines[int(match.group(2))][header.index(USEEIO_COLUMN)])


@pytest.mark.parametrize("file", sorted(SOURCES))
def test_sampled_values_match_the_source_cells(file: str, source_cells: dict[str, Any]) -> None:
    document = json.loads((DATA_DIR / file).read_text(encoding="utf-8"))
    factors = document["factors"][::EVERY]
    checked = 0
    for factor in factors:
        for gas, value, _numerator, reference in factor["gases"]:
            assert _published(file, source_cells[file], reference) == value, (factor["id"], gas)
            checked += 1
    assert checked >= len(factors)


def test_hand_picked_cells(source_cells: dict[str, Any]) -> None:
    hub = source_cells["epa_hub-2025.json"]
    assert (hub["C38"], hub["E38"], hub["H38"]) == ("Natural Gas", 53.06, 0.05444)
    assert (hub["C342"], hub["E342"]) == ("CAMX", 436.655)
    assert hub["C515"].startswith("Air Travel - Long Haul")
    assert hub["D515"] == 0.163
    uk = source_cells["desnz-2025.json"][3061]
    assert uk[4:10] == ["Electricity: UK", "kWh", "", "kWh", "kg CO2e", "0.17700"]


def test_gwp_values_match_the_csv(factor_sources: Path) -> None:
    document = json.loads((DATA_DIR / "ipcc_gwp.json").read_text(encoding="utf-8"))
    lines = _csv_lines(factor_sources / "gwp" / "globalwarmingpotentials.csv")
    header = next(line for line in lines[1:] if line and line[0] == "Species")
    for species in document["species"][1:]:
        row = lines[int(species["line"].rsplit(" ", 1)[1])]
        assert row[0] == species["name"]
        for name in ("AR4", "AR5", "AR6"):
            assert float(row[header.index(f"{name}GWP100")]) == species[name]


def test_desnz_2025_export_structure_was_checked() -> None:
    document = json.loads((DATA_DIR / "desnz-2025.json").read_text(encoding="utf-8"))
    assert any(note.startswith("Structure spot-check against 2024") for note in document["notes"])
