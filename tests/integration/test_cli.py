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


def _footprint(
    platform: RunningPlatform, *arguments: str, **environment: str
) -> subprocess.CompletedProcess[str]:
    """The command run in the folder holding the platform's state file, with only
    ``environment`` set for AWS."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "FOOTPRINT_"))}
    return subprocess.run(
        [sys.executable, "-m", "footprint.cli", *arguments],
        cwd=platform.state_file.parent.parent,
        env={**clean, **environment},
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def test_backup_run_and_list_need_nothing_but_the_running_platform(
    platform: RunningPlatform,
) -> None:
    """No --state-machine, no --table: from the state file alone, and from a shell whose
    AWS_ENDPOINT_URL is the platform's emulator (issue 22)."""
    emulator = {
        "AWS_ENDPOINT_URL": platform.aws_url,
        "AWS_ACCESS_KEY_ID": "local",
        "AWS_SECRET_ACCESS_KEY": "local",
        "AWS_DEFAULT_REGION": "us-east-2",
    }
    for environment in ({}, emulator):
        done = _footprint(platform, "backup", "run", "--wait", "150", **environment)
        assert done.returncode == 0, done.stderr
        (made,) = json.loads(done.stdout.splitlines()[-1])["backups"]
        listed = _footprint(platform, "backup", "list", "--format", "json", **environment)
        assert listed.returncode == 0, listed.stderr
        assert made["backup_id"] in [record["backup_id"] for record in json.loads(listed.stdout)]
