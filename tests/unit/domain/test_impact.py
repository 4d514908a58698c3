"""Edition impact worked by hand: EPA GHG Emission Factors Hub 2024 -> 2025 on a natural-gas
line and an eGRID line (values read from the committed library, cells named), a GWP set
change, the order and paging of lines, and the total equal to the difference of the two
calculations' totals."""

from __future__ import annotations

import math
from typing import Any

import pytest

from footprint.domain.calculator import Calculator, Result
from footprint.domain.errors import Conflict, InvalidInput
from footprint.domain.factors import default_library
from footprint.domain.impact import Impact, calculated_side
from tests.support.activity_2024 import AR5_CH4, AR5_N2O, GAS_2024, GRID_2024, LB, record_2024

GAS, GRID = GAS_2024, GRID_2024


def _calculated(records: list[dict[str, Any]], gwp_set: str, edition: str | None) -> list[Result]:
    calculator = Calculator(default_library(), gwp_set, edition)
    results = []
    for row, outcome in enumerate(calculator.calculate_batch(records), 2):
        assert isinstance(outcome, Result)
        outcome.row = row
        results.append(outcome)
    return results


def _impact(
    records: list[dict[str, Any]], new_gwp: str = "AR5", edition: str | None = "epa_hub-2025"
) -> tuple[Impact, list[Result], list[Result]]:
    old = _calculated(records, "AR5", None)
    new = _calculated(records, new_gwp, edition)
    impact = Impact(default_library())
    impact.add(calculated_side("AR5", old), calculated_side(new_gwp, new))
    return impact, old, new


def test_egrid_camx_2024_to_2025_worked_by_hand() -> None:
    impact, _, _ = _impact([GRID])
    answer, following = impact.page(0, 10)
    (line,) = answer["lines"]
    # EPA Hub 2024 Table 6 CAMX (E336:G336): 497.443 lb CO2, 0.03 lb CH4, 0.004 lb N2O per MWh;
    # 2025 (E342:G342): 436.655, 0.025, 0.003.
    old = 100 * LB * (497.443 + 0.03 * AR5_CH4 + 0.004 * AR5_N2O)
    new = 100 * LB * (436.655 + 0.025 * AR5_CH4 + 0.003 * AR5_N2O)
    assert line["old_co2e_kg"] == pytest.approx(old, rel=1e-12)
    assert line["new_co2e_kg"] == pytest.approx(new, rel=1e-12)
    assert line["change_kg"] == pytest.approx(new - old, rel=1e-9)
    cells = {cell["gas"]: cell for cell in line["factor_cells"]}
    assert {gas: (c["old"]["cell"], c["old"]["value"]) for gas, c in cells.items()} == {
        "CO2": ("E336", 497.443),
        "CH4": ("F336", 0.03),
        "N2O": ("G336", 0.004),
    }
    assert {gas: (c["new"]["cell"], c["new"]["value"]) for gas, c in cells.items()} == {
        "CO2": ("E342", 436.655),
        "CH4": ("F342", 0.025),
        "N2O": ("G342", 0.003),
    }
    assert cells["CO2"]["publisher"] == "US Environmental Protection Agency"
    assert cells["CO2"]["table"].startswith("Table 6")
    assert cells["CO2"]["row"] == "CAMX"
    assert cells["CO2"]["new"]["edition"] == "epa_hub-2025"
    assert line["gwp"] == []
    assert following is None


def test_natural_gas_2024_to_2025_moves_cells_not_values() -> None:
    impact, _, _ = _impact([GAS])
    (line,) = impact.page(0, 10)[0]["lines"]
    # Table 1 Natural Gas: 53.06 kg CO2, 1.0 g CH4, 0.1 g N2O per mmBtu in both editions, in
    # row 40 of 2024's sheet and row 38 of 2025's.
    expected = 1000 * (53.06 + 0.001 * AR5_CH4 + 0.0001 * AR5_N2O)
    assert line["old_co2e_kg"] == pytest.approx(expected, rel=1e-12)
    assert line["change_kg"] == 0.0
    moved = {(c["gas"], c["old"]["cell"], c["new"]["cell"]) for c in line["factor_cells"]}
    assert moved == {("CO2", "E40", "E38"), ("CH4", "F40", "F38"), ("N2O", "G40", "G38")}
    assert all(c["old"]["value"] == c["new"]["value"] for c in line["factor_cells"])


def test_lines_come_by_absolute_change_and_page() -> None:
    impact, _, _ = _impact([GAS, GRID, {**GRID, "quantity": "10"}])
    first, following = impact.page(0, 2)
    assert [line["row"] for line in first["lines"]] == [3, 4]
    assert following == 2
    rest, after = impact.page(2, 2)
    assert [line["row"] for line in rest["lines"]] == [2]
    assert after is None
    assert first["lines_total"] == 3


def test_the_total_change_equals_the_difference_of_the_two_calculations_totals() -> None:
    records = [GAS, GRID] + [
        {**GRID, "quantity": str(1.1 * n), "region": region}
        for n, region in enumerate(["CAMX", "ERCT", "NYUP", "RFCE", "SRMW"] * 20, 1)
    ]
    impact, old, new = _impact(records, "AR6")
    answer = impact.page(0, 1)[0]
    old_total = math.fsum(result.co2e for result in old)
    new_total = math.fsum(result.co2e for result in new)
    assert abs(answer["change_kg"] - (new_total - old_total)) <= 1e-9
    assert answer["old_co2e_kg"] == old_total
    assert answer["new_co2e_kg"] == new_total


def test_a_gwp_set_alone_moves_gwp_values_not_cells() -> None:
    impact, _, new = _impact([GRID], "AR6", None)
    (line,) = impact.page(0, 1)[0]["lines"]
    assert line["factor_cells"] == []
    gwp = {move["gas"]: (move["old"], move["new"]) for move in line["gwp"]}
    assert gwp["CH4"][0] == AR5_CH4
    assert gwp["CH4"][1] == new[0].plan.provenance["gwp"]["CH4"] != AR5_CH4
    assert gwp["N2O"] == (AR5_N2O, new[0].plan.provenance["gwp"]["N2O"])


def test_a_pinned_edition_leaves_other_sources_to_the_rule() -> None:
    uk = record_2024(
        category="electricity",
        activity="electricity_generated.electricity_uk",
        quantity="1000",
        unit="kWh",
        region="UK",
    )
    (result,) = _calculated([uk], "AR5", "epa_hub-2025")
    assert result.plan.provenance["notes"][0].startswith("edition 2024 is in force")


def test_an_unknown_edition_is_refused_naming_the_field() -> None:
    with pytest.raises(InvalidInput) as refused:
        Calculator(default_library(), "AR5", "epa_hub-1999")
    assert refused.value.details["field"] == "edition"


def test_sides_of_different_rows_do_not_compare() -> None:
    old = _calculated([GAS], "AR5", None)
    new = _calculated([GAS, GRID], "AR5", None)
    with pytest.raises(Conflict):
        Impact(default_library()).add(calculated_side("AR5", old), calculated_side("AR5", new))
