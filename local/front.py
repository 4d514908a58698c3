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
What the distribution adds to a request for the API is added here too: its origin's custom
headers (the secret by which the API believes the next one) and, as its viewer-request
function does, ``X-Footprint-Viewer-Ip``, the caller's address; a caller's own headers of those
names are overwritten, as CloudFront does.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable, Mapping
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
        self._origin_headers: dict[str, str] = {}
        self._presigned: tuple[str, WsgiApp] | None = None

    @property
    def is_open(self) -> bool:
        return self._app is not None

    def open(self, app: WsgiApp, origin_headers: Mapping[str, str] | None = None) -> None:
        """Serve the API by ``app``, sending it ``origin_headers`` as CloudFront's /v1/* origin
        has them (``distribution_origin_headers``)."""
        self._origin_headers = {
            "HTTP_" + name.upper().replace("-", "_"): value
            for name, value in (origin_headers or {}).items()
        }
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
            environ["HTTP_X_FOOTPRINT_VIEWER_IP"] = str(environ.get("REMOTE_ADDR", ""))
            environ.update(self._origin_headers)
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


def distribution_origin_headers(
    template: Mapping[str, Any], resolve: Callable[[Any], Any]
) -> dict[str, str]:
    """The custom headers of the origin the template's distribution sends ``/v1/*`` to."""
    for spec in template["Resources"].values():
        if spec["Type"] != "AWS::CloudFront::Distribution":
            continue
        config = spec["Properties"]["DistributionConfig"]
        behaviours = config.get("CacheBehaviors", [])
        origin_id = next(b["TargetOriginId"] for b in behaviours if b["PathPattern"] == "/v1/*")
        origin = next(o for o in config["Origins"] if o["Id"] == origin_id)
        headers = resolve(origin.get("OriginCustomHeaders", []))
        return {str(h["HeaderName"]): str(h["HeaderValue"]) for h in headers}
    return {}
