"""Help for people: what a command does, and an example of each way to call it."""

from __future__ import annotations

import argparse
from typing import Any


def described(summary: str, *examples: str, more: str = "") -> dict[str, Any]:
    """``add_parser`` keywords: ``summary`` in the parent's list and atop the command's own
    help, ``more`` below it, the examples (and nothing else) at the end, laid out as written."""
    description = f"{summary[0].upper()}{summary[1:]}."
    if more:
        description += f"\n\n{more}"
    return {
        "help": summary,
        "description": description,
        "epilog": "examples:\n" + "\n".join(f"  {line}" for line in examples),
        "formatter_class": argparse.RawDescriptionHelpFormatter,
    }
