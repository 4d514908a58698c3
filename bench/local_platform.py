"""Seconds from ``python -m local`` starting to ``GET /v1/health`` answering 200 (target < 30)."""

from __future__ import annotations

import time

import httpx

from local.running import start_platform


def run() -> list[tuple[str, float, str]]:
    started = time.perf_counter()
    platform = start_platform()
    try:
        while httpx.get(f"{platform.api_url}/v1/health", timeout=5).status_code != 200:
            time.sleep(0.1)
        seconds = time.perf_counter() - started
    finally:
        platform.stop()
    return [("local platform: start to first healthy answer (s, target < 30)", seconds, "s")]
