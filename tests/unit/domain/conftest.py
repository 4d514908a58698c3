"""Fixtures for the emissions-engine tests: the shipped library and the shared sources.

The library loads once per session. The shared publications must be present at
``../shared/data/factors``: accuracy tests compare with them, so their absence is a failure.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from footprint.domain.calculator import Calculator
from footprint.domain.factors import FactorLibrary, default_library


@pytest.fixture(scope="session")
def library() -> FactorLibrary:
    return default_library()


@pytest.fixture(scope="session")
def calculators(library: FactorLibrary) -> dict[str, Calculator]:
    return {name: Calculator(library, name) for name in ("AR4", "AR5", "AR6")}


@pytest.fixture(scope="session")
def shared_factors(repo_root: Path) -> Path:
    folder = repo_root.parent / "shared" / "data" / "factors"
    assert folder.is_dir(), f"the shared publications are missing: {folder}"
    return folder
