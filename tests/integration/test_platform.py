"""The local platform answers over real HTTP as the deployed API does."""

from __future__ import annotations

import json
import time

import httpx

from footprint.api.http import SECURITY_HEADERS
from local.openapi import OUTPUT
from local.running import RunningPlatform


def test_health_answers_with_version_and_dependencies(client: httpx.Client) -> None:
    response = client.get("/v1/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["dependencies"]["data_table"]["status"] == "ok"
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value


def test_openapi_document_is_served_as_committed(client: httpx.Client) -> None:
    response = client.get("/v1/openapi.json")
    assert response.status_code == 200
    assert response.json() == json.loads(OUTPUT.read_text(encoding="utf-8"))


def test_unknown_route_is_404_in_the_error_shape(client: httpx.Client) -> None:
    response = client.get("/v1/does-not-exist")
    assert response.status_code == 404
    error = response.json()["error"]
    assert error["code"] == "not_found"
    assert error["details"]["request_id"] == response.headers["x-amzn-RequestId"]


def test_preflight_allows_only_the_stage_origin(client: httpx.Client) -> None:
    response = client.options(
        "/v1/health",
        headers={
            "Origin": "https://app.dev.footprint.example",
            "Access-Control-Request-Method": "GET",
        },
    )
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "https://app.dev.footprint.example"


def test_requests_are_logged_as_json_access_lines(
    client: httpx.Client, platform: RunningPlatform
) -> None:
    request_id = client.get("/v1/health").headers["x-amzn-RequestId"]

    def logged() -> bool:
        lines = [
            json.loads(line) for line in platform.output if line.startswith('{"log": "api_access"')
        ]
        return any(line["requestId"] == request_id and line["status"] == 200 for line in lines)

    # The platform's output reaches the test through a pipe and a reader thread.
    deadline = time.monotonic() + 10
    while not logged() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert logged()
