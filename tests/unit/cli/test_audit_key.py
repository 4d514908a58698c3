"""The ``footprint`` command finds the audit chain's digest key in the stack's secret, so the
events it records are keyed and ``audit verify`` checks addresses against their digests; an
operator the secret is not given to still verifies the chain, and is told what went
unchecked."""

from __future__ import annotations

import os

import boto3
import pytest

from footprint.cli import main
from footprint.domain.tenancy import TenantContext
from footprint.identity import audit
from local.provision import Deployment


def _verify(tenant: str, table: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    status = main(["audit", "verify", "--tenant", tenant, "--table", table])
    return status, capsys.readouterr().out.strip().splitlines()[-1]


@pytest.fixture
def keyed_log(
    module_deployment: Deployment, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> str:
    """An event recorded with the stack's key in a tenant of the test's own (named after it),
    then the key out of the environment; answers the tenant."""
    tenant = f"t-{abs(hash(request.node.name)) % 10**8:08d}"
    secret = module_deployment.resolver.physical["AuditDigestKey"]
    value = boto3.client("secretsmanager").get_secret_value(SecretId=secret)["SecretString"]
    monkeypatch.setenv(audit.DIGEST_KEY_VARIABLE, value)
    monkeypatch.setenv("FOOTPRINT_AUDIT_KEY_SECRET", secret)
    audit.record(
        TenantContext.for_operator(tenant),
        action="test.step",
        outcome="success",
        source_ip="198.51.100.7",
    )
    monkeypatch.delenv(audit.DIGEST_KEY_VARIABLE)
    return tenant


def test_the_key_is_read_from_the_stacks_secret(
    module_deployment: Deployment, keyed_log: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, line = _verify(keyed_log, module_deployment.resolver.physical["DataTable"], capsys)

    assert status == 0, line
    assert "chain holds: 1 events" in line
    assert "not checked" not in line
    assert os.environ[audit.DIGEST_KEY_VARIABLE]


def test_without_the_secret_the_chain_is_verified_and_the_digests_said_unchecked(
    module_deployment: Deployment,
    keyed_log: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.delenv("FOOTPRINT_AUDIT_KEY_SECRET")

    status, line = _verify(keyed_log, module_deployment.resolver.physical["DataTable"], capsys)

    assert status == 0, line
    assert line.endswith("; 1 source addresses or re-anchors not checked (no audit key given)")
    assert audit.DIGEST_KEY_VARIABLE not in os.environ
