"""The local front's door: the API port is bound as the platform starts, and answers 503
``starting`` until the platform is ready, then hands every request to the gateway.

Bound early rather than only once ready: a script waiting on ``/v1/health`` then sees a 503
saying the platform is starting (with ``Retry-After``), which ``curl --retry`` and the usual
wait loops treat as "try again", where a refused connection reads as "nothing there" (and
needs ``--retry-connrefused``); the port is also held from the first moment, so a second
``make local`` fails at once instead of after provisioning. The body is the health answer's
shape (``status``, ``version``, ``stage``, ``dependencies``), as the OpenAPI document declares
for a 503 of ``/v1/health``; any other path answers 503 in the API's error shape.

Paths outside ``/v1`` are the web application's (``local.web``), served from the start, as
CloudFront's default behaviour serves them beside the API's ``/v1/*``, but for the uploads
bucket's path, whose presigned PUTs go on to the emulator (``local.presigned``) once it runs.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from footprint import __version__
from footprint.api.http import SECURITY_HEADERS

WsgiApp = Callable[[dict[str, Any], Any], Iterable[bytes]]

API_PREFIX = "/v1"
HEALTH_PATH = "/v1/health"
RETRY_AFTER_SECONDS = 1


class Front:
    """The WSGI application bound to the API port: ``starting`` until ``open``."""

    def __init__(self, stage: str, web: WsgiApp | None = None) -> None:
        self.stage = stage
        self.web = web
        self._app: WsgiApp | None = None
        self._presigned: tuple[str, WsgiApp] | None = None

    @property
    def is_open(self) -> bool:
        return self._app is not None

    def open(self, app: WsgiApp) -> None:
        self._app = app

    def forward_presigned(self, prefix: str, proxy: WsgiApp) -> None:
        """Hand requests under ``prefix`` (the presigned bucket's path) to ``proxy``."""
        self._presigned = (prefix, proxy)

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        path = str(environ.get("PATH_INFO", ""))
        if self._presigned is not None and path.startswith(self._presigned[0]):
            return self._presigned[1](environ, start_response)
        if self.web is not None and not (path == API_PREFIX or path.startswith(API_PREFIX + "/")):
            return self.web(environ, start_response)
        app = self._app
        if app is not None:
            return app(environ, start_response)
        body = self.starting_body(environ.get("PATH_INFO", ""))
        start_response(
            "503 Service Unavailable",
            [
                ("Content-Type", "application/json"),
                ("Content-Length", str(len(body))),
                ("Retry-After", str(RETRY_AFTER_SECONDS)),
                *SECURITY_HEADERS.items(),
            ],
        )
        return [body]

    def starting_body(self, path: str) -> bytes:
        if path.rstrip("/") == HEALTH_PATH:
            answer: dict[str, Any] = {
                "status": "starting",
                "version": __version__,
                "stage": self.stage,
                "dependencies": {},
            }
        else:
            answer = {
                "error": {
                    "code": "starting",
                    "message": "The local platform is starting: try again in a moment.",
                    "details": {"request_id": str(uuid.uuid4())},
                }
            }
        return json.dumps(answer).encode("utf-8")
