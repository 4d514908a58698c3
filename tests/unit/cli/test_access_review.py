"""``footprint access-review start`` against moto: it opens the quarter's reviews now."""

from __future__ import annotations

import json

import pytest

from footprint.cli import main
from footprint.identity import access_reviews
from tests.support.clock import Clock
from tests.support.identity import make_tenant


def printed(capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    """The command's answer: its last line (in-process, the handlers log to stdout too)."""
    lines = [line for line in capsys.readouterr().out.splitlines() if line.strip()]
    answer: dict[str, object] = json.loads(lines[-1])
    return answer


def test_start_opens_this_quarters_reviews_and_a_second_start_opens_none(
    access_review: dict[str, str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tenant = make_tenant("Acme", "admin@acme.example", Clock(monkeypatch))
    machine = ["--state-machine", access_review["state_machine"]]
    assert main(["access-review", "start", *machine, "--wait", "30"]) == 0
    first = printed(capsys)
    assert str(first["execution_arn"]).split(":")[-1].startswith("manual-")
    assert first["opened_count"] == 1
    (review,) = access_reviews.list_reviews(tenant.context)
    assert first["quarter"] == review["quarter"]
    assert first["due_at"] == review["due_at"]
    assert main(["access-review", "start", *machine, "--wait", "30"]) == 0
    assert printed(capsys)["opened_count"] == 0


def test_start_without_a_state_machine_says_what_to_give(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FOOTPRINT_ACCESS_REVIEW_STATE_MACHINE", raising=False)
    assert main(["access-review", "start"]) == 2
    assert "--state-machine or --stack" in capsys.readouterr().err
