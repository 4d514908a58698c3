"""Fixtures for the emissions-engine tests: the shipped library and the publishers' files.

The library loads once per session. The publishers' files are in the repository, under
``data/factor-sources``: accuracy tests compare with them, so their absence is a failure.
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
def factor_sources(repo_root: Path) -> Path:
    folder = repo_root / "data" / "factor-sources"
    assert folder.is_dir(), f"the publishers' files are missing: {folder}"
    return folder
