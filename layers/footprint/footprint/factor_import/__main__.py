"""``python -m footprint.factor_import --source data/factor-sources --out <data dir>``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from footprint.factor_import.build import run


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m footprint.factor_import", description=__doc__)
    parser.add_argument("--source", type=Path, required=True, help="data/factor-sources")
    parser.add_argument("--out", type=Path, required=True, help="folder for the library files")
    args = parser.parse_args(argv)
    for path in run(args.source, args.out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
