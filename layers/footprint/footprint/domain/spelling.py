"""The allowed value nearest to what someone typed, for error messages that say "did you
mean". One matcher for every vocabulary (columns, activities, units, refrigerants), so a
suggestion reads the same wherever it is made."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable


def closest(value: str, allowed: Iterable[str]) -> str | None:
    """The allowed value nearest to ``value`` (difflib; case, spaces and hyphens aside), or
    None when nothing is near enough to suggest."""
    choices = list(allowed)
    by_key: dict[str, str] = {}
    for choice in choices:
        by_key.setdefault(_loose(choice), choice)
    exact = by_key.get(_loose(value))
    if exact is not None:
        return exact
    found = difflib.get_close_matches(_loose(value), list(by_key), n=1, cutoff=0.6)
    return by_key[found[0]] if found else None


def _loose(text: str) -> str:
    return re.sub(r"[\s\-]+", "_", text.strip().casefold())
