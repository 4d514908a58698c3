"""IP allowlists: IPv4 and IPv6 CIDRs; an empty list admits everyone."""

from __future__ import annotations

import re

import pytest

from footprint.domain.auth import network
from footprint.domain.errors import InvalidInput


def test_parse_normalises_and_names_the_bad_entry() -> None:
    assert network.parse_allowlist([" 10.0.0.0/8", "2001:DB8::/32", "192.0.2.1"]) == [
        "10.0.0.0/8",
        "2001:db8::/32",
        "192.0.2.1/32",
    ]
    with pytest.raises(InvalidInput) as refused:
        network.parse_allowlist(["10.0.0.0/8", "not-a-network"])
    assert refused.value.details == {"field": "ip_allowlist.1"}


@pytest.mark.parametrize(
    ("entry", "why"),
    [
        ("203.0.113.7/8", "'203.0.113.7/8' has host bits set: the network is 203.0.0.0/8"),
        ("2001:db8::1/32", "host bits set: the network is 2001:db8::/32"),
        ("1.2.3.4/0", "'1.2.3.4/0' admits every address"),
        ("::/0", "admits every address"),
        ("::ffff:10.0.0.0/104", "'::ffff:10.0.0.0/104' is an IPv4-mapped IPv6 network"),
        ("::ffff:192.0.2.1", "IPv4-mapped"),
    ],
)
def test_parse_refuses_what_it_would_have_to_guess_at(entry: str, why: str) -> None:
    with pytest.raises(InvalidInput, match=re.escape(why)) as refused:
        network.parse_allowlist(["198.51.100.0/24", entry])
    assert refused.value.details == {"field": "ip_allowlist.1"}


@pytest.mark.parametrize(
    ("address", "admitted"),
    [
        ("10.1.2.3", True),
        ("11.0.0.1", False),
        ("2001:db8::5", True),
        ("2001:db9::5", False),
        ("::ffff:10.9.9.9", True),  # IPv4-mapped IPv6 is the IPv4 address
        ("garbage", False),
        ("", False),
    ],
)
def test_allowed(address: str, admitted: bool) -> None:
    assert network.allowed(address, ["10.0.0.0/8", "2001:db8::/32"]) is admitted


def test_an_empty_list_admits_everyone() -> None:
    assert network.allowed("203.0.113.9", [])
