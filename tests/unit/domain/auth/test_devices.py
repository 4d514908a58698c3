"""The coarse device label a session keeps instead of its User-Agent."""

from __future__ import annotations

import pytest

from footprint.domain.auth.devices import UNKNOWN, device_label

WINDOWS_CHROME = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
MAC_FIREFOX = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.7; rv:133.0) Gecko/20100101 Firefox/133.0"
MAC_SAFARI = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/18.1 Safari/605.1.15"
)
WINDOWS_EDGE = WINDOWS_CHROME + " Edg/131.0.0.0"
LINUX_OPERA = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 "
    "Safari/537.36 OPR/115.0.0.0"
)
ANDROID_CHROME = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36"
)
IPHONE_SAFARI = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"
)
IPHONE_CHROME = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1"
)
HEADLESS_LINUX = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "HeadlessChrome/131.0.0.0 Safari/537.36"
)
CHROMEBOOK = (
    "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)


@pytest.mark.parametrize(
    ("user_agent", "label"),
    [
        (WINDOWS_CHROME, "Chrome on Windows"),
        (MAC_FIREFOX, "Firefox on macOS"),
        (MAC_SAFARI, "Safari on macOS"),
        (WINDOWS_EDGE, "Edge on Windows"),  # says Chrome and Safari too
        (LINUX_OPERA, "Opera on Linux"),
        (ANDROID_CHROME, "Chrome on Android"),  # says Linux too
        (IPHONE_SAFARI, "Safari on iOS"),  # says Mac OS X too
        (IPHONE_CHROME, "Chrome on iOS"),
        (HEADLESS_LINUX, "Chrome on Linux"),
        (CHROMEBOOK, "Chrome on ChromeOS"),
    ],
)
def test_a_browser_is_its_family_on_its_system(user_agent: str, label: str) -> None:
    assert device_label(user_agent) == label


@pytest.mark.parametrize(
    ("user_agent", "label"),
    [
        ("curl/8.5.0", "curl"),
        ("python-httpx/0.28.1", "Python httpx"),
        ("python-requests/2.32.3", "Python requests"),
        ("Go-http-client/2.0", "Go HTTP client"),
        ("PostmanRuntime/7.42.0", "Postman"),
    ],
)
def test_a_tool_is_its_name_alone(user_agent: str, label: str) -> None:
    assert device_label(user_agent) == label


@pytest.mark.parametrize("user_agent", [None, "", "   ", "Mozilla/5.0", "SomeBot/1.0 (+x)"])
def test_nothing_recognised_is_an_unknown_device(user_agent: str | None) -> None:
    assert device_label(user_agent) == UNKNOWN


def test_a_system_without_a_known_browser_is_still_named() -> None:
    assert device_label("Mozilla/5.0 (Windows NT 10.0; Win64; x64) Unheard/1.0") == "Windows"


def test_nothing_of_the_user_agent_but_the_label_comes_back() -> None:
    # A tail of junk or a huge header neither leaks into the label nor slows the reading.
    label = device_label(WINDOWS_CHROME + " secret-build-0xDEADBEEF" + "x" * 100_000)
    assert label == "Chrome on Windows"
    assert device_label("x" * 2000 + "curl/8") == UNKNOWN  # beyond what is read
