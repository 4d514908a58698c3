"""The local front hands presigned PUTs under the uploads bucket's path to the emulator, so
the web application sends a file to its own origin: the path and the signed query exactly as
sent, the signed headers, the whole body, and nothing of the browser's own (its cookies)."""

from __future__ import annotations

import io
from typing import Any, ClassVar

from werkzeug.test import Client

from local.front import Front
from local.presigned import PresignedProxy


class _Answer:
    status = 200
    reason = "OK"

    def __init__(self) -> None:
        self._body = io.BytesIO(b"")

    def getheaders(self) -> list[tuple[str, str]]:
        return [("ETag", '"abc"'), ("x-amz-version-id", "v1"), ("Connection", "close")]

    def read(self, size: int) -> bytes:
        return self._body.read(size)


class _Upstream:
    """A connection to the emulator that records what it was sent."""

    made: ClassVar[list[_Upstream]] = []

    def __init__(self, host: str, port: int) -> None:
        self.address = (host, port)
        self.request: tuple[str, str] | None = None
        self.headers: dict[str, str] = {}
        self.body = b""
        self.closed = False
        _Upstream.made.append(self)

    def putrequest(self, method: str, url: str, skip_host: bool = False) -> None:
        self.request = (method, url)

    def putheader(self, header: str, *values: str) -> None:
        self.headers[header.lower()] = ",".join(values)

    def endheaders(self) -> None:
        pass

    def send(self, data: bytes) -> None:
        self.body += data

    def getresponse(self) -> Any:
        return _Answer()

    def close(self) -> None:
        self.closed = True


def _web(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    start_response("200 OK", [("Content-Type", "text/html")])
    return [b"<!doctype html>"]


def _front() -> Front:
    front = Front("dev", web=_web)
    proxy = PresignedProxy("http://127.0.0.1:5123", connect=_Upstream)
    front.forward_presigned("/footprint-uploads/", proxy)
    return front


def test_a_presigned_put_reaches_the_emulator_as_it_was_signed() -> None:
    _Upstream.made.clear()
    body = b"facility,period_start\n" * 50_000  # more than one chunk of the stream
    target = (
        "/footprint-uploads/tenants/t-1/uploads/u-1/source"
        "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=ab%2Fcd"
    )
    answer = Client(_front()).put(
        target,
        data=body,
        headers={
            "Content-Type": "text/csv",
            "x-amz-server-side-encryption": "aws:kms",
            "Cookie": "__Secure-fp_refresh=secret",
            "Authorization": "Bearer someone's",
        },
    )
    assert answer.status_code == 200
    assert answer.headers["ETag"] == '"abc"'
    assert "Connection" not in answer.headers
    (upstream,) = _Upstream.made
    assert upstream.address == ("127.0.0.1", 5123)
    assert upstream.request == ("PUT", target)
    assert upstream.body == body
    assert upstream.headers == {
        "content-type": "text/csv",
        "content-length": str(len(body)),
        "x-amz-server-side-encryption": "aws:kms",
    }
    assert upstream.closed


def test_only_puts_are_forwarded_and_other_paths_stay_the_apps() -> None:
    _Upstream.made.clear()
    client = Client(_front())
    refused = client.get("/footprint-uploads/tenants/t-1/uploads/u-1/source")
    assert refused.status_code == 405
    assert refused.headers["Allow"] == "PUT"
    assert client.get("/uploads").get_data() == b"<!doctype html>"
    assert _Upstream.made == []
