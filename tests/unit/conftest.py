"""Unit tests run against moto in-process: no sockets, no real AWS, fake credentials."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from local.lambdas import FunctionRegistry
from local.provision import Deployment, Provisioner
from local.template import REGION, load_template

os.environ.update(
    {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_DEFAULT_REGION": REGION,
        "AWS_REGION": REGION,
        "AWS_MAX_ATTEMPTS": "1",
        "POWERTOOLS_METRICS_DISABLED": "true",
        "POWERTOOLS_SERVICE_NAME": "footprint",
        "POWERTOOLS_METRICS_NAMESPACE": "Footprint",
    }
)
os.environ.pop("AWS_ENDPOINT_URL", None)


_MOTO_CONFIG: Any = {
    "lambda": {"use_docker": False},
    "stepfunctions": {"execute_state_machine": True},
}


@pytest.fixture
def aws() -> Iterator[None]:
    """A fresh in-process moto for one test, with Step Functions executing."""
    from moto import mock_aws

    with mock_aws(config=_MOTO_CONFIG):
        yield


@contextmanager
def _provisioned() -> Iterator[Deployment]:
    """The whole template provisioned in a fresh moto, with every function's code importable
    and its environment set, as the local platform does it."""
    import boto3
    from moto import mock_aws

    saved = dict(os.environ)
    saved_path = list(sys.path)
    with mock_aws(config=_MOTO_CONFIG):
        template = load_template()
        deployment = Provisioner(template, boto3.Session()).provision()
        FunctionRegistry(template, deployment.resolver).activate()
        try:
            yield deployment
        finally:
            os.environ.clear()
            os.environ.update(saved)
            sys.path[:] = saved_path


@pytest.fixture
def deployment() -> Iterator[Deployment]:
    with _provisioned() as provisioned:
        yield provisioned


@pytest.fixture(scope="module")
def module_deployment() -> Iterator[Deployment]:
    """One provisioned template for a whole test module (provisioning takes seconds): for
    tests that keep to a tenant of their own."""
    with _provisioned() as provisioned:
        yield provisioned


@pytest.fixture
def functions(deployment: Deployment) -> FunctionRegistry:
    return FunctionRegistry(deployment.template, deployment.resolver)


@pytest.fixture
def assumed_roles(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Every sts:AssumeRole call's arguments, as the calls are made (the tenant sessions)."""
    from footprint.adapters import aws as adapters

    calls: list[dict[str, Any]] = []
    sts = adapters.client("sts")
    real = sts.assume_role

    def spy(**arguments: Any) -> Any:
        calls.append(arguments)
        return real(**arguments)

    monkeypatch.setattr(sts, "assume_role", spy)
    return calls
