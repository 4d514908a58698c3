"""``footprint calc --compare-edition``: the edition impact of a file offline, as the API
answers it, worked by hand on EPA Hub 2024 -> 2025."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from footprint.cli import main
from tests.support.activity_2024 import AR5_CH4, AR5_N2O, GAS_2024, GRID_2024, LB
from tests.support.cli import write_activity

GAS, GRID = GAS_2024, GRID_2024


def test_the_impact_of_epa_2025_on_a_2024_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_activity(tmp_path / "in.csv", [GAS, GRID])
    assert main(["calc", "--compare-edition", "epa_hub-2025", str(source)]) == 0
    answer = json.loads(capsys.readouterr().out)
    old = 100 * LB * (497.443 + 0.03 * AR5_CH4 + 0.004 * AR5_N2O)
    new = 100 * LB * (436.655 + 0.025 * AR5_CH4 + 0.003 * AR5_N2O)
    assert answer["edition"] == "epa_hub-2025"
    assert answer["change_kg"] == pytest.approx(new - old, rel=1e-9)
    grid, gas = answer["lines"]
    assert (grid["row"], gas["row"]) == (3, 2)
    assert {c["new"]["cell"] for c in grid["factor_cells"]} == {"E342", "F342", "G342"}
    assert gas["change_kg"] == 0.0
    assert {c["old"]["cell"] for c in gas["factor_cells"]} == {"E40", "F40", "G40"}


def test_rows_that_cannot_be_calculated_are_reported_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_activity(tmp_path / "in.csv", [GAS, {**GAS, "quantity": "lots"}])
    assert main(["calc", "--compare-edition", "epa_hub-2025", str(source)]) == 1
    captured = capsys.readouterr()
    assert json.loads(captured.out)["lines_total"] == 1
    assert "line 3" in captured.err


def test_an_unknown_edition_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = write_activity(tmp_path / "in.csv", [GAS])
    assert main(["calc", "--compare-edition", "epa_hub-1999", str(source)]) == 2
    assert "unknown edition 'epa_hub-1999'" in capsys.readouterr().err
