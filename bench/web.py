"""The web application's budget: bytes of the first load and time to the dashboard.

Bytes: the initial JavaScript (the scripts index.html loads) and everything a first visit
fetches (index.html and what it names), gzip-compressed as CloudFront serves them; budgets
150 KB and 400 KB. Time: navigation to the dashboard showing the demo year's totals, in
Debian's headless Chromium against a local platform started here, as a ratio to the time the
same browser takes to fetch that year's summary JSON alone in the same run (goal <= 3). Both
are read on the page's clock; the test's wall time for the navigation is printed beside them.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from local.running import start_platform
from local.web import DIST

WEB = DIST.parent
KB = 1024


def _gzipped(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6))


def first_load_bytes(dist: Path = DIST) -> tuple[int, int]:
    """(initial JavaScript, whole first load) in gzip bytes."""
    index = dist / "index.html"
    html = index.read_text(encoding="utf-8")
    named = re.findall(r'(?:src|href)="/([^"]+)"', html)
    scripts = [name for name in named if name.endswith(".js")]
    initial_js = sum(_gzipped(dist / name) for name in scripts)
    total = _gzipped(index) + sum(_gzipped(dist / name) for name in named)
    return initial_js, total


def run() -> list[tuple[str, float, str]]:
    initial_js, total = first_load_bytes()
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("Node.js 20 or later is required (npm on PATH)")
    platform = start_platform()
    try:
        with tempfile.TemporaryDirectory() as folder:
            out = Path(folder) / "first-load.json"
            done = subprocess.run(
                [npm, "run", "--silent", "bench"],
                cwd=WEB,
                env={
                    **os.environ,
                    "FOOTPRINT_WEB_URL": platform.api_url,
                    "FOOTPRINT_BENCH_OUT": str(out),
                },
                capture_output=True,
                text=True,
                timeout=600,
                check=False,
            )
            if done.returncode != 0:
                raise RuntimeError(done.stdout[-3000:] + done.stderr[-3000:])
            timing = json.loads(out.read_text(encoding="utf-8"))
    finally:
        platform.stop()
    dashboard, summary = float(timing["dashboard_ms"]), float(timing["summary_ms"])
    wall = float(timing["dashboard_wall_ms"])
    return [
        ("web: initial JavaScript, gzip (KB, budget <= 150)", initial_js / KB, "KB"),
        ("web: first load in all, gzip (KB, budget <= 400)", total / KB, "KB"),
        ("web: navigation to the dashboard's totals painted, page clock (ms)", dashboard, "ms"),
        ("web: the same, wall time seen from the test over DevTools (ms)", wall, "ms"),
        ("web: the summary JSON alone, same browser (ms)", summary, "ms"),
        ("web: dashboard / summary JSON alone (goal <= 3)", dashboard / summary, "x"),
    ]
