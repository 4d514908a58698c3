"""While the local platform starts, its API port answers 503 ``starting`` (the health shape
for /v1/health), then hands every request to the gateway once opened (issue 22)."""

from __future__ import annotations

import json
from typing import Any

from werkzeug.test import Client

from footprint import __version__
from local.front import Front, distribution_origin_headers


def _gateway(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    start_response("200 OK", [("Content-Type", "application/json")])
    return [b'{"status": "ok"}']


def test_health_says_starting_in_the_health_shape_until_open() -> None:
    front = Front("dev")
    client = Client(front)
    response = client.get("/v1/health")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "1"
    assert json.loads(response.get_data()) == {
        "status": "starting",
        "version": __version__,
        "stage": "dev",
        "dependencies": {},
    }
    other = client.post("/v1/uploads")
    assert other.status_code == 503
    assert json.loads(other.get_data())["error"]["code"] == "starting"

    front.open(_gateway)
    response = client.get("/v1/health")
    assert response.status_code == 200
    assert json.loads(response.get_data()) == {"status": "ok"}


def test_the_api_gets_what_cloudfront_adds_and_no_callers_copy_of_it() -> None:
    seen: dict[str, Any] = {}

    def gateway(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        seen.update(environ)
        return _gateway(environ, start_response)

    front = Front("dev")
    front.open(gateway, {"X-Footprint-Origin-Verify": "s3cret"})
    Client(front).get(
        "/v1/me",
        headers={"X-Footprint-Viewer-Ip": "198.51.100.7", "X-Footprint-Origin-Verify": "x"},
        environ_base={"REMOTE_ADDR": "127.0.0.1", "REMOTE_PORT": "50123"},
    )
    assert seen["HTTP_X_FOOTPRINT_VIEWER_IP"] == "127.0.0.1"
    assert seen["HTTP_X_FOOTPRINT_ORIGIN_VERIFY"] == "s3cret"


def test_the_origin_headers_are_the_templates(template: dict[str, Any]) -> None:
    headers = distribution_origin_headers(
        template, lambda value: [{**h, "HeaderValue": "resolved"} for h in value]
    )
    assert headers == {"X-Footprint-Origin-Verify": "resolved"}
