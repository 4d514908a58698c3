"""The ``footprint`` command: one thin entry point per concern, beside the Lambda handlers.

Each subcommand module exposes ``register(subparsers)``, which adds its parser and sets
``func`` to a callable taking the parsed arguments and returning the exit status.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

# Imported lazily, so that ``footprint calc`` does not pay for boto3 and the reverse.
_SUBCOMMAND_MODULES: tuple[str, ...] = (
    "footprint.cli.calc",
    "footprint.cli.factors",
    "footprint.cli.tenant",
    "footprint.cli.backup",
    "footprint.cli.restore",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="footprint", description=__doc__)
    subparsers = parser.add_subparsers(dest="command", required=True)
    for name in _SUBCOMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    status: int = args.func(args)
    return status


if __name__ == "__main__":
    sys.exit(main())
