from __future__ import annotations

import csv
from typing import Any

import pytest

from footprint.domain import batch
from footprint.domain.activity import COLUMNS
from footprint.domain.batch import MAX_ERRORS_KEPT, calculate_part, calculate_table, calculators
from footprint.domain.errors import InvalidInput
from footprint.domain.factors.gwp import GWP_SETS
from footprint.domain.inventory import Aggregates
from footprint.domain.uploads.parsing import Table
from local.template import ROOT

TEMPLATE = ROOT / "layers/footprint/footprint/data/templates/activity-template.csv"


def template_records() -> list[tuple[int, dict[str, Any]]]:
    with TEMPLATE.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [
        (row_number, {k: v for k, v in row.items() if v != ""})
        for row_number, row in enumerate(rows, 2)
    ]


def varied_records(copies: int) -> list[tuple[int, dict[str, Any]]]:
    """The template's records repeated over facilities, quantities, supplier rates and periods
    spanning months, so kinds hold several lines and lines of one plan differ."""
    records = []
    for index, (_, raw) in enumerate(template_records() * copies):
        varied = {**raw, "facility": f"{raw['facility']} {index % 3}"}
        varied["quantity"] = str(float(raw["quantity"]) * (1 + index % 5))
        if raw.get("category") == "electricity" and not raw.get("market_instrument") and index % 2:
            varied["supplier_factor"] = ("0.2", "0.35")[index % 4 // 2]
        if index % 3 == 0:
            varied["period_start"], varied["period_end"] = "2025-01-15", "2025-03-10"
        records.append((index + 2, varied))
    return records


def test_every_line_matches_the_single_record_calculator_under_every_set() -> None:
    records = template_records()
    outcome = calculate_part(records, "AR5")
    assert outcome.error_count == 0
    assert len(outcome.lines()) == len(records)
    for (row, raw), line in zip(records, outcome.lines(), strict=True):
        assert line["row"] == row
        for gwp_set in GWP_SETS:
            expected = calculators()[gwp_set].calculate(raw).co2e
            assert line["co2e_kg_by_gwp_set"][gwp_set] == pytest.approx(expected, rel=1e-12)
        assert line["provenance"]["gwp_set"] == "AR5"


def test_aggregates_add_up_to_the_lines() -> None:
    outcome = calculate_part(template_records(), "AR6")
    total = outcome.aggregates().grand_total()
    assert total.rows == pytest.approx(len(outcome.lines()))
    for gwp_set in GWP_SETS:
        assert total.co2e[gwp_set] == pytest.approx(
            sum(line["co2e_kg_by_gwp_set"][gwp_set] for line in outcome.lines()), rel=1e-12
        )


def test_aggregates_summed_by_kind_equal_the_lines_added_one_by_one() -> None:
    # Kinds are summed before they are calculated; that must change no aggregate.
    records = varied_records(12)
    outcome = calculate_part(records, "AR5")
    assert outcome.error_count == 0
    one_by_one = Aggregates()
    for line in outcome.lines():
        raw = records[line["row"] - 2][1]
        result = calculators()["AR5"].calculate(raw)
        market = result.plan.market
        one_by_one.add_line(
            line,
            line["co2e_kg_by_gwp_set"],
            result.market_co2e if market in ("supplier", "zero") else None,
        )
    assert len(outcome.aggregates().by_key) < len(outcome.lines())  # kinds were summed
    assert outcome.aggregates().by_key.keys() == one_by_one.by_key.keys()
    for key, expected in one_by_one.by_key.items():
        summed = outcome.aggregates().by_key[key]
        assert summed.rows == pytest.approx(expected.rows, rel=1e-12)
        assert summed.editions == expected.editions
        for field in ("gases", "other_gases", "co2e", "market_co2e"):
            assert getattr(summed, field).keys() == getattr(expected, field).keys(), field
            for name, value in getattr(expected, field).items():
                assert getattr(summed, field)[name] == pytest.approx(value, rel=1e-9, abs=1e-12)


def test_errors_keep_the_files_row_numbers_and_name_the_column() -> None:
    records = template_records()
    records[1] = (41, {**records[1][1], "quantity": "-5"})
    records[3] = (57, {**records[3][1], "activity": "unobtainium"})
    outcome = calculate_part(records, "AR5")
    assert outcome.error_count == 2
    assert [(e["row"], e["column"]) for e in outcome.errors] == [(41, "quantity"), (57, "activity")]
    assert len(outcome.lines()) == len(records) - 2


def test_errors_are_counted_beyond_the_ones_kept() -> None:
    bad = {"facility": "X", "category": "nope"}
    records = [(row, bad) for row in range(2, MAX_ERRORS_KEPT + 52)]
    outcome = calculate_part(records, "AR5")
    assert outcome.error_count == MAX_ERRORS_KEPT + 50
    assert len(outcome.errors) == MAX_ERRORS_KEPT


def test_an_unknown_gwp_set_is_refused() -> None:
    with pytest.raises(Exception, match="gwp_set"):
        calculate_part(template_records(), "SAR")


def test_a_kind_another_gwp_set_cannot_calculate_is_an_error_on_each_of_its_rows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A kind's other-set plans are learnt once; a set that refuses it (no GWP for one of its
    # gases, say) must still fail every row of that kind, each under its own row number.
    records = template_records() * 2
    refused = records[0][1]["activity"]
    ar4 = calculators()["AR4"]
    calculate = ar4.calculate

    def refusing(raw: dict[str, Any], row: int = 1) -> Any:
        if raw["activity"] == refused:
            raise InvalidInput("no AR4 GWP for this kind", field="activity")
        return calculate(raw, row)

    monkeypatch.setattr(ar4, "calculate", refusing)
    outcome = calculate_part([(row + i * 100, raw) for i, (row, raw) in enumerate(records)], "AR5")
    expected = [row + i * 100 for i, (row, raw) in enumerate(records) if raw["activity"] == refused]
    assert [error["row"] for error in outcome.errors] == expected
    assert {error["column"] for error in outcome.errors} == {"activity"}
    assert len(outcome.lines()) == len(records) - len(expected)


# ----------------------------------------------------------------------------- tables


def _table(records: list[tuple[int, dict[str, Any]]]) -> Table:
    header = list(COLUMNS)
    return Table(
        header,
        [row for row, _ in records],
        [[str(raw.get(name, "")) for name in header] for _, raw in records],
    )


def test_a_table_is_calculated_by_columns_as_its_records_are(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    records = varied_records(6)
    expected = calculate_part(records, "AR5")
    # The column path must not need the record path for a valid table.
    monkeypatch.setattr(batch, "calculate_part", lambda *_: pytest.fail("took the record path"))
    outcome = calculate_table(_table(records), "AR5")
    assert outcome.lines() == expected.lines()
    assert outcome.aggregates().by_key.keys() == expected.aggregates().by_key.keys()
    for key, totals in expected.aggregates().by_key.items():
        assert outcome.aggregates().by_key[key].co2e == pytest.approx(totals.co2e, rel=1e-12)
        assert outcome.aggregates().by_key[key].rows == totals.rows


@pytest.mark.parametrize(
    ("row_index", "column", "value"),
    [
        (3, "quantity", "-5"),
        (4, "quantity", "n/a"),
        (5, "quantity", "nan"),
        (6, "activity", "unobtainium"),
        (7, "facility", " "),
        (0, "distance", "12"),  # a distance where the kind takes none
        (0, "distance_unit", "mile"),
        (2, "distance", ""),
        (9, "period_end", "2024-01-01"),
    ],
)
def test_a_table_with_a_bad_row_gets_the_record_paths_errors(
    row_index: int, column: str, value: str
) -> None:
    records = varied_records(6)
    row, raw = records[row_index]
    records[row_index] = (row, {**raw, column: value})
    expected = calculate_part(records, "AR5")
    outcome = calculate_table(_table(records), "AR5")
    assert outcome.errors == expected.errors
    assert outcome.lines() == expected.lines()


def test_a_table_line_carries_its_kinds_provenance_and_its_own_reference() -> None:
    records = varied_records(6)
    lines = calculate_table(_table(records), "AR6").lines()
    for (row, raw), line in zip(records, lines, strict=True):
        single = calculators()["AR6"].calculate(raw, row).to_dict()
        assert line == {**single, "co2e_kg_by_gwp_set": line["co2e_kg_by_gwp_set"]}
        assert line["co2e_kg_by_gwp_set"]["AR6"] == single["co2e_kg"]
