"""``footprint`` never ends in a traceback: a bug is one line naming the file that keeps it, an
interruption or a reader that went away end quietly."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from footprint.cli import main
from footprint.identity import onboarding
from tests.support.cli import CREATE, GAS_ROW, write_activity


def test_a_bug_is_one_line_and_the_traceback_is_kept_in_a_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def create_tenant(*_: object) -> None:
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setattr(onboarding, "create_tenant", create_tenant)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    assert main([*CREATE, "--table", "t"]) == 1
    error = capsys.readouterr().err
    (log,) = tmp_path.glob("footprint-*.log")
    assert error == (
        "footprint tenant: unexpected RuntimeError (boom), a bug in footprint: please report it "
        f"with the traceback in {log}\n"
    )
    kept = log.read_text(encoding="utf-8")
    assert kept.startswith("Traceback")
    assert "in create_tenant" in kept


def test_an_interruption_ends_quietly(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def create_tenant(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(onboarding, "create_tenant", create_tenant)
    assert main([*CREATE, "--table", "t"]) == 130
    assert capsys.readouterr().err == "footprint tenant: interrupted\n"


def test_a_reader_that_stops_reading_leaves_no_traceback(tmp_path: Path) -> None:
    activity = tmp_path / "activity.csv"
    write_activity(activity, [GAS_ROW] * 5000)  # far more than a pipe holds
    # As `footprint calc activity.csv | head -1` does.
    calc = subprocess.Popen(
        [sys.executable, "-m", "footprint.cli", "calc", str(activity)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert calc.stdout is not None
    assert calc.stderr is not None
    assert calc.stdout.readline().startswith("row,status")
    calc.stdout.close()
    assert calc.stderr.read() == ""
    assert calc.wait(timeout=60) == 141  # as a shell reports SIGPIPE, not calc's 1
