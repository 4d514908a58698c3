"""AWS clients, made once per execution environment, and tenant-scoped credentials.

When ``FOOTPRINT_TENANT_DATA_ROLE_ARN`` is set (in AWS), tenant data is reached only with
credentials of that role assumed with the session tag ``tenant_id``: its policy admits items
whose partition key begins ``TENANT#${aws:PrincipalTag/tenant_id}#`` (``dynamodb:LeadingKeys``)
and objects under ``tenants/${aws:PrincipalTag/tenant_id}/`` in the uploads bucket, so even a
bug that built another tenant's key would be refused by IAM. Credentials and the clients made
with them are kept per tenant until well before they expire.
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

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.service_resource import Table

_CONFIG = Config(connect_timeout=3, read_timeout=5, retries={"mode": "standard", "max_attempts": 3})
_SESSION_SECONDS = 3600  # the longest a role assumed from a Lambda role may last
# A URL presigned with these credentials dies with them (15 minutes are promised), and a step
# may run 15 minutes: renewed 20 minutes early, whatever uses them has its full time.
_RENEW_BEFORE_SECONDS = 20 * 60
_MAX_CACHED_TENANTS = 256  # a warm environment serves a few tenants; bound it all the same

_lock = threading.Lock()
_tenant_sessions: dict[str, tuple[float, boto3.Session, dict[str, Any]]] = {}


def client(service: str) -> Any:
    """A client for ``service`` (boto3 reads AWS_ENDPOINT_URL, so the emulator works too)."""
    return _client(service)


@cache
def _client(service: str) -> Any:
    return boto3.client(service, config=_CONFIG)  # type: ignore[call-overload]


def table_name() -> str:
    return os.environ["FOOTPRINT_DATA_TABLE"]


@cache
def platform_table() -> Table:
    """The data table with the function's own credentials (platform-level records)."""
    return boto3.resource("dynamodb", config=_CONFIG).Table(table_name())


def tenant_table(tenant_id: str) -> Table:
    """The data table with credentials scoped to ``tenant_id`` where the stack defines them."""
    if not os.environ.get("FOOTPRINT_TENANT_DATA_ROLE_ARN"):
        return platform_table()
    table: Table = _tenant_made(
        tenant_id, "table", lambda s: s.resource("dynamodb", config=_CONFIG).Table(table_name())
    )
    return table


def tenant_client(tenant_id: str, service: str) -> Any:
    """A ``service`` client with credentials scoped to ``tenant_id`` where the stack defines
    them (the function's own otherwise, as for ``tenant_table``)."""
    if not os.environ.get("FOOTPRINT_TENANT_DATA_ROLE_ARN"):
        return client(service)
    return _tenant_made(
        tenant_id,
        service,
        lambda s: s.client(service, config=_CONFIG),  # type: ignore[call-overload]
    )


def _tenant_made(tenant_id: str, name: str, make: Callable[[boto3.Session], Any]) -> Any:
    """The client or resource ``name`` of ``tenant_id``'s session, made once per session."""
    now = time.time()
    with _lock:
        cached = _tenant_sessions.get(tenant_id)
    if cached is None or cached[0] <= now:
        cached = (now + _SESSION_SECONDS - _RENEW_BEFORE_SECONDS, _assume(tenant_id), {})
        with _lock:
            if len(_tenant_sessions) >= _MAX_CACHED_TENANTS:
                oldest = min(_tenant_sessions, key=lambda tenant: _tenant_sessions[tenant][0])
                del _tenant_sessions[oldest]
            _tenant_sessions[tenant_id] = cached
    _, session, made = cached
    with _lock:  # a boto3 session is not thread-safe; the clients it makes are
        if name not in made:
            made[name] = make(session)
        return made[name]


def _assume(tenant_id: str) -> boto3.Session:
    credentials = client("sts").assume_role(
        RoleArn=os.environ["FOOTPRINT_TENANT_DATA_ROLE_ARN"],
        RoleSessionName=f"tenant-{tenant_id}"[:64],
        DurationSeconds=_SESSION_SECONDS,
        Tags=[{"Key": "tenant_id", "Value": tenant_id}],
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
