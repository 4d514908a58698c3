from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from local.lambdas import FunctionRegistry
from tests.support.events import event


@pytest.fixture(autouse=True)
def _fresh_health_cache() -> Iterator[None]:
    from fp_platform import app

    app._last_check.update(at=0.0, states={})
    yield
    app._last_check.update(at=0.0, states={})


def test_health_reports_version_and_dependencies(functions: FunctionRegistry) -> None:
    answer = functions.invoke("PlatformFunction", event("platform/health.json"))
    assert answer["statusCode"] == 200
    body = json.loads(answer["body"])
    assert body["status"] == "ok"
    assert body["dependencies"] == {"data_table": {"status": "ok"}}
    assert body["version"]


def test_health_is_degraded_when_the_table_is_gone(functions: FunctionRegistry) -> None:
    import boto3

    table = functions.functions["PlatformFunction"].environment["FOOTPRINT_DATA_TABLE"]
    client = boto3.client("dynamodb")
    client.update_table(TableName=table, DeletionProtectionEnabled=False)
    client.delete_table(TableName=table)
    answer = functions.invoke("PlatformFunction", event("platform/health.json"))
    assert answer["statusCode"] == 503
    assert json.loads(answer["body"])["status"] == "degraded"


def test_openapi_document_is_served(functions: FunctionRegistry) -> None:
    answer = functions.invoke("PlatformFunction", event("platform/openapi.json"))
    assert answer["statusCode"] == 200
    assert "/v1/health" in json.loads(answer["body"])["paths"]
