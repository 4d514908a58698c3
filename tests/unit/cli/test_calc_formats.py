"""``footprint calc`` reads every format the upload API reads, through the same parser, so a
file the API refuses is refused offline with the API's message (issue 22)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from footprint.cli import main
from footprint.domain.uploads.parsing import FileFormat, iter_rows
from tests.support.cli import GAS_ROW, write_activity

TEMPLATES = Path(__file__).parents[3] / "layers/footprint/footprint/data/templates"


def _ok_rows(out: Path) -> list[dict[str, str]]:
    return [row for row in csv.DictReader(out.open(encoding="utf-8")) if row["status"] == "ok"]


def test_xlsx_reads_like_the_csv_template(tmp_path: Path) -> None:
    from_csv, from_xlsx = tmp_path / "csv.out", tmp_path / "xlsx.out"
    assert main(["calc", str(TEMPLATES / "activity-template.csv"), "--out", str(from_csv)]) == 0
    assert main(["calc", str(TEMPLATES / "activity-template.xlsx"), "--out", str(from_xlsx)]) == 0
    csv_rows, xlsx_rows = _ok_rows(from_csv), _ok_rows(from_xlsx)
    assert len(csv_rows) > 1
    assert [(r["row"], r["co2e_kg"]) for r in xlsx_rows] == [
        (r["row"], r["co2e_kg"]) for r in csv_rows
    ]


def test_json_list_and_json_lines(tmp_path: Path) -> None:
    listed = tmp_path / "in.json"
    listed.write_text(json.dumps([GAS_ROW, GAS_ROW]), encoding="utf-8")
    lines = tmp_path / "in.jsonl"
    lines.write_text("\n".join(json.dumps(GAS_ROW) for _ in range(2)), encoding="utf-8")
    for source in (listed, lines):
        out = tmp_path / f"{source.name}.out"
        assert main(["calc", str(source), "--out", str(out)]) == 0
        assert [r["row"] for r in _ok_rows(out)] == ["1", "2"]


def test_utf16_is_refused_with_the_api_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_activity(tmp_path / "in.csv", [GAS_ROW])
    source.write_text(source.read_text(encoding="utf-8"), encoding="utf-16")
    with source.open("rb") as stream, pytest.raises(Exception) as refused:
        list(iter_rows(stream, FileFormat.CSV))
    assert main(["calc", str(source)]) == 2
    captured = capsys.readouterr()
    # The API's own message, once, with the line it is on and no raw details after it.
    assert captured.err == f"footprint calc: line 1: {refused.value.args[0]}\n"
    assert refused.value.args[0] == (
        "the file is UTF-16 text, not UTF-8: save it as 'CSV UTF-8' (or JSON) and upload again"
    )
    assert captured.out == ""


def test_rows_keep_the_numbers_the_file_has(tmp_path: Path) -> None:
    """A blank row is skipped but keeps its number, as the API numbers it."""
    source = write_activity(tmp_path / "in.csv", [GAS_ROW, {}, {**GAS_ROW, "quantity": "x"}])
    out = tmp_path / "out.csv"
    assert main(["calc", str(source), "--out", str(out)]) == 1
    rows = [row for row in csv.DictReader(out.open(encoding="utf-8")) if row["row"]]
    assert [(row["row"], row["status"]) for row in rows] == [("2", "ok"), ("4", "error")]
    assert '"row": 4' in rows[1]["error"]
