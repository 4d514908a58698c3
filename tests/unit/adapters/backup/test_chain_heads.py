"""The chains' heads are read by key: each listed tenant's and each platform lane's, never by
scanning the table."""

from __future__ import annotations

import boto3
import pytest

from footprint.adapters.backup import chain_heads
from footprint.domain.tenancy import TenantContext
from footprint.identity import audit
from tests.support.identity import TABLE, Stack


def test_the_heads_are_read_by_key_for_the_tenants_named(
    identity: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    from moto.dynamodb.models import DynamoDBBackend

    for tenant in ("t-listed", "t-unlisted"):
        audit.record(
            TenantContext.for_operator(tenant),
            action="test.step",
            outcome="success",
            source_ip="::1",
        )
    audit.record_unknown_account("nobody@example.com", action="signin.failure", source_ip="::1")

    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError("the heads were looked for with a scan")

    monkeypatch.setattr(DynamoDBBackend, "scan", refused)
    heads = chain_heads.read_from_table(
        boto3.client("dynamodb"), TABLE, ["t-listed", "t-no-events"], "b-1", "2026-12-01"
    )

    assert set(heads.tenants) == {"t-listed"}
    assert heads.tenants["t-listed"].sequence == 1
    assert len(heads.platform) == 1
