"""The one module that builds DynamoDB keys.

Tenant keys begin ``TENANT#<tenant id>#`` and are built from a ``TenantContext`` only; the
parts after the prefix are escaped, so no value (an e-mail, a file name) can end the prefix
or forge another tenant's. Platform-level records (tenant registry, e-mail registry, sign-in
throttles) begin ``PLATFORM#`` and can never collide with a tenant key.

In AWS the tenant-facing roles may touch only items whose partition key begins with
``TENANT#${aws:PrincipalTag/tenant_id}#`` (``dynamodb:LeadingKeys``), so this layout is
also what IAM enforces.
"""

from __future__ import annotations

from footprint.domain.tenancy import TenantContext

SEPARATOR = "#"
TENANT_PREFIX = "TENANT#"
PLATFORM_PREFIX = "PLATFORM#"


def escape(part: str) -> str:
    """Make ``part`` safe inside a key: ``%`` and ``#`` become ``%25`` and ``%23``."""
    return part.replace("%", "%25").replace("#", "%23")


def unescape(part: str) -> str:
    return part.replace("%23", "#").replace("%25", "%")


def _join(parts: tuple[str, ...]) -> str:
    if not parts:
        raise ValueError("a key needs at least one part")
    return SEPARATOR.join(escape(part) for part in parts)


def escape_sort(parts: tuple[str, ...]) -> str:
    """A sort key: escaped parts joined by ``#`` (sort keys need no tenant prefix; they
    only ever appear under a tenant's partition key). DynamoDB refuses an empty key."""
    key = _join(parts)
    if not key:
        raise ValueError("a sort key cannot be empty")
    return key


def unescape_sort(key: str) -> tuple[str, ...]:
    """The parts of a sort key made by ``escape_sort``."""
    return tuple(unescape(part) for part in key.split(SEPARATOR))


def sort_span(first: str, last: str) -> tuple[str, str]:
    """The bounds, for ``between``, of the sort keys whose first part lies from ``first`` to
    ``last`` (both included, compared as text). "~" sorts after every character an escaped
    part can begin with."""
    return f"{escape(first)}{SEPARATOR}", f"{escape(last)}{SEPARATOR}~"


def sort_range(first: str, last: str) -> tuple[str, str]:
    """The bounds, for ``between``, of the sort keys whose first part lies from ``first`` to
    ``last`` compared as text, both included, ``last`` as a prefix: up to "2026-12-05"
    includes every part that begins with it."""
    return escape(first), f"{escape(last)}~"


def tenant_prefix(context: TenantContext) -> str:
    return f"{TENANT_PREFIX}{context.tenant_id}{SEPARATOR}"


def tenant_key(context: TenantContext, *parts: str) -> str:
    """``TENANT#<tenant>#<part>#<part>...``: a partition or sort key of one tenant's item."""
    if not isinstance(context, TenantContext):
        raise TypeError("tenant keys are built from a verified TenantContext only")
    return tenant_prefix(context) + _join(parts)


def platform_key(*parts: str) -> str:
    """``PLATFORM#<part>...``: a platform-level record, outside every tenant."""
    return PLATFORM_PREFIX + _join(parts)


def tenant_of(key: str) -> str | None:
    """The tenant id a key belongs to, or None for platform keys."""
    if not key.startswith(TENANT_PREFIX):
        return None
    tenant, separator, _ = key[len(TENANT_PREFIX) :].partition(SEPARATOR)
    return tenant if separator else None


def parts_of(context: TenantContext, key: str) -> tuple[str, ...]:
    """The unescaped parts of one of ``context``'s tenant keys (refuses another tenant's)."""
    prefix = tenant_prefix(context)
    if not key.startswith(prefix):
        raise ValueError("key does not belong to this tenant")
    return tuple(unescape(part) for part in key[len(prefix) :].split(SEPARATOR))
