"""Fixtures shared by every test: the repository root and the parsed template.

Every function's code folder goes on the import path, read from the template as the local
platform reads it, so tests import handlers as ``fp_<group>.app``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from local.template import ROOT, load_template

for _spec in load_template()["Resources"].values():
    if _spec["Type"] == "AWS::Serverless::Function":
        _code_dir = str(ROOT / _spec["Properties"]["CodeUri"])
        if _code_dir not in sys.path:
            sys.path.append(_code_dir)


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def template() -> dict[str, Any]:
    return load_template()
