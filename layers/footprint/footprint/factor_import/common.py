"""Small helpers shared by the per-source readers: cell parsing, slugs and cell references."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

Factor = dict[str, Any]

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_FOOTNOTE = re.compile(r"(?<=[a-z)])\s?[A-E]\s*$")
_PARENTHETICAL = re.compile(r"\s*\([^)]*\)")


def slug(text: str) -> str:
    """Lower-case words joined by ``_``: ``Fuel Oil No. 2`` -> ``fuel_oil_no_2``."""
    return _NON_ALNUM.sub("_", text.lower()).strip("_")


def strip_footnote(label: str) -> str:
    """Drop a trailing footnote letter (``Passenger Car A``, ``RecycledA``) from a row label."""
    return _FOOTNOTE.sub("", label.strip()).strip()


def strip_parenthetical(label: str) -> str:
    """Drop descriptive brackets: ``Air Travel - Long Haul (>= 2300 miles)`` -> ``... Haul``."""
    return _PARENTHETICAL.sub("", label).strip()


def number(value: object) -> float | None:
    """A published cell as a float, or ``None`` when the publisher left it blank or ``NA``.

    Some cells hold numbers as text with stray spaces (``'0 '`` in the 2024 Hub).
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        text = value.strip()
        if text in {"", "NA", "N/A", "-"}:
            return None
        try:
            return float(text)
        except ValueError:
            return None
    return None


def text(value: object) -> str:
    """A cell as stripped text (numbers included, as Excel would show them)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def cell_ref(row: int, column: int) -> str:
    """Spreadsheet reference for zero-based indices (``(37, 4)`` -> ``E38``)."""
    letters = ""
    index = column + 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return f"{letters}{row + 1}"


def sha256(path: Path) -> str:
    """Checksum of a source file, recorded so the data names the exact bytes it came from."""
    return hashlib.sha256(path.read_bytes()).hexdigest()
