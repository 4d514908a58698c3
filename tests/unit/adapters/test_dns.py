"""The DNS adapter: the local platform's file, and the HTTPS resolver's answers."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from footprint.adapters import dns


def test_the_file_lookup_answers_the_records_it_holds(tmp_path: Path) -> None:
    path = tmp_path / "dns.json"
    path.write_text(json.dumps({"_footprint.acme.example": ["footprint-verification=x"]}))
    lookup = dns.FileTxtLookup(path)
    assert lookup.txt("_footprint.acme.example") == ["footprint-verification=x"]
    assert lookup.txt("_footprint.other.example") == []
    assert dns.FileTxtLookup(tmp_path / "missing.json").txt("_footprint.acme.example") == []


def test_the_lookup_is_the_file_where_one_is_configured(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FOOTPRINT_DNS_TXT_FILE", str(tmp_path / "dns.json"))
    assert isinstance(dns.txt_lookup(), dns.FileTxtLookup)
    monkeypatch.delenv("FOOTPRINT_DNS_TXT_FILE")
    assert isinstance(dns.txt_lookup(), dns.HttpsTxtLookup)


def test_the_https_lookup_joins_split_strings_and_keeps_only_txt(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[str] = []
    answer = {
        "Answer": [
            {"type": 5, "data": "alias.example."},
            {"type": 16, "data": '"footprint-verification=" "abc"'},
        ]
    }

    def urlopen(request: Any, timeout: float) -> io.BytesIO:
        asked.append(request.full_url)
        return io.BytesIO(json.dumps(answer).encode())

    monkeypatch.setattr(dns.urllib.request, "urlopen", urlopen)
    found = dns.HttpsTxtLookup("https://resolver.example/dns-query").txt("_footprint.a.example")
    assert found == ["footprint-verification=abc"]
    assert asked == ["https://resolver.example/dns-query?name=_footprint.a.example&type=TXT"]


def test_the_https_lookup_answers_nothing_when_the_resolver_fails(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def urlopen(request: Any, timeout: float) -> io.BytesIO:
        raise OSError("unreachable")

    monkeypatch.setattr(dns.urllib.request, "urlopen", urlopen)
    assert dns.HttpsTxtLookup("https://resolver.example/dns-query").txt("x.example") == []


def test_the_resolver_must_be_https() -> None:
    with pytest.raises(ValueError):
        dns.HttpsTxtLookup("http://resolver.example/dns-query")
