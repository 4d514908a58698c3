"""The caller's address: the connection's, or the viewer's when our CloudFront distribution
vouches for it with the stack's secret origin header."""

from __future__ import annotations

import pytest

from footprint.api.caller import caller_address

SECRET = "origin-secret-of-the-stack"
EDGE = "130.176.0.10"


@pytest.fixture(autouse=True)
def origin_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOOTPRINT_ORIGIN_SECRET", SECRET)


def test_with_the_secret_the_viewer_address_is_the_callers() -> None:
    headers = {"X-Footprint-Origin-Verify": SECRET, "X-Footprint-Viewer-Ip": "198.51.100.7"}
    assert caller_address(EDGE, headers) == "198.51.100.7"
    ipv6 = {"x-footprint-origin-verify": SECRET, "x-footprint-viewer-ip": "2001:0db8::0007"}
    assert caller_address(EDGE, ipv6) == "2001:db8::7"
    # CloudFront's own CloudFront-Viewer-Address (address:port) is not the header read.
    cloudfront = {"X-Footprint-Origin-Verify": SECRET, "CloudFront-Viewer-Address": "1.2.3.4:443"}
    assert caller_address(EDGE, cloudfront) == EDGE


def test_without_the_secret_a_viewer_address_is_ignored() -> None:
    spoofed = {"X-Footprint-Viewer-Ip": "198.51.100.7"}
    assert caller_address("203.0.113.9", spoofed) == "203.0.113.9"
    wrong = {**spoofed, "X-Footprint-Origin-Verify": SECRET[:-1]}
    assert caller_address("203.0.113.9", wrong) == "203.0.113.9"
    assert caller_address("203.0.113.9", None) == "203.0.113.9"
    # X-Forwarded-For is never believed, secret or not.
    forwarded = {"X-Footprint-Origin-Verify": SECRET, "X-Forwarded-For": "198.51.100.7"}
    assert caller_address(EDGE, forwarded) == EDGE


def test_a_stack_without_the_secret_believes_no_header(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOOTPRINT_ORIGIN_SECRET", "")
    headers = {"X-Footprint-Origin-Verify": "", "X-Footprint-Viewer-Ip": "198.51.100.7"}
    assert caller_address("203.0.113.9", headers) == "203.0.113.9"


@pytest.mark.parametrize("value", ["", "198.51.100.7:443", "not-an-ip", "198.51.100.0/24"])
def test_a_malformed_viewer_address_leaves_the_connections(value: str) -> None:
    headers = {"X-Footprint-Origin-Verify": SECRET, "X-Footprint-Viewer-Ip": value}
    assert caller_address(EDGE, headers) == EDGE
