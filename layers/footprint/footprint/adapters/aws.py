"""AWS clients, made once per execution environment, and tenant-scoped credentials.

When ``FOOTPRINT_TENANT_DATA_ROLE_ARN`` is set (in AWS), tenant data is reached only with
credentials of that role assumed with the session tag ``tenant_id``: its policy admits items
whose partition key begins ``TENANT#${aws:PrincipalTag/tenant_id}#`` (``dynamodb:LeadingKeys``)
and objects under ``tenants/${aws:PrincipalTag/tenant_id}/`` in the uploads bucket, so even a
bug that built another tenant's key would be refused by IAM. Credentials and the clients made
with them are kept per tenant until well before they expire.

A staff member's request under a grant gets a session of its own, tagged with the grant's id
as well (CloudTrail names it in every data event), named after the grant, and lasting no
longer than the grant: its remaining time, or STS's floor of 15 minutes when less is left. A
session that outlives its grant that way is never used after the grant's end: it is kept
only until then, and the per-request guard refuses the grant from its end on.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Any

import boto3
from botocore.config import Config

from footprint.domain.tenancy import GrantScope

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.service_resource import Table

_CONFIG = Config(connect_timeout=3, read_timeout=5, retries={"mode": "standard", "max_attempts": 3})
# In AWS, S3 is addressed at the bucket's regional virtual-hosted host (bucket.s3.<region>.
# amazonaws.com), the host CloudFront's uploads origin sends: a presigned URL signs its host,
# so this is the host the web application's PUT reaches through CloudFront (docs/uploads.md).
# An emulator (AWS_ENDPOINT_URL) is addressed by path, as its single host serves every bucket.
_S3_CONFIG = _CONFIG.merge(
    Config(s3={"addressing_style": "virtual", "us_east_1_regional_endpoint": "regional"})
)
_SESSION_SECONDS = 3600  # the longest a role assumed from a Lambda role may last
_SHORTEST_SESSION_SECONDS = 900  # STS's floor
# A URL presigned with these credentials dies with them (15 minutes are promised), and a step
# may run 15 minutes: renewed 20 minutes early, whatever uses them has its full time.
_RENEW_BEFORE_SECONDS = 20 * 60
_MAX_CACHED_TENANTS = 256  # a warm environment serves a few tenants; bound it all the same

_lock = threading.Lock()
# (tenant id, grant id or "") -> (kept until, session, clients made with it)
_tenant_sessions: dict[tuple[str, str], tuple[float, boto3.Session, dict[str, Any]]] = {}


def client(service: str) -> Any:
    """A client for ``service`` (boto3 reads AWS_ENDPOINT_URL, so the emulator works too)."""
    return _client(service)


@cache
def _client(service: str) -> Any:
    return boto3.client(service, config=_config(service))  # type: ignore[call-overload]


def _config(service: str) -> Config:
    if service == "s3" and not os.environ.get("AWS_ENDPOINT_URL"):
        return _S3_CONFIG
    return _CONFIG


def table_name() -> str:
    return os.environ["FOOTPRINT_DATA_TABLE"]


@cache
def platform_table() -> Table:
    """The data table with the function's own credentials (platform-level records)."""
    return boto3.resource("dynamodb", config=_CONFIG).Table(table_name())


def tenant_table(tenant_id: str, grant: GrantScope | None = None) -> Table:
    """The data table with credentials scoped to ``tenant_id`` (and ``grant``, for a staff
    member's request) where the stack defines them."""
    if not os.environ.get("FOOTPRINT_TENANT_DATA_ROLE_ARN"):
        return platform_table()
    table: Table = _tenant_made(
        tenant_id,
        grant,
        "table",
        lambda s: s.resource("dynamodb", config=_CONFIG).Table(table_name()),
    )
    return table


def tenant_client(tenant_id: str, service: str, grant: GrantScope | None = None) -> Any:
    """A ``service`` client with credentials scoped to ``tenant_id`` (and ``grant``) where the
    stack defines them (the function's own otherwise, as for ``tenant_table``)."""
    if not os.environ.get("FOOTPRINT_TENANT_DATA_ROLE_ARN"):
        return client(service)
    return _tenant_made(
        tenant_id,
        grant,
        service,
        lambda s: s.client(service, config=_config(service)),  # type: ignore[call-overload]
    )


def session_span(now: float, grant: GrantScope | None) -> tuple[int, float]:
    """(the session's duration to ask STS for, until when to keep it). A tenant's session is
    renewed well before it ends; a grant's lasts to the grant's end where STS allows it, and
    is kept no later than that end (see the module's doc for a grant with under 15 minutes)."""
    if grant is None or grant.ends_at - now > _SESSION_SECONDS:
        keep = now + _SESSION_SECONDS - _RENEW_BEFORE_SECONDS
        return _SESSION_SECONDS, keep if grant is None else min(keep, grant.ends_at)
    remaining = int(grant.ends_at - now)
    return max(_SHORTEST_SESSION_SECONDS, remaining), grant.ends_at


def _tenant_made(
    tenant_id: str, grant: GrantScope | None, name: str, make: Callable[[boto3.Session], Any]
) -> Any:
    """The client or resource ``name`` of the tenant's (or grant's) session, made once per
    session."""
    now = time.time()
    key = (tenant_id, grant.grant_id if grant else "")
    with _lock:
        cached = _tenant_sessions.get(key)
    if cached is None or cached[0] <= now:
        duration, keep_until = session_span(now, grant)
        cached = (keep_until, _assume(tenant_id, grant, duration), {})
        with _lock:
            if len(_tenant_sessions) >= _MAX_CACHED_TENANTS:
                oldest = min(_tenant_sessions, key=lambda tenant: _tenant_sessions[tenant][0])
                del _tenant_sessions[oldest]
            _tenant_sessions[key] = cached
    _, session, made = cached
    with _lock:  # a boto3 session is not thread-safe; the clients it makes are
        if name not in made:
            made[name] = make(session)
        return made[name]


def _assume(tenant_id: str, grant: GrantScope | None, duration: int) -> boto3.Session:
    tags = [{"Key": "tenant_id", "Value": tenant_id}]
    name = f"tenant-{tenant_id}"
    if grant is not None:
        tags.append({"Key": "grant_id", "Value": grant.grant_id})
        name = f"grant-{grant.grant_id}"
    credentials = client("sts").assume_role(
        RoleArn=os.environ["FOOTPRINT_TENANT_DATA_ROLE_ARN"],
        RoleSessionName=name[:64],
        DurationSeconds=duration,
        Tags=tags,
    )["Credentials"]
    return boto3.Session(
        aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"],
    )


def projection(*attributes: str) -> dict[str, Any]:
    """Query arguments reading only ``attributes``; names go through placeholders, since
    several (AGGREGATE among them) are reserved words."""
    return {
        "ProjectionExpression": ", ".join(f"#a{i}" for i in range(len(attributes))),
        "ExpressionAttributeNames": {f"#a{i}": name for i, name in enumerate(attributes)},
    }


def forget_cached_clients() -> None:
    """For tests that start a fresh emulator: drop clients bound to the previous one."""
    _client.cache_clear()
    platform_table.cache_clear()
    with _lock:
        _tenant_sessions.clear()
