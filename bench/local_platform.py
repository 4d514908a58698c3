"""Seconds from ``python -m local`` starting to ``GET /v1/health`` answering 200 (target < 30)."""

from __future__ import annotations

import subprocess
import sys
import time

import httpx

from local.template import ROOT


def run() -> list[tuple[str, float, str]]:
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "local", "--api-port", "0"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith('{"ready"'):
                api_url = line.split('"api_url": "')[1].split('"')[0]
                break
        else:
            raise RuntimeError("the local platform exited before it was ready")
        while httpx.get(f"{api_url}/v1/health", timeout=5).status_code != 200:
            time.sleep(0.1)
        seconds = time.perf_counter() - started
    finally:
        process.terminate()
        process.wait(timeout=10)
    return [("local platform: start to first healthy answer (s, target < 30)", seconds, "s")]
