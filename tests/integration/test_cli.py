"""The ``footprint`` operator command finds the running local platform by itself: no endpoint,
no credentials, no table named, only the platform's state file in the folder it runs in."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import httpx

from local.running import RunningPlatform


def test_tenant_create_needs_nothing_but_the_running_platform(
    platform: RunningPlatform, client: httpx.Client
) -> None:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "FOOTPRINT_"))}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "footprint.cli",
            "tenant",
            "create",
            "--name",
            "Found By Itself",
            "--admin-email",
            "ops@found.example",
        ],
        cwd=platform.state_file.parent.parent,  # the folder holding .local/platform.json
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    created = json.loads(done.stdout)

    login = client.post(
        "/v1/auth/login",
        json={"email": "ops@found.example", "password": created["temporary_password"]},
    )
    assert login.status_code == 200, login.text
    assert login.json()["challenge"] == "NEW_PASSWORD"
