"""The web application on the local front: the built files of ``web/`` (``web/dist``, which
``make local`` builds when its sources change) at ``/``, as CloudFront serves them in AWS.

The same rules as the template's distribution: a path that names no file is the app's
``index.html`` (the app routes it in the browser; ``WebIndexFunction`` in AWS), and every
answer carries the security headers of ``WebResponseHeadersPolicy``, read from the template
so that the policy is their one source.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from local.template import ROOT

DIST = ROOT / "web" / "dist"
INDEX = "index.html"
POLICY_TYPE = "AWS::CloudFront::ResponseHeadersPolicy"

# Files under assets/ carry a hash of their content in their name: cached for good.
_IMMUTABLE = "public, max-age=31536000, immutable"
_REVALIDATE = "no-cache"


def security_headers(template: Mapping[str, Any]) -> dict[str, str]:
    """The headers the template's response headers policy sets, by name."""
    policies = [
        spec["Properties"]["ResponseHeadersPolicyConfig"]
        for spec in template["Resources"].values()
        if spec["Type"] == POLICY_TYPE
    ]
    if len(policies) != 1:
        raise ValueError(f"the template has {len(policies)} response headers policies, not 1")
    (policy,) = policies
    security = policy.get("SecurityHeadersConfig", {})
    headers: dict[str, str] = {}
    if "ContentSecurityPolicy" in security:
        csp = security["ContentSecurityPolicy"]["ContentSecurityPolicy"]
        headers["Content-Security-Policy"] = str(csp)
    if "StrictTransportSecurity" in security:
        hsts = security["StrictTransportSecurity"]
        value = f"max-age={int(hsts['AccessControlMaxAgeSec'])}"
        if hsts.get("IncludeSubdomains"):
            value += "; includeSubDomains"
        if hsts.get("Preload"):
            value += "; preload"
        headers["Strict-Transport-Security"] = value
    if "ContentTypeOptions" in security:
        headers["X-Content-Type-Options"] = "nosniff"
    if "FrameOptions" in security:
        headers["X-Frame-Options"] = str(security["FrameOptions"]["FrameOption"])
    if "ReferrerPolicy" in security:
        headers["Referrer-Policy"] = str(security["ReferrerPolicy"]["ReferrerPolicy"])
    for item in policy.get("CustomHeadersConfig", {}).get("Items", []):
        headers[str(item["Header"])] = str(item["Value"])
    return headers


StartResponse = Callable[[str, list[tuple[str, str]]], Any]


class WebApp:
    """The WSGI application serving ``root`` (GET and HEAD only, as the distribution)."""

    def __init__(self, template: Mapping[str, Any], root: Path = DIST) -> None:
        self.root = root.resolve()
        self.headers = security_headers(template)

    def file_for(self, path: str) -> Path | None:
        """The file that answers ``path``, or None (404)."""
        last = path.rsplit("/", 1)[-1]
        relative = INDEX if "." not in last else path.lstrip("/")
        candidate = (self.root / relative).resolve()
        if not candidate.is_relative_to(self.root) or not candidate.is_file():
            return None
        return candidate

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        if method not in ("GET", "HEAD"):
            return self._answer(start_response, "405 Method Not Allowed", b"", "text/plain")
        found = self.file_for(environ.get("PATH_INFO", "/"))
        if found is None:
            missing = not (self.root / INDEX).is_file()
            body = (
                b"The web application is not built: run `make local` (Node.js 20 or later)."
                if missing
                else b"Not found."
            )
            return self._answer(start_response, "404 Not Found", body, "text/plain")
        content_type = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
        if content_type.startswith("text/") or content_type in ("application/javascript",):
            content_type += "; charset=utf-8"
        body = found.read_bytes()
        cache = _IMMUTABLE if found.parent.name == "assets" else _REVALIDATE
        return self._answer(
            start_response,
            "200 OK",
            b"" if method == "HEAD" else body,
            content_type,
            cache,
            length=len(body),
        )

    def _answer(
        self,
        start_response: StartResponse,
        status: str,
        body: bytes,
        content_type: str,
        cache: str = _REVALIDATE,
        length: int | None = None,
    ) -> list[bytes]:
        start_response(
            status,
            [
                ("Content-Type", content_type),
                ("Content-Length", str(len(body) if length is None else length)),
                ("Cache-Control", cache),
                *self.headers.items(),
            ],
        )
        return [body]
