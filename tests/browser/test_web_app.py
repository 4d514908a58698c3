"""The web application in headless Chromium (web/tests/browser, driven by playwright-core),
against a local platform this test starts: the way `make local` serves the app and the API.

The platform's access tokens live ten seconds, so the browser tests see the app outlive one.
A new tenant, made here with the operator command, gives them an admin to sign in from
scratch; the demo tenant gives them a year of data; a third tenant, onboarded over the API
with a viewer invited, gives the uploads tests an empty list, an uploader and a viewer.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator

import pytest

from local.running import RunningPlatform, start_platform
from local.template import ROOT
from tests.support.platform_accounts import PASSWORD, create_tenant, join, onboard

WEB = ROOT / "web"
ACCESS_TOKEN_SECONDS = 10


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
    with platform.client() as client:
        uploads = onboard(platform, client, "Uploads Test", "admin@uploads-test.example")
        viewer = join(client, uploads.admin, "viewer@uploads-test.example", "viewer")
    environment = {
        **os.environ,
        "FOOTPRINT_WEB_URL": platform.api_url,
        "FOOTPRINT_NEW_ADMIN_EMAIL": email,
        "FOOTPRINT_NEW_ADMIN_PASSWORD": created["temporary_password"],
        "FOOTPRINT_ACCESS_TOKEN_SECONDS": str(ACCESS_TOKEN_SECONDS),
        "FOOTPRINT_MEMBER_PASSWORD": PASSWORD,
        "FOOTPRINT_UPLOADER_EMAIL": uploads.admin.email,
        "FOOTPRINT_UPLOADER_TOTP_SECRET": uploads.admin.secret,
        "FOOTPRINT_VIEWER_EMAIL": viewer.email,
        "FOOTPRINT_VIEWER_TOTP_SECRET": viewer.secret,
    }
    done = subprocess.run(
        [npm, "run", "--silent", "test:browser"],
        cwd=WEB,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    print(done.stdout, done.stderr)
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-3000:]
