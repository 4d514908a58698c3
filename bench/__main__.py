"""``make bench``: run every benchmark module and print its rows.

Each module's ``run()`` returns ``(name, value, unit)`` rows; ratios are against a baseline
measured in the same run on the same machine, so the figures compare across machines.
"""

from __future__ import annotations

import importlib
import sys
import time

MODULES = (
    "bench.cold_start",
    "bench.calculator",
    "bench.local_platform",
    "bench.auth",
    "bench.uploads",
    "bench.pipeline",
)


def main(selected: list[str]) -> int:
    names = [m for m in MODULES if not selected or m.rsplit(".", 1)[1] in selected]
    print(f"{'benchmark':<68} {'value':>12}  unit")
    for name in names:
        started = time.perf_counter()
        for row_name, value, unit in importlib.import_module(name).run():
            print(f"{row_name:<68} {value:>12.3f}  {unit}", flush=True)
        print(f"# {name} took {time.perf_counter() - started:.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
