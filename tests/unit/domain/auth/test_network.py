"""IP allowlists: IPv4 and IPv6 CIDRs; an empty list admits everyone."""

from __future__ import annotations

import pytest

from footprint.domain.auth import network
from footprint.domain.errors import InvalidInput


def test_parse_normalises_and_names_the_bad_entry() -> None:
    assert network.parse_allowlist(["10.0.0.7/8", "2001:db8::1/32"]) == [
        "10.0.0.0/8",
        "2001:db8::/32",
    ]
    with pytest.raises(InvalidInput) as refused:
        network.parse_allowlist(["10.0.0.0/8", "not-a-network"])
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
