"""Sample events from events/, the same files `sam local invoke -e` takes."""

from __future__ import annotations

import copy
import json
from functools import cache
from typing import Any

from local.template import ROOT


@cache
def _load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((ROOT / "events" / name).read_text(encoding="utf-8"))
    return data


def event(name: str, **overrides: Any) -> dict[str, Any]:
    """A fresh copy of ``events/<name>`` with top-level keys replaced."""
    loaded = copy.deepcopy(_load(name))
    loaded.update(overrides)
    return loaded
