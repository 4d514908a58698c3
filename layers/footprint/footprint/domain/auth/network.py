"""IP allowlists: CIDRs (IPv4 and IPv6) a tenant admits its users from."""

from __future__ import annotations

import ipaddress

from footprint.domain.errors import InvalidInput

MAX_ENTRIES = 100

Network = ipaddress.IPv4Network | ipaddress.IPv6Network

_IPV4_MAPPED = ipaddress.IPv6Network("::ffff:0:0/96")


def parse_allowlist(entries: list[str]) -> list[str]:
    """Normalised CIDRs; ``InvalidInput`` names the first entry that is not one, and why."""
    if len(entries) > MAX_ENTRIES:
        raise InvalidInput(f"At most {MAX_ENTRIES} networks.", field="ip_allowlist")
    return [_parse(entry.strip(), f"ip_allowlist.{index}") for index, entry in enumerate(entries)]


def _parse(entry: str, field: str) -> str:
    # Strict: a guess at what a mistyped entry meant could widen it, even to everyone.
    try:
        network = ipaddress.ip_network(entry, strict=False)
    except ValueError:
        raise InvalidInput(
            f"{entry!r} is not an IPv4 or IPv6 network (CIDR).", field=field
        ) from None
    if network.prefixlen == 0:
        raise InvalidInput(
            f"{entry!r} admits every address; leave the list empty for no restriction.",
            field=field,
        )
    if network.network_address != ipaddress.ip_interface(entry).ip:
        raise InvalidInput(
            f"{entry!r} has host bits set: the network is {network}; give that, or the "
            "address alone for one host.",
            field=field,
        )
    if isinstance(network, ipaddress.IPv6Network) and network.subnet_of(_IPV4_MAPPED):
        raise InvalidInput(
            f"{entry!r} is an IPv4-mapped IPv6 network, which no caller's address is; give "
            "the IPv4 network instead.",
            field=field,
        )
    return str(network)


def caller_address(address: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """``address`` parsed, an IPv4 caller seen through a dual-stack socket (``::ffff:a.b.c.d``)
    as the IPv4 caller it is; None when it is no address."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    return ip


def allowed(address: str, allowlist: list[str]) -> bool:
    """True when the list is empty (no restriction) or ``address`` is in one of its networks."""
    if not allowlist:
        return True
    ip = caller_address(address)
    if ip is None:
        return False
    for entry in allowlist:
        network = ipaddress.ip_network(entry, strict=False)
        if ip.version == network.version and ip in network:
            return True
    return False
