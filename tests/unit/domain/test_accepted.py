"""docs/activity-values.md says what a row may hold, per activity, and it is what the
calculator accepts: every unit it lists calculates, every other unit is refused, and every
example row calculates as shown (issue 22)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from footprint.domain.accepted import EXAMPLE_COLUMNS
from footprint.domain.calculator import Calculator, RecordError, Result
from footprint.domain.factors import default_library
from footprint.domain.units import UNITS

DOC = Path(__file__).resolve().parents[3] / "docs" / "activity-values.md"
TEXT = DOC.read_text(encoding="utf-8")
# One group: its quantity line, the lines below it, and its example row.
GROUP = re.compile(
    r"^- `quantity` in (?P<units>.+)\n(?P<more>(?:- .+\n)*?)- example: `(?P<row>.+)`$", re.M
)
GROUPS = [
    pytest.param(m["units"], m["more"], m["row"], id=m["row"].split(",")[4])
    for m in GROUP.finditer(TEXT)
]


def _rows(*lines: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO("\n".join([",".join(EXAMPLE_COLUMNS), *lines]))))


def _outcomes(rows: list[dict[str, str]]) -> list[Result | RecordError]:
    return list(Calculator(default_library(), "AR5").calculate_batch(rows, first_row=2))


def test_every_category_shows_its_groups_with_examples() -> None:
    assert len(GROUPS) > 40
    categories = set(re.findall(r"^### `([a-z_]+)`", TEXT, re.M))
    assert {row.split(",")[3] for _, _, row in (g.values for g in GROUPS)} == categories


@pytest.mark.parametrize(("units", "more", "row"), GROUPS)
def test_the_listed_units_and_no_other_calculate(units: str, more: str, row: str) -> None:
    listed = set(re.findall(r"`([^`]+)`", units))
    assert listed <= set(UNITS)
    (example,) = _rows(row)
    rows = []
    for unit in UNITS:
        rows.append({**example, "unit": unit})
        if unit == "USD" and unit in listed:  # nominal dollars: a period within 2022, as
            assert "nominal `USD` only for a period within 2022" in more  # the note says
            rows[-1].update(period_start="2022-01-01", period_end="2022-01-31")
    accepted = {
        unit
        for unit, outcome in zip(UNITS, _outcomes(rows), strict=True)
        if isinstance(outcome, Result)
    }
    assert accepted == listed


def test_what_a_newcomer_tried_is_listed() -> None:
    """therm for natural gas, kWh for the grid, gallons plus distance and model year for an
    on-road truck, the refrigerant spelled as the template spells it."""

    def group_of(activity: str) -> tuple[str, str]:
        section = TEXT.split(f"| `{activity}` |")[0]
        last = list(GROUP.finditer(section))[-1]
        return last["units"], last["more"]

    assert "`therm`" in group_of("natural_gas")[0]
    assert "`kWh`" in group_of("grid")[0]
    units, more = group_of("medium_and_heavy_duty_vehicles.diesel")
    assert "`gal`" in units
    assert "`vehicle_mile`" not in units
    assert "`distance`" in more
    assert "`vehicle_model_year`" in more
    assert re.search(r"^\| `R-410A` \| `r_410a`", TEXT, re.M)
    rows = _rows(
        *(
            f"Plant 1,2025-01-01,2025-01-31,refrigerants,{name},4,kg,,,,,,,"
            for name in ("R-410A", "r_410a", "R410A", "pfc_116", "C2F6")
        )
    )
    assert all(isinstance(outcome, Result) for outcome in _outcomes(rows))
