"""Fixtures for the emissions-engine tests: the shipped library, loaded once per session, and
a calculator for each GWP set."""

from __future__ import annotations

import pytest

from footprint.domain.calculator import Calculator
from footprint.domain.factors import FactorLibrary, default_library


@pytest.fixture(scope="session")
def library() -> FactorLibrary:
    return default_library()


@pytest.fixture(scope="session")
def calculators(library: FactorLibrary) -> dict[str, Calculator]:
    return {name: Calculator(library, name) for name in ("AR4", "AR5", "AR6")}
