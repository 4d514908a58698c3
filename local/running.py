"""A local platform in a process of its own (``python -m local``), as a developer runs it:
what the integration tests and the benchmarks drive over HTTP.

In its own process the platform shares no interpreter with its client, as in AWS: a client
in the same process would hold the lock that every Python thread of the platform needs.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from local.platform import DNS_FILE_NAME
from local.template import REGION, ROOT


@dataclass
class RunningPlatform:
    api_url: str
    aws_url: str
    process: subprocess.Popen[str]
    output: list[str]  # every line the platform printed (its logs), for tests that read them
    state_file: Path  # its .local/platform.json, in a folder of its own

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.api_url, timeout=60)

    def aws_client(self, service: str) -> Any:
        import boto3

        return boto3.client(service, **self._emulator())  # type: ignore[call-overload]

    def aws_resource(self, service: str) -> Any:
        import boto3

        return boto3.resource(service, **self._emulator())  # type: ignore[call-overload]

    def _emulator(self) -> dict[str, str]:
        return {
            "endpoint_url": self.aws_url,
            "region_name": REGION,
            "aws_access_key_id": "local",
            "aws_secret_access_key": "local",  # the emulator takes any key
        }

    def publish_txt(self, name: str, value: str) -> None:
        """Publish a TXT record in the platform's local DNS (``local.platform.DNS_FILE_NAME``)."""
        path = self.state_file.parent / DNS_FILE_NAME
        records = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        records.setdefault(name, []).append(value)
        path.write_text(json.dumps(records), encoding="utf-8")

    def data_table(self) -> str:
        """The physical name of the template's ``DataTable``."""
        names = self.aws_client("dynamodb").list_tables()["TableNames"]
        (name,) = [n for n in names if n.endswith("DataTable")]
        return str(name)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        shutil.rmtree(self.state_file.parent.parent, ignore_errors=True)


def start_platform(*arguments: str) -> RunningPlatform:
    """Start ``python -m local`` on free ports and wait for its ready line."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    # Not the repository's .local/platform.json: that one is the developer's `make local`,
    # which a test platform would overwrite, then delete when it stops.
    state_file = Path(tempfile.mkdtemp(prefix="footprint-local-")) / ".local" / "platform.json"
    process = subprocess.Popen(  # noqa: S603 - this interpreter running our own package
        [
            sys.executable,
            "-m",
            "local",
            "--api-port",
            "0",
            "--state-file",
            str(state_file),
            *arguments,
        ],
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
            return RunningPlatform(ready["api_url"], ready["aws_url"], process, output, state_file)
    process.kill()
    shutil.rmtree(state_file.parent.parent, ignore_errors=True)
    raise RuntimeError("the local platform stopped before it was ready:\n" + "".join(output))


def _drain(process: subprocess.Popen[str], output: list[str]) -> None:
    assert process.stdout is not None
    for line in process.stdout:
        output.append(line)
