"""The calculations an upload keeps: the published one first, the superseded ones newest
first up to the limit, and what falls off the list."""

from __future__ import annotations

import pytest

from footprint.domain.uploads import calculations
from footprint.domain.uploads.calculations import KeptCalculation, after_publish, status_of


def _kept(calculation_id: str) -> KeptCalculation:
    return KeptCalculation(calculation_id, f"at {calculation_id}", ["epa_hub-2025"], "AR5", {})


def _ids(kept: list[KeptCalculation]) -> list[str]:
    return [calculation.calculation_id for calculation in kept]


def test_a_first_publish_lists_only_itself() -> None:
    kept = after_publish([], None, _kept("c1"))
    assert (_ids(kept.calculations), kept.expired) == (["c1"], [])


def test_each_publish_lists_itself_first_and_keeps_those_it_superseded() -> None:
    listed: list[KeptCalculation] = []
    previous = None
    for name in ("c1", "c2", "c3"):
        kept = after_publish(listed, previous, _kept(name))
        assert kept.expired == []
        listed, previous = kept.calculations, name
    assert _ids(listed) == ["c3", "c2", "c1"]


def test_beyond_the_limit_the_oldest_falls_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(calculations, "SUPERSEDED_KEPT", 2)
    listed = [_kept("c3"), _kept("c2"), _kept("c1")]
    kept = after_publish(listed, "c3", _kept("c4"))
    assert (_ids(kept.calculations), kept.expired) == (["c4", "c3", "c2"], ["c1"])


def test_the_limit_is_the_named_constant() -> None:
    listed = [_kept(f"c{n}") for n in range(calculations.SUPERSEDED_KEPT + 1, 0, -1)]
    kept = after_publish(listed, listed[0].calculation_id, _kept("new"))
    assert len(kept.calculations) == calculations.SUPERSEDED_KEPT + 1
    assert kept.expired == ["c1"]


def test_a_published_calculation_never_listed_is_deleted_not_kept_unlisted() -> None:
    kept = after_publish([], "c-before-lists", _kept("c2"))
    assert (_ids(kept.calculations), kept.expired) == (["c2"], ["c-before-lists"])


def test_a_repeated_publish_lists_its_calculation_once() -> None:
    kept = after_publish([_kept("c2"), _kept("c1")], "c2", _kept("c2"))
    assert (_ids(kept.calculations), kept.expired) == (["c2", "c1"], [])


def test_the_current_calculation_is_published_the_others_superseded() -> None:
    assert status_of(_kept("c2"), "c2") == "published"
    assert status_of(_kept("c1"), "c2") == "superseded"
    assert status_of(_kept("c1"), None) == "superseded"
