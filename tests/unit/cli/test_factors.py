import json
from pathlib import Path

import pytest

from footprint.cli import main
from footprint.cli.factors import render_catalogue
from footprint.domain.factors import default_library

DOC = Path(__file__).resolve().parents[3] / "docs" / "activity-values.md"


def test_search_prints_matching_factors(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["factors", "search", "steam", "--region", "US", "--edition", "2025"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "category\tactivity\tregion\tunit\tlabel\tvalues\tfactor",
        "steam_heat\tsteam_and_heat\tUS\tmmBtu\tSteam and Heat\t"
        "CO2 66.33 kg/mmBtu, CH4 1.25 g/mmBtu, N2O 0.125 g/mmBtu\t"
        "epa_hub-2025/t7/steam_and_heat/mmBtu",
    ]


def test_search_json_with_category(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            [
                "factors",
                "search",
                "--category",
                "electricity",
                "--region",
                "NYUP",
                "--format",
                "json",
            ]
        )
        == 0
    )
    found = json.loads(capsys.readouterr().out)
    assert [f["id"] for f in found] == ["epa_hub-2024/t6/NYUP/MWh", "epa_hub-2025/t6/NYUP/MWh"]
    assert found[1]["values"][0] == {
        "gas": "CO2",
        "value": 240.99,
        "unit": "lb/MWh",
        "cell": "E353",
    }


def test_allowed_values_doc_is_current() -> None:
    """docs/activity-values.md is generated; regenerate with
    ``footprint factors catalogue --format md --out docs/activity-values.md``."""
    assert DOC.read_text(encoding="utf-8") == render_catalogue(default_library())


def test_the_columns_table_says_which_rows_need_an_optional_column() -> None:
    rows = {
        line.split(" | ")[0].strip("| `"): line.split(" | ")[1]
        for line in render_catalogue(default_library()).splitlines()
        if line.startswith("| `")
    }
    assert rows["unit"] == "yes"
    assert rows["region"] == "for every category but refrigerants"
    assert rows["distance"].startswith("for EPA on-road vehicles")
    assert rows["vehicle_model_year"].startswith("for EPA on-road vehicles")
    assert rows["reference"] == "no"
