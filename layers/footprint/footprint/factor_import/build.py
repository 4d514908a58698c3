"""Builds every library file from the publishers' files (what ``make factors`` runs)."""

from __future__ import annotations

from pathlib import Path

from footprint.factor_import import desnz, epa_hub, gwp, useeio
from footprint.factor_import.writer import write


def run(source: Path, out: Path) -> list[Path]:
    """Import every source edition from ``source`` into ``out``; returns the files written."""
    from python_calamine import CalamineWorkbook

    out.mkdir(parents=True, exist_ok=True)
    documents = {}
    for edition in ("2024", "2025"):
        path = source / "epa" / f"ghg-emission-factors-hub-{edition}.xlsx"
        documents[f"epa_hub-{edition}.json"] = epa_hub.read(path, edition)
    hub_2025 = source / "epa" / "ghg-emission-factors-hub-2025.xlsx"
    workbook = CalamineWorkbook.from_path(str(hub_2025))
    hub_rows = workbook.get_sheet_by_name(workbook.sheet_names[0]).to_python(skip_empty_area=False)
    documents["ipcc_gwp.json"] = gwp.read(source, hub_rows)
    documents["useeio-1.3.0.json"] = useeio.read(source / "epa")
    desnz_2024, structure_2024 = desnz.read_2024(source)
    documents["desnz-2024.json"] = desnz_2024
    documents["desnz-2025.json"] = desnz.read_2025(source, structure_2024)
    written = []
    for name, document in documents.items():
        write(document, out / name)
        written.append(out / name)
    return written
