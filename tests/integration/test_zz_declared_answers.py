"""Every answer the platform gave in this session's integration tests has a status its route
declares in the OpenAPI document.

The file's name makes it run after the other integration tests, so the API access log it reads
holds the whole session's traffic on the shared platform: the flows the tests walk, and the
fuzzer's requests. A route that answers a status it does not declare fails here.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from local.openapi import OUTPUT
from local.running import RunningPlatform

pytestmark = pytest.mark.integration


def _declared() -> list[tuple[str, re.Pattern[str], set[int]]]:
    document: dict[str, Any] = json.loads(OUTPUT.read_text(encoding="utf-8"))
    routes = []
    for path, operations in document["paths"].items():
        shape = re.compile("^" + re.sub(r"\{[^/]+\}", "[^/]+", path) + "$")
        for method, operation in operations.items():
            statuses = {int(status) for status in operation["responses"]}
            routes.append((method.upper(), shape, statuses))
    return routes


def undeclared(access_log: list[dict[str, Any]]) -> set[tuple[str, str, int]]:
    """The (method, path, status) answers whose route does not declare that status."""
    routes = _declared()
    found = set()
    for entry in access_log:
        for method, shape, statuses in routes:
            if entry["httpMethod"] == method and shape.match(entry["path"]):
                if entry["status"] not in statuses:
                    found.add((method, entry["path"], entry["status"]))
                break
    return found


def test_a_status_a_route_does_not_declare_is_found() -> None:
    answers = [
        {"httpMethod": "GET", "path": "/v1/uploads/0123456789abcdef01234567", "status": 404},
        {"httpMethod": "GET", "path": "/v1/uploads/0123456789abcdef01234567", "status": 418},
        {"httpMethod": "GET", "path": "/v1/no-such-route", "status": 404},
    ]
    assert undeclared(answers) == {("GET", "/v1/uploads/0123456789abcdef01234567", 418)}


def test_every_answer_of_the_session_was_declared(platform: RunningPlatform) -> None:
    access_log = []
    for line in platform.output:
        if line.startswith('{"log": "api_access"'):
            access_log.append(json.loads(line))
    assert len(access_log) > 100  # the session's traffic, not an empty log
    assert not undeclared(access_log)
