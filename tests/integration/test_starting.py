"""While ``make local`` starts, /v1/health answers 503 ``starting`` (never a 502), and 200 only
once the platform is ready, its demo data in: a script can wait on it (issue 22)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from local.template import ROOT


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_health_says_starting_until_the_platform_is_ready() -> None:
    port = _free_port()
    folder = Path(tempfile.mkdtemp(prefix="footprint-local-"))
    output = folder / "output.txt"
    environment = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    with output.open("w") as sink:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "local",
                "--api-port",
                str(port),
                "--state-file",
                str(folder / ".local" / "platform.json"),
            ],
            cwd=ROOT,
            stdout=sink,
            stderr=subprocess.STDOUT,
            env=environment,
        )
    seen: list[int] = []
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/v1/health", timeout=10)
            except httpx.TransportError:  # the interpreter is still importing: nothing bound
                time.sleep(0.05)
                continue
            seen.append(response.status_code)
            if response.status_code == 200:
                # Ready means the demo data is in: the seed said so before the port opened.
                assert "Footprint is running" in output.read_text(encoding="utf-8")
                break
            assert response.status_code == 503, response.text
            assert response.json()["status"] == "starting"
            assert response.headers["Retry-After"]
            time.sleep(0.05)
        assert seen, output.read_text(encoding="utf-8")
        assert seen[-1] == 200, output.read_text(encoding="utf-8")
        assert 503 in seen
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        shutil.rmtree(folder, ignore_errors=True)
