"""How long an audit event keeps its caller's full IP address, and what it keeps after.

An event's ``source_ip`` is kept whole for ``RETENTION_MONTHS``; then the retention job
replaces it with its network: an IPv4 address with its /24 (``192.0.2.77`` becomes
``192.0.2.0``), an IPv6 address with its /48 (``2001:db8:7:1::5`` becomes ``2001:db8:7::``).
The network is what an operator still needs from an old event (roughly where a burst of
failures came from) and no longer singles out a subscriber line. A value that is not an
address (``operator-cli``, ``access-review-workflow``) names no one and is kept as it is.

The truncated form is a fixed point (truncating it again changes nothing): the job uses that
to skip what it has already done, and the chain (``audit_chain``) hashes an event's address
in this form, so that truncating it changes nothing the chain covers.
"""

from __future__ import annotations

import calendar
import hashlib
import hmac
import ipaddress
from datetime import UTC, datetime

from footprint.domain.auth import network

RETENTION_MONTHS = 13
_IPV4_PREFIX = 24
_IPV6_PREFIX = 48


def retained(source: str) -> str:
    """``source`` as it is kept after the retention period: its network's address."""
    address = network.caller_address(source)
    if address is None:
        return source
    prefix = _IPV4_PREFIX if address.version == 4 else _IPV6_PREFIX
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False).network_address)


def is_full(source: str) -> bool:
    """True when ``source`` still says more than its network (the job has work to do)."""
    return retained(source) != source


def cutoff(now: float, months: int = RETENTION_MONTHS) -> str:
    """The instant ``months`` calendar months before ``now`` (an ISO time as events store
    ``at``): events dated before it have outlived the retention. The day of the month is
    kept where that month has it, else the month's last day (13 months before 31 March is 28
    or 29 February)."""
    moment = datetime.fromtimestamp(now, UTC)
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    earlier = moment.replace(year=year, month=month + 1, day=day)
    return earlier.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def digest(key: bytes, scope: str, source: str) -> str:
    """The keyed digest of an event's full address, which the chain holds in its place:
    HMAC-SHA256 under the platform's audit key, of the log's scope (the tenant id, or
    ``platform``) with the address, so that the same address gives unrelated digests in two
    tenants' logs and no one without the key can test a guess against a digest."""
    if not key:
        raise ValueError("the audit digest key is empty")
    message = f"source_ip\n{scope}\n{source}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()
