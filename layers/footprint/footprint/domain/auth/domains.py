"""Verified domains: the spelling of a domain a tenant claims and the TXT record that proves it.

A tenant proves control of ``example.com`` by publishing ``footprint-verification=<token>`` as a
TXT record at ``_footprint.example.com``; the token is random and the tenant's own.
"""

from __future__ import annotations

import re

from footprint.domain.errors import InvalidInput

RECORD_PREFIX = "_footprint."
VALUE_PREFIX = "footprint-verification="
_LABEL = r"(?!-)[a-z0-9-]{1,63}(?<!-)"
_DOMAIN = re.compile(rf"^(?:{_LABEL}\.)+[a-z]{{2,63}}$")


def normalise_domain(value: str) -> str:
    """``value`` lower-cased, without a trailing dot; InvalidInput unless it is a DNS name
    of two labels or more (IDNs in their ``xn--`` form)."""
    domain = value.strip().lower().rstrip(".")
    if len(domain) > 253 or not _DOMAIN.fullmatch(domain):
        raise InvalidInput("Not a domain name.", field="domain")
    return domain


def domain_of(address: str) -> str:
    """The domain of a (normalised) e-mail address."""
    return address.rpartition("@")[2]


def record_name(domain: str) -> str:
    return RECORD_PREFIX + domain


def record_value(token: str) -> str:
    return VALUE_PREFIX + token
