"""AWS clients, made once per execution environment, and tenant-scoped credentials.

When ``FOOTPRINT_TENANT_DATA_ROLE_ARN`` is set (in AWS), tenant data is reached only with
credentials of that role assumed with the session tag ``tenant_id``: its policy admits items
whose partition key begins ``TENANT#${aws:PrincipalTag/tenant_id}#`` (``dynamodb:LeadingKeys``),
so even a bug that built another tenant's key would be refused by IAM. Credentials are kept
per tenant until shortly before they expire.
"""

from __future__ import annotations

import os
import threading
import time
from functools import cache
from typing import TYPE_CHECKING, Any

import boto3
from botocore.config import Config

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.service_resource import Table

_CONFIG = Config(connect_timeout=3, read_timeout=5, retries={"mode": "standard", "max_attempts": 3})
_SESSION_SECONDS = 900  # the shortest session STS grants
_RENEW_BEFORE_SECONDS = 120
_MAX_CACHED_TENANTS = 256  # a warm environment serves a few tenants; bound it all the same

_lock = threading.Lock()
_tenant_tables: dict[str, tuple[float, Table]] = {}


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
    role_arn = os.environ.get("FOOTPRINT_TENANT_DATA_ROLE_ARN")
    if not role_arn:
        return platform_table()
    now = time.time()
    with _lock:
        cached = _tenant_tables.get(tenant_id)
        if cached and cached[0] > now:
            return cached[1]
    credentials = client("sts").assume_role(
        RoleArn=role_arn,
        RoleSessionName=f"tenant-{tenant_id}"[:64],
        DurationSeconds=_SESSION_SECONDS,
        Tags=[{"Key": "tenant_id", "Value": tenant_id}],
    )["Credentials"]
    session = boto3.Session(
        aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"],
    )
    table = session.resource("dynamodb", config=_CONFIG).Table(table_name())
    with _lock:
        if len(_tenant_tables) >= _MAX_CACHED_TENANTS:
            oldest = min(_tenant_tables, key=lambda tenant: _tenant_tables[tenant][0])
            del _tenant_tables[oldest]
        _tenant_tables[tenant_id] = (now + _SESSION_SECONDS - _RENEW_BEFORE_SECONDS, table)
    return table


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
        _tenant_tables.clear()
