"""The local front serves the web application as CloudFront does: the app's files, index.html
for every path that names no file, the API under /v1, and the security headers of the
template's response headers policy."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from werkzeug.test import Client

from local.front import Front
from local.web import WebApp, security_headers


def _built(root: Path) -> Path:
    (root / "assets").mkdir(parents=True)
    (root / "index.html").write_text("<!doctype html><title>app</title>", encoding="utf-8")
    (root / "assets" / "index-abc123.js").write_text("export {};", encoding="utf-8")
    (root.parent / "secret.txt").write_text("outside", encoding="utf-8")
    return root


def _api(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    start_response("200 OK", [("Content-Type", "application/json")])
    return [b'{"from": "api"}']


def test_the_headers_are_the_templates_response_headers_policy(template: dict[str, Any]) -> None:
    headers = security_headers(template)
    (policy,) = [
        spec["Properties"]["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]
        for spec in template["Resources"].values()
        if spec["Type"] == "AWS::CloudFront::ResponseHeadersPolicy"
    ]
    csp = headers["Content-Security-Policy"]
    assert csp == policy["ContentSecurityPolicy"]["ContentSecurityPolicy"]
    for directive in ("default-src 'self'", "frame-ancestors 'none'", "object-src 'none'"):
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert headers["Strict-Transport-Security"] == "max-age=63072000; includeSubDomains; preload"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "no-referrer"


def test_app_paths_are_index_html_files_are_files_and_v1_is_the_api(
    template: dict[str, Any], tmp_path: Path
) -> None:
    front = Front("dev", web=WebApp(template, _built(tmp_path / "dist")))
    front.open(_api)
    client = Client(front)
    for path in ("/", "/uploads/01a2", "/reports"):
        page = client.get(path)
        assert page.status_code == 200, path
        assert page.get_data(as_text=True).startswith("<!doctype html>")
        assert page.headers["Cache-Control"] == "no-cache"
        assert page.headers["Content-Security-Policy"].startswith("default-src 'self'")
    script = client.get("/assets/index-abc123.js")
    assert script.status_code == 200
    assert script.headers["Content-Type"].startswith("text/javascript")
    assert "immutable" in script.headers["Cache-Control"]
    assert client.get("/assets/missing.js").status_code == 404
    assert client.get("/../secret.txt").status_code == 404
    assert client.get("/assets/..%2F..%2Fsecret.txt").status_code == 404
    assert client.post("/").status_code == 405
    assert client.get("/v1/health").get_json() == {"from": "api"}


def test_an_unbuilt_app_says_how_to_build_it(template: dict[str, Any], tmp_path: Path) -> None:
    answer = Client(WebApp(template, tmp_path / "dist")).get("/")
    assert answer.status_code == 404
    assert "make local" in answer.get_data(as_text=True)
