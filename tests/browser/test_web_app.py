"""The web application in headless Chromium (web/tests/browser, driven by playwright-core),
against a local platform this test starts: the way `make local` serves the app and the API.

The platform's access tokens live ten seconds, so the browser tests see the app outlive one.
A new tenant, made here with the operator command, gives them an admin to sign in from
scratch; the demo tenant gives them a year of data. Members of staff made here the same way
(an engineer, a lead, security) sign in to the staff console from scratch.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator

import pytest

from local.running import RunningPlatform, start_platform
from local.template import ROOT
from tests.support.platform_accounts import create_staff, create_tenant

WEB = ROOT / "web"
ACCESS_TOKEN_SECONDS = 10
STAFF_ROLES = ("engineer", "lead", "security")
NARROW = "FOOTPRINT_BROWSER_TESTS"


@pytest.fixture(scope="module")
def platform() -> Iterator[RunningPlatform]:
    running = start_platform("--env", f"FOOTPRINT_ACCESS_TOKEN_SECONDS={ACCESS_TOKEN_SECONDS}")
    yield running
    running.stop()


def test_the_web_application_in_a_browser(platform: RunningPlatform) -> None:
    npm = shutil.which("npm")
    assert npm, "Node.js 20 or later is required for the web application (npm on PATH)"
    assert (WEB / "dist" / "index.html").is_file(), "build the app first: make web-build"
    email = "admin@browser-test.example"
    created = create_tenant(platform, "Browser Test", email)
    staff = {
        f"FOOTPRINT_STAFF_{role.upper()}_{what}": value
        for role in STAFF_ROLES
        for what, value in zip(
            ("EMAIL", "PASSWORD"),
            _staff(platform, role),
            strict=True,
        )
    }
    environment = {
        **os.environ,
        "FOOTPRINT_WEB_URL": platform.api_url,
        "FOOTPRINT_NEW_ADMIN_EMAIL": email,
        "FOOTPRINT_NEW_ADMIN_PASSWORD": created["temporary_password"],
        "FOOTPRINT_ACCESS_TOKEN_SECONDS": str(ACCESS_TOKEN_SECONDS),
        "FOOTPRINT_NEW_TENANT_ID": created["tenant_id"],
        **staff,
    }
    done = subprocess.run(
        # FOOTPRINT_BROWSER_TESTS narrows the run to some test files (web/tests/browser/...).
        [npm, "run", "--silent", "test:browser", "--", *os.environ.get(NARROW, "").split()],
        cwd=WEB,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    print(done.stdout, done.stderr)
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-3000:]


def _staff(platform: RunningPlatform, role: str) -> tuple[str, str]:
    """A member of staff of ``role``, as an operator creates one: e-mail, temporary password."""
    email = f"{role}@staff.browser-test.example"
    created = create_staff(platform, f"Browser {role.title()}", email, role)
    return email, created["temporary_password"]
