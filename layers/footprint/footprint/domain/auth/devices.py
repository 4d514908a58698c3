"""A coarse label for the device a session was opened from, read from its User-Agent.

A person's session list shows where each session lives ("Chrome on Windows") so that they
can tell an unknown one and end it. Only the label is kept, never the User-Agent itself:
that string is detailed enough to help single a person out (versions, build numbers,
extensions), and the list needs none of it (data minimisation, ``docs/privacy.md``).

The label is a browser family and an operating system from the small tables below, or a
known tool's name for a caller that is not a browser, else ``UNKNOWN``. Each table is
searched in order and the first token found wins: the order holds the families whose
User-Agent also names another (Edge and Opera say "Chrome", Chrome says "Safari", Android
says "Linux").
"""

from __future__ import annotations

from typing import Final

UNKNOWN: Final = "Unknown device"

# Longer than any browser's User-Agent: what lies beyond is not read.
_READ_AT_MOST: Final = 1024

# (token in the User-Agent, case-insensitive) -> family.
_TOOLS: Final[tuple[tuple[str, str], ...]] = (
    ("curl/", "curl"),
    ("wget/", "Wget"),
    ("httpie/", "HTTPie"),
    ("python-requests/", "Python requests"),
    ("python-httpx/", "Python httpx"),
    ("python-urllib/", "Python urllib"),
    ("go-http-client/", "Go HTTP client"),
    ("postmanruntime/", "Postman"),
    ("okhttp/", "OkHttp"),
)

_BROWSERS: Final[tuple[tuple[str, str], ...]] = (
    ("edg/", "Edge"),
    ("edga/", "Edge"),
    ("edgios/", "Edge"),
    ("edge/", "Edge"),
    ("opr/", "Opera"),
    ("opera", "Opera"),
    ("samsungbrowser/", "Samsung Internet"),
    ("firefox/", "Firefox"),
    ("fxios/", "Firefox"),
    ("crios/", "Chrome"),
    ("headlesschrome/", "Chrome"),
    ("chromium/", "Chromium"),
    ("chrome/", "Chrome"),
    ("safari/", "Safari"),
)

_SYSTEMS: Final[tuple[tuple[str, str], ...]] = (
    ("windows", "Windows"),
    ("android", "Android"),
    ("iphone", "iOS"),
    ("ipad", "iPadOS"),
    ("ipod", "iOS"),
    ("cros", "ChromeOS"),
    ("mac os x", "macOS"),
    ("macintosh", "macOS"),
    ("linux", "Linux"),
)


def _first(table: tuple[tuple[str, str], ...], text: str) -> str | None:
    return next((family for token, family in table if token in text), None)


def device_label(user_agent: str | None) -> str:
    """ "Chrome on Windows", "Firefox on macOS", "curl" ...; ``UNKNOWN`` when the User-Agent
    is absent or names nothing in the tables."""
    if not user_agent:
        return UNKNOWN
    text = user_agent[:_READ_AT_MOST].lower()
    tool = _first(_TOOLS, text)
    if tool is not None:
        return tool
    browser = _first(_BROWSERS, text)
    system = _first(_SYSTEMS, text)
    if browser is not None and system is not None:
        return f"{browser} on {system}"
    return browser or system or UNKNOWN
