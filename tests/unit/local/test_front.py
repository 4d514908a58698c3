"""While the local platform starts, its API port answers 503 ``starting`` (the health shape
for /v1/health), then hands every request to the gateway once opened (issue 22)."""

from __future__ import annotations

import json
from typing import Any

from werkzeug.test import Client

from footprint import __version__
from local.front import Front


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
