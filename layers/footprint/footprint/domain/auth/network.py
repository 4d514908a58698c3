"""IP allowlists: CIDRs (IPv4 and IPv6) a tenant admits its users from."""

from __future__ import annotations

import ipaddress

from footprint.domain.errors import InvalidInput

MAX_ENTRIES = 100

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_allowlist(entries: list[str]) -> list[str]:
    """Normalised CIDRs; ``InvalidInput`` names the first entry that is not one."""
    if len(entries) > MAX_ENTRIES:
        raise InvalidInput(f"At most {MAX_ENTRIES} networks.", field="ip_allowlist")
    networks: list[str] = []
    for index, entry in enumerate(entries):
        try:
            network = ipaddress.ip_network(entry.strip(), strict=False)
        except ValueError:
            raise InvalidInput(
                "Not an IPv4 or IPv6 network (CIDR).", field=f"ip_allowlist.{index}"
            ) from None
        networks.append(str(network))
    return networks


def allowed(address: str, allowlist: list[str]) -> bool:
    """True when the list is empty (no restriction) or ``address`` is in one of its networks."""
    if not allowlist:
        return True
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for entry in allowlist:
        network = ipaddress.ip_network(entry, strict=False)
        if ip.version == network.version and ip in network:
            return True
    return False
