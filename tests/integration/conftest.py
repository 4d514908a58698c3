"""Integration tests drive a real local platform (``python -m local``) over HTTP with httpx.

One platform serves the whole session; tests that need a platform of their own (injected
faults) start one with ``start_platform``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from local.template import ROOT

STARTUP_SECONDS = 60


@dataclass
class RunningPlatform:
    api_url: str
    aws_url: str
    process: subprocess.Popen[str]
    output: list[str]  # every line the platform printed (its logs), for tests that read them

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.api_url, timeout=60)

    def aws_client(self, service: str) -> Any:
        import boto3

        return boto3.client(
            service,
            endpoint_url=self.aws_url,
            region_name="us-east-2",
            aws_access_key_id="local",
            aws_secret_access_key="local",
        )

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def start_platform(*arguments: str) -> RunningPlatform:
    """Start ``python -m local`` on free ports and wait for its ready line."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    process = subprocess.Popen(
        [sys.executable, "-m", "local", "--api-port", "0", *arguments],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=environment,
    )
    assert process.stdout is not None
    output: list[str] = []
    for line in process.stdout:
        output.append(line)
        if line.startswith('{"ready"'):
            ready = json.loads(line)
            # Keep reading, or the platform blocks once the pipe's buffer is full.
            threading.Thread(target=_drain, args=(process, output), daemon=True).start()
            return RunningPlatform(ready["api_url"], ready["aws_url"], process, output)
    process.kill()
    raise RuntimeError("the local platform stopped before it was ready:\n" + "".join(output))


def _drain(process: subprocess.Popen[str], output: list[str]) -> None:
    assert process.stdout is not None
    for line in process.stdout:
        output.append(line)


@pytest.fixture(scope="session")
def platform() -> Iterator[RunningPlatform]:
    running = start_platform()
    yield running
    running.stop()


@pytest.fixture
def client(platform: RunningPlatform) -> Iterator[httpx.Client]:
    with platform.client() as http:
        yield http
