"""People on the local platform, as the integration tests need them: an operator creates a
tenant with the ``footprint`` CLI, its admin signs in (new password, TOTP set up with a real
generator), invites members, and each member signs in again with fresh TOTP codes; the
operator opens the quarter's access reviews."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from typing import Any

import httpx
import pyotp

from local.running import RunningPlatform
from local.template import ROOT

PASSWORD = "integration test password 1"
# Where members of staff sign in (the staff realm's own routes).
STAFF_AUTH = "/v1/staff/auth"
ROLES = ("admin", "editor", "viewer", "auditor")


@dataclass
class Member:
    user_id: str
    email: str
    secret: str
    tokens: dict[str, Any]
    last_step: list[int] = field(default_factory=lambda: [0])

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens['access_token']}"}

    def code(self) -> str:
        """A code for a step later than any used (RFC 6238 allows now+1; else wait)."""
        while True:
            step = int(time.time() // 30)
            for candidate in (step, step + 1):
                if candidate > self.last_step[0]:
                    self.last_step[0] = candidate
                    return pyotp.TOTP(self.secret).at(candidate * 30)
            time.sleep(1)


@dataclass
class Tenant:
    tenant_id: str
    admin: Member


def footprint_cli(platform: RunningPlatform, *arguments: str) -> subprocess.CompletedProcess[str]:
    """The ``footprint`` command, as an operator runs it against the platform's emulator."""
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "FOOTPRINT_"))},
        "AWS_ENDPOINT_URL": platform.aws_url,
        "AWS_ACCESS_KEY_ID": "local",
        "AWS_SECRET_ACCESS_KEY": "local",
        "AWS_DEFAULT_REGION": "us-east-2",
        "AWS_MAX_ATTEMPTS": "2",
    }
    return subprocess.run(
        [sys.executable, "-m", "footprint.cli", *arguments],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def create_tenant(platform: RunningPlatform, name: str, email: str) -> dict[str, str]:
    """``footprint tenant create`` against the running platform's emulator."""
    done = footprint_cli(
        platform,
        "tenant",
        "create",
        "--name",
        name,
        "--admin-email",
        email,
        "--table",
        platform.data_table(),
    )
    assert done.returncode == 0, done.stderr
    created: dict[str, str] = json.loads(done.stdout)
    assert set(created) == {"tenant_id", "admin_user_id", "temporary_password"}
    return created


def open_access_reviews(platform: RunningPlatform) -> dict[str, Any]:
    """``footprint access-review start --wait``: this quarter's review of every tenant that has
    none opens; answers the command's report (quarter, opened_count, remind_at, due_at)."""
    state = json.loads(platform.state_file.read_text(encoding="utf-8"))
    done = footprint_cli(
        platform,
        "access-review",
        "start",
        "--state-machine",
        state["outputs"]["AccessReviewStateMachineArn"],
        "--wait",
        "60",
    )
    assert done.returncode == 0, done.stderr
    report: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    assert "quarter" in report, report
    return report


def _secret(uri: str) -> str:
    found = re.search(r"secret=([A-Z2-7]+)", uri)
    assert found
    return found.group(1)


def setup_mfa(
    client: httpx.Client,
    challenge: dict[str, Any],
    user_id: str,
    email: str,
    auth: str = "/v1/auth",
) -> Member:
    """Answer MFA_SETUP with a first code; ``auth`` is /v1/staff/auth for staff."""
    assert challenge["challenge"] == "MFA_SETUP"
    member = Member(user_id, email, _secret(challenge["otpauth_uri"]), {})
    answer = client.post(
        f"{auth}/challenge", json={"session": challenge["session"], "code": member.code()}
    )
    assert answer.status_code == 200, answer.text
    member.tokens = answer.json()
    return member


def onboard(platform: RunningPlatform, client: httpx.Client, name: str, email: str) -> Tenant:
    created = create_tenant(platform, name, email)
    login = client.post(
        "/v1/auth/login", json={"email": email, "password": created["temporary_password"]}
    )
    assert login.json()["challenge"] == "NEW_PASSWORD"
    setup = client.post(
        "/v1/auth/challenge", json={"session": login.json()["session"], "new_password": PASSWORD}
    )
    return Tenant(
        created["tenant_id"], setup_mfa(client, setup.json(), created["admin_user_id"], email)
    )


def join(client: httpx.Client, admin: Member, email: str, role: str) -> Member:
    invited = client.post("/v1/users", json={"email": email, "role": role}, headers=admin.headers)
    assert invited.status_code == 201, invited.text
    redeemed = client.post(
        "/v1/auth/invitation",
        json={"invitation": invited.json()["invitation"], "new_password": PASSWORD},
    )
    assert redeemed.status_code == 200, redeemed.text
    return setup_mfa(client, redeemed.json(), invited.json()["user"]["user_id"], email)


def sign_in(client: httpx.Client, member: Member, auth: str = "/v1/auth") -> httpx.Response:
    login = client.post(f"{auth}/login", json={"email": member.email, "password": PASSWORD})
    assert login.json()["challenge"] == "MFA", login.text
    return client.post(
        f"{auth}/challenge", json={"session": login.json()["session"], "code": member.code()}
    )


def signed_in_again(client: httpx.Client, member: Member, auth: str = "/v1/auth") -> Member:
    """The member with a new access token: where tokens live seconds (the browser tests), a
    token taken before slow set-up work may have ended by the time it is used. It waits, before
    signing in, for a time step no code was used in: sign-in takes that step's code and the
    member's next code (an approval's) the step after, accepted at once, so nothing waits
    while the new token ages."""
    while member.last_step[0] >= int(time.time() // 30):
        time.sleep(1)
    done = sign_in(client, member, auth)
    assert done.status_code == 200, done.text
    member.tokens = done.json()
    return member


def create_staff(platform: RunningPlatform, name: str, email: str, role: str) -> dict[str, str]:
    """``footprint staff create`` against the running platform's emulator: the member's staff
    id and temporary password."""
    done = footprint_cli(
        platform,
        "staff",
        "create",
        "--name",
        name,
        "--email",
        email,
        "--role",
        role,
        "--table",
        platform.data_table(),
    )
    assert done.returncode == 0, done.stderr
    created: dict[str, str] = json.loads(done.stdout)
    assert {"staff_id", "temporary_password"} <= set(created)
    return created


def staff_member(
    platform: RunningPlatform, client: httpx.Client, name: str, email: str, role: str
) -> Member:
    """``footprint staff create``, then the member's first sign-in at /v1/staff/auth: a new
    password, TOTP set up. The member's ``user_id`` is their staff id."""
    created = create_staff(platform, name, email, role)
    login = client.post(
        "/v1/staff/auth/login", json={"email": email, "password": created["temporary_password"]}
    )
    assert login.json()["challenge"] == "NEW_PASSWORD", login.text
    setup = client.post(
        "/v1/staff/auth/challenge",
        json={"session": login.json()["session"], "new_password": PASSWORD},
    )
    return setup_mfa(client, setup.json(), created["staff_id"], email, auth=STAFF_AUTH)
