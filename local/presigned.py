"""Presigned PUTs to the uploads bucket through the local front, so the web application
sends its file to its own origin.

The app's Content-Security-Policy (``default-src 'self'``) lets it talk to its own origin
only, and the presigned URL names that origin, the local front
(``footprint.adapters.upload_files.public_upload_url``), while its signature is the
emulator's: the front hands requests under the uploads bucket's path (``/<bucket>/...``,
path-style as the emulator signs them) to this proxy, which sends them on to the emulator
unchanged, the signature in the query with them, as CloudFront's ``/tenants/*`` behaviour
does in AWS. The body streams through: a file may be 1 GB.
"""

from __future__ import annotations

import http.client
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol
from urllib.parse import urlsplit

# The bucket whose presigned URLs the API hands out (footprint.adapters.upload_files).
PRESIGNED_BUCKET = "UploadsBucket"
_CHUNK = 1024 * 1024
# Request headers the signature or S3 reads; nothing else of the browser's is sent on (its
# cookies least of all).
_FORWARDED = frozenset({"content-md5"})
_FORWARDED_PREFIX = "x-amz-"
# Hop-by-hop headers, which end at each connection (RFC 9110, section 7.6.1).
_HOP_BY_HOP = frozenset({"connection", "keep-alive", "transfer-encoding", "upgrade"})

StartResponse = Callable[[str, list[tuple[str, str]]], Any]


class Connection(Protocol):
    def putrequest(self, method: str, url: str, skip_host: bool = ...) -> None: ...
    def putheader(self, header: str, *values: str) -> None: ...
    def endheaders(self) -> None: ...
    def send(self, data: bytes) -> None: ...
    def getresponse(self) -> http.client.HTTPResponse: ...
    def close(self) -> None: ...


class PresignedProxy:
    """The WSGI application forwarding PUTs to ``upstream`` (the emulator's URL)."""

    def __init__(
        self,
        upstream: str,
        connect: Callable[[str, int], Connection] = http.client.HTTPConnection,
    ) -> None:
        parts = urlsplit(upstream)
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or 80
        self.connect = connect

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") != "PUT":
            start_response("405 Method Not Allowed", [("Allow", "PUT"), ("Content-Length", "0")])
            return [b""]
        connection = self.connect(self.host, self.port)
        connection.putrequest("PUT", _target(environ))
        length = int(environ.get("CONTENT_LENGTH") or 0)
        for name, value in _request_headers(environ):
            connection.putheader(name, value)
        connection.endheaders()
        body = environ["wsgi.input"]
        left = length
        while left > 0:
            chunk = body.read(min(_CHUNK, left))
            if not chunk:
                break
            connection.send(chunk)
            left -= len(chunk)
        response = connection.getresponse()
        headers = [
            (name, value)
            for name, value in response.getheaders()
            if name.lower() not in _HOP_BY_HOP
        ]
        start_response(f"{response.status} {response.reason}", headers)
        return _streamed(response, connection)


def _target(environ: dict[str, Any]) -> str:
    """The request's path and query as the browser sent them (still percent-encoded: the
    signature covers the encoded path)."""
    raw = environ.get("REQUEST_URI") or environ.get("RAW_URI")
    if raw:
        return str(raw)
    query = environ.get("QUERY_STRING", "")
    return str(environ.get("PATH_INFO", "/")) + (f"?{query}" if query else "")


def _request_headers(environ: dict[str, Any]) -> Iterator[tuple[str, str]]:
    if environ.get("CONTENT_TYPE"):
        yield "Content-Type", str(environ["CONTENT_TYPE"])
    yield "Content-Length", str(int(environ.get("CONTENT_LENGTH") or 0))
    for key, value in environ.items():
        if not key.startswith("HTTP_"):
            continue
        name = key[5:].replace("_", "-").lower()
        if name.startswith(_FORWARDED_PREFIX) or name in _FORWARDED:
            yield name, str(value)


def _streamed(response: http.client.HTTPResponse, connection: Connection) -> Iterator[bytes]:
    try:
        while chunk := response.read(_CHUNK):
            yield chunk
    finally:
        connection.close()
