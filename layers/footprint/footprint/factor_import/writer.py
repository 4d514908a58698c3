"""Deterministic JSON output: sorted keys, one factor per line, so re-runs give the same bytes
and a review diff shows one line per changed factor."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

_LISTS = ("factors", "species", "blends")


def write(document: dict[str, Any], path: Path) -> None:
    """Write ``document`` to ``path``; raises if two factors share an id."""
    counts = Counter(factor["id"] for factor in document.get("factors", []))
    duplicates = sorted(key for key, count in counts.items() if count > 1)
    if duplicates:
        raise ValueError(f"{path.name}: duplicate factor ids {duplicates[:5]}")
    head = {key: value for key, value in document.items() if key not in _LISTS}
    lines = ["{"]
    for key, value in sorted(head.items()):
        lines.append(
            f"  {json.dumps(key)}: {json.dumps(value, sort_keys=True, ensure_ascii=False)},"
        )
    lists = [key for key in _LISTS if key in document]
    for position, key in enumerate(lists):
        items = document[key]
        lines.append(f"  {json.dumps(key)}: [")
        lines.extend(
            f"    {json.dumps(item, sort_keys=True, ensure_ascii=False)}"
            + ("," if index < len(items) - 1 else "")
            for index, item in enumerate(items)
        )
        lines.append("  ]" + ("," if position < len(lists) - 1 else ""))
    lines.append("}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
