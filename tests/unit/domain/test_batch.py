from __future__ import annotations

import csv
from typing import Any

import pytest

from footprint.domain.batch import MAX_ERRORS_KEPT, calculate_part, calculators
from footprint.domain.inventory import GWP_SETS
from local.template import ROOT

TEMPLATE = ROOT / "layers/footprint/footprint/data/templates/activity-template.csv"


def template_records() -> list[tuple[int, dict[str, Any]]]:
    with TEMPLATE.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [
        (row_number, {k: v for k, v in row.items() if v != ""})
        for row_number, row in enumerate(rows, 2)
    ]


def test_every_line_matches_the_single_record_calculator_under_every_set() -> None:
    records = template_records()
    outcome = calculate_part(records, "AR5")
    assert outcome.error_count == 0
    assert len(outcome.lines) == len(records)
    for (row, raw), line in zip(records, outcome.lines, strict=True):
        assert line["row"] == row
        for gwp_set in GWP_SETS:
            expected = calculators()[gwp_set].calculate(raw).co2e
            assert line["co2e_kg_by_gwp_set"][gwp_set] == pytest.approx(expected, rel=1e-12)
        assert line["provenance"]["gwp_set"] == "AR5"


def test_aggregates_add_up_to_the_lines() -> None:
    outcome = calculate_part(template_records(), "AR6")
    total = outcome.aggregates.grand_total()
    assert total.rows == pytest.approx(len(outcome.lines))
    for gwp_set in GWP_SETS:
        assert total.co2e[gwp_set] == pytest.approx(
            sum(line["co2e_kg_by_gwp_set"][gwp_set] for line in outcome.lines), rel=1e-12
        )


def test_errors_keep_the_files_row_numbers_and_name_the_column() -> None:
    records = template_records()
    records[1] = (41, {**records[1][1], "quantity": "-5"})
    records[3] = (57, {**records[3][1], "activity": "unobtainium"})
    outcome = calculate_part(records, "AR5")
    assert outcome.error_count == 2
    assert [(e["row"], e["column"]) for e in outcome.errors] == [(41, "quantity"), (57, "activity")]
    assert len(outcome.lines) == len(records) - 2


def test_errors_are_counted_beyond_the_ones_kept() -> None:
    bad = {"facility": "X", "category": "nope"}
    records = [(row, bad) for row in range(2, MAX_ERRORS_KEPT + 52)]
    outcome = calculate_part(records, "AR5", keep_lines=False)
    assert outcome.error_count == MAX_ERRORS_KEPT + 50
    assert len(outcome.errors) == MAX_ERRORS_KEPT


def test_an_unknown_gwp_set_is_refused() -> None:
    with pytest.raises(Exception, match="gwp_set"):
        calculate_part(template_records(), "SAR")
