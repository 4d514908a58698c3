"""No secret in any log: the platform's output (every function's structured log, the API
access log, the workflows) is searched for what must never be logged.

The file's name makes it run after the other integration tests (pytest runs files in order),
so the search covers the logs of the whole session's run on the shared platform, as well as
the secrets this test sends itself.
"""

from __future__ import annotations

import re
import time
import uuid

import httpx
import pytest

from local.running import RunningPlatform

pytestmark = pytest.mark.integration

# Shapes that are secrets wherever they appear in a log line.
SECRET_SHAPES = {
    "a JWT": re.compile(r"eyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]{16,}"),
    "a bcrypt hash": re.compile(r"\$2[aby]\$\d\d\$[./A-Za-z0-9]{53}"),
    "a presigned URL's signature": re.compile(r"X-Amz-Signature=[0-9a-f]{64}"),
    "a TOTP secret URI": re.compile(r"otpauth://"),
    "a private key": re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"),
}


def test_what_clients_send_as_secrets_is_never_logged(
    platform: RunningPlatform, client: httpx.Client
) -> None:
    marker = uuid.uuid4().hex
    password = f"Never-Log-{marker}-pw"
    token = f"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ7{marker}In0.c2lnbmF0dXJl{marker}"
    client.post("/v1/auth/login", json={"email": f"{marker}@example.com", "password": password})
    client.post("/v1/auth/challenge", json={"session": f"session-{marker}", "code": "123456"})
    client.get("/v1/me", headers={"Authorization": f"Bearer {token}"})
    time.sleep(1)  # let the output reader catch up

    logs = "".join(platform.output)
    assert "/v1/auth/login" in logs  # the requests were logged at all
    for secret in (password, token, f"session-{marker}"):
        assert secret not in logs


def test_no_log_line_of_the_session_holds_a_secret(platform: RunningPlatform) -> None:
    # Log lines are JSON (functions, API access log); the seed's plain-text banner, which
    # hands the developer the local demo credentials on purpose, is not a log.
    log_lines = [line for line in platform.output if line.startswith("{")]
    assert log_lines
    found = {
        name: shape.search(line).group(0)[:24]  # type: ignore[union-attr]
        for line in log_lines
        for name, shape in SECRET_SHAPES.items()
        if shape.search(line)
    }
    assert not found, f"secrets in the logs: {found}"
