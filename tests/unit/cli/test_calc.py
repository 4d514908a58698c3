import csv
import io
import json
from pathlib import Path

import pytest

from footprint.cli import main
from tests.support.cli import GAS_ROW, write_activity

LB = 0.45359237
GOOD = [
    {**GAS_ROW, "reference": "bill 1"},
    {
        "facility": "Plant 1",
        "period_start": "2025-01-01",
        "period_end": "2025-01-31",
        "category": "electricity",
        "activity": "grid",
        "quantity": "2",
        "unit": "MWh",
        "region": "CAMX",
        "market_instrument": "rec",
    },
    {
        "facility": "Plant 1",
        "period_start": "2025-01-01",
        "period_end": "2025-01-31",
        "category": "business_travel",
        "activity": "air_travel_long_haul",
        "quantity": "1000",
        "unit": "passenger_mile",
        "region": "US",
    },
]
BAD = {**GOOD[0], "quantity": "lots"}


def test_csv_output_has_lines_with_provenance_and_totals(tmp_path: Path) -> None:
    source = write_activity(tmp_path / "in.csv", GOOD)
    out = tmp_path / "out.csv"
    assert main(["calc", str(source), "--out", str(out)]) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    lines = [r for r in rows if r["status"] == "ok"]
    assert [r["row"] for r in lines] == ["2", "3", "4"]
    gas = lines[0]
    assert float(gas["co2e_kg"]) == pytest.approx(100 * (53.06 + 1e-3 * 28 + 1e-4 * 265), rel=1e-9)
    assert "epa_hub-2025/t1/natural_gas/mmBtu" in gas["factors"]
    assert gas["gwp_set"] == "AR5"
    assert gas["unit_path"] == "mmBtu (no conversion)"
    assert gas["formula"].startswith("kg CH4 = quantity x ")
    assert gas["reference"] == "bill 1"
    assert lines[1]["market_based_co2e_kg"] == "0.0"
    assert lines[2]["ghg_category"] == "6"
    totals = {r["category"]: r for r in rows if r["status"] == "total"}
    electricity = 2 * LB * (436.655 + 0.025 * 28 + 0.003 * 265)
    assert float(totals["scope_2_location_based"]["co2e_kg"]) == pytest.approx(
        electricity, rel=1e-9
    )
    assert float(totals["scope_2_market_based"]["co2e_kg"]) == 0.0
    assert float(totals["Scope 3 category 6: business travel"]["co2e_kg"]) > 0


def test_json_output_and_gwp_choice(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = write_activity(tmp_path / "in.csv", GOOD)
    assert main(["calc", str(source), "--format", "json", "--gwp", "AR6"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["gwp_set"] == "AR6"
    first = document["results"][0]
    assert first["co2e_kg"] == pytest.approx(100 * (53.06 + 1e-3 * 27.9 + 1e-4 * 273), rel=1e-9)
    assert first["provenance"]["gwp_set"] == "AR6"
    assert document["totals"]["lines"] == 3
    assert document["totals"]["errors"] == 0


def test_bad_lines_are_reported_not_dropped(tmp_path: Path) -> None:
    source = write_activity(tmp_path / "in.csv", [GOOD[0], BAD, GOOD[2]])
    out = tmp_path / "out.csv"
    assert main(["calc", str(source), "--out", str(out)]) == 1
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    error = next(r for r in rows if r["status"] == "error")
    assert error["row"] == "3"
    assert error["error"].startswith("quantity is not a number")
    assert [r["row"] for r in rows if r["status"] == "ok"] == ["2", "4"]


def test_wrong_header_and_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "in.csv"
    source.write_text("site,amount\nx,1\n", encoding="utf-8")
    assert main(["calc", str(source)]) == 2
    assert "header does not match" in capsys.readouterr().err
    assert main(["calc", str(tmp_path / "absent.csv")]) == 2


def test_output_is_streamed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each line is written as it is calculated, not collected first (flat memory)."""
    source = write_activity(tmp_path / "in.csv", GOOD * 50)
    writes: list[str] = []

    class Spy(io.StringIO):
        def write(self, text: str) -> int:
            writes.append(text)
            return len(text)

    monkeypatch.setattr("sys.stdout", Spy())
    assert main(["calc", str(source)]) == 0
    assert sum(text.startswith(("2,ok", "3,ok", "151,ok")) for text in writes) == 3


def test_each_line_echoes_its_row_quantity_and_units(tmp_path: Path) -> None:
    truck = {
        **GAS_ROW,
        "category": "mobile_combustion",
        "activity": "medium_and_heavy_duty_vehicles.diesel",
        "quantity": "1500",
        "unit": "gal",
        "vehicle_model_year": "2019",
        "distance": "9000",
        "distance_unit": "mile",
    }
    source = write_activity(tmp_path / "in.csv", [{**GAS_ROW, "unit": "therm"}, truck])
    out = tmp_path / "out.csv"
    assert main(["calc", str(source), "--out", str(out)]) == 0
    lines = [r for r in csv.DictReader(out.open(encoding="utf-8")) if r["status"] == "ok"]
    echoed = [
        (r["row"], r["quantity"], r["unit"], r["distance"], r["distance_unit"]) for r in lines
    ]
    assert echoed == [("2", "100.0", "therm", "", ""), ("3", "1500.0", "gal", "9000.0", "mile")]
    assert lines[1]["scope"] == "1"
    assert lines[1]["category"] == "mobile_combustion"
    assert main(["calc", str(source), "--out", str(out), "--format", "json"]) == 0
    results = json.loads(out.read_text(encoding="utf-8"))["results"]
    assert [
        (r["row"], r["quantity"], r["unit"], r["distance"], r["distance_unit"]) for r in results
    ] == [
        (2, 100.0, "therm", None, None),
        (3, 1500.0, "gal", 9000.0, "mile"),
    ]


def test_a_row_with_several_faulty_fields_has_an_error_line_for_each(tmp_path: Path) -> None:
    """The same messages as the upload's problems: one per faulty field, each with its fix."""
    bad = {**GOOD[0], "period_start": "01/01/2025", "period_end": "01/31/2025", "quantity": "1,200"}
    source = write_activity(tmp_path / "in.csv", [GOOD[0], bad])
    out = tmp_path / "out.csv"
    assert main(["calc", str(source), "--out", str(out)]) == 1
    errors = [r for r in csv.DictReader(out.open(encoding="utf-8")) if r["status"] == "error"]
    assert [r["row"] for r in errors] == ["3", "3", "3"]
    assert errors[0]["error"].startswith("period_start is not an ISO date (YYYY-MM-DD")
    assert errors[1]["error"].startswith("period_end is not an ISO date")
    assert errors[2]["error"].startswith("quantity is not a number: thousands separators")


def test_a_wrong_header_names_the_columns_and_the_rule(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in.csv"
    header = "Facility,period_start,period_end,category,activity,Quantity,unit,region,notes"
    source.write_text(header + "\nx\n", encoding="utf-8")
    assert main(["calc", str(source)]) == 2
    error = capsys.readouterr().err
    assert "unknown columns: 'Facility' (did you mean 'facility'?)" in error
    assert "missing columns: facility, quantity" in error
    assert "case-sensitive" in error
