"""A DNS that answers what a test publishes, for domain verification offline."""

from __future__ import annotations

from footprint.domain.tenancy import TenantContext
from footprint.identity import domains
from tests.support.identity import SOURCE_IP


class FakeDns:
    """TXT records by name, as a test publishes them."""

    def __init__(self) -> None:
        self.records: dict[str, list[str]] = {}

    def txt(self, name: str) -> list[str]:
        return self.records.get(name, [])

    def publish(self, claimed: domains.Domain) -> None:
        self.records.setdefault(claimed.record_name, []).append(claimed.record_value)


def verified(context: TenantContext, domain: str) -> domains.Domain:
    """``domain`` claimed, its record published and verified by the tenant of ``context``."""
    dns = FakeDns()
    dns.publish(domains.claim(context, domain, source_ip=SOURCE_IP))
    return domains.verify(context, domain, source_ip=SOURCE_IP, lookup=dns)
