"""``make bench``: run every benchmark module and print its rows.

Each module's ``run()`` returns ``(name, value, unit)`` rows; ratios are against a baseline
measured in the same run on the same machine, so the figures compare across machines. Each
module runs in an interpreter of its own, so no emulator, environment or cached client of one
benchmark can leak into the next. ``python -m bench auth pipeline`` runs a selection.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

MODULES = (
    "bench.cold_start",
    "bench.calculator",
    "bench.local_platform",
    "bench.auth",
    "bench.uploads",
    "bench.pipeline",
    "bench.load",
    "bench.scale",
    "bench.web",
)
_RUN_ONE = (
    "import importlib, json, sys; "
    "rows = importlib.import_module(sys.argv[1]).run(); "
    "print('ROWS ' + json.dumps(rows))"
)


def _run(name: str) -> list[tuple[str, float, str]]:
    done = subprocess.run(
        [sys.executable, "-c", _RUN_ONE, name], capture_output=True, text=True, check=False
    )
    found = [line for line in done.stdout.splitlines() if line.startswith("ROWS ")]
    if done.returncode != 0 or not found:
        print(done.stderr[-4000:], file=sys.stderr)
        raise RuntimeError(f"{name} failed (exit {done.returncode})")
    return [(str(row), float(value), str(unit)) for row, value, unit in json.loads(found[-1][5:])]


def main(selected: list[str]) -> int:
    names = [m for m in MODULES if not selected or m.rsplit(".", 1)[1] in selected]
    print(f"{'benchmark':<68} {'value':>12}  unit")
    for name in names:
        started = time.perf_counter()
        for row_name, value, unit in _run(name):
            print(f"{row_name:<68} {value:>12.3f}  {unit}", flush=True)
        print(f"# {name} took {time.perf_counter() - started:.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
