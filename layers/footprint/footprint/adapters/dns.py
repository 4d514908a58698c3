"""TXT lookups for domain verification, behind one interface so tests run offline.

In AWS the lookup asks a DNS-over-HTTPS resolver (``FOOTPRINT_DNS_RESOLVER_URL``, by default
Cloudflare's JSON API): the Python standard library cannot ask for TXT records and Lambda
reaches HTTPS anyway, so no resolver library is needed. The local platform answers from a
JSON file (``FOOTPRINT_DNS_TXT_FILE``: ``{"_footprint.example.com": ["value", ...]}``).
"""

from __future__ import annotations

import json
import os
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Protocol

_DEFAULT_RESOLVER = "https://cloudflare-dns.com/dns-query"
_TXT = 16
_TIMEOUT_SECONDS = 5


class TxtLookup(Protocol):
    def txt(self, name: str) -> list[str]:
        """The TXT strings published at ``name`` (empty when none or on failure)."""
        ...


class HttpsTxtLookup:
    def __init__(self, resolver_url: str) -> None:
        if not resolver_url.startswith("https://"):
            raise ValueError("The DNS resolver URL must be https.")
        self._resolver_url = resolver_url

    def txt(self, name: str) -> list[str]:
        query = urllib.parse.urlencode({"name": name, "type": "TXT"})
        request = urllib.request.Request(  # noqa: S310 (an https URL, checked above)
            f"{self._resolver_url}?{query}", headers={"Accept": "application/dns-json"}
        )
        try:
            # The scheme is https, checked in __init__, so no file:/ or custom scheme is opened.
            with urllib.request.urlopen(request, timeout=_TIMEOUT_SECONDS) as response:  # noqa: S310  # nosec B310
                answer = json.load(response)
        except (OSError, ValueError):
            return []
        return [
            _unquote(str(record.get("data", "")))
            for record in answer.get("Answer", [])
            if record.get("type") == _TXT
        ]


class FileTxtLookup:
    def __init__(self, path: Path) -> None:
        self._path = path

    def txt(self, name: str) -> list[str]:
        try:
            records = json.loads(self._path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []
        return [str(value) for value in records.get(name, [])]


def _unquote(data: str) -> str:
    # A TXT record longer than 255 bytes arrives as several quoted strings: one value.
    parts = data.split('" "')
    return "".join(part.strip('"') for part in parts)


def txt_lookup() -> TxtLookup:
    path = os.environ.get("FOOTPRINT_DNS_TXT_FILE")
    if path:
        return FileTxtLookup(Path(path))
    return HttpsTxtLookup(os.environ.get("FOOTPRINT_DNS_RESOLVER_URL", _DEFAULT_RESOLVER))
