"""Platform routes without authentication: health and the OpenAPI document."""

from __future__ import annotations

import json
import os
import time
from functools import cache
from importlib import resources
from typing import Any

import boto3
from aws_lambda_powertools.event_handler import Response, content_types
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from pydantic import BaseModel

from footprint import __version__
from footprint.api.http import lambda_handler_for, make_resolver

app = make_resolver()

_HEALTH_CACHE_SECONDS = 15.0
# When the dependencies were last checked, and what was found (per execution environment).
_last_check: dict[str, Any] = {"at": 0.0, "states": {}}


class DependencyState(BaseModel):
    status: str


class Health(BaseModel):
    status: str
    version: str
    stage: str
    dependencies: dict[str, DependencyState]


@cache
def _dynamodb() -> Any:
    # Short timeouts: a health check must answer even when a dependency hangs.
    return boto3.client(
        "dynamodb", config=Config(connect_timeout=2, read_timeout=2, retries={"max_attempts": 1})
    )


def _check_dependencies() -> dict[str, str]:
    """DescribeTable on the data table, cached briefly so health cannot amplify load."""
    if time.monotonic() - _last_check["at"] < _HEALTH_CACHE_SECONDS:
        cached: dict[str, str] = _last_check["states"]
        return cached
    try:
        table = _dynamodb().describe_table(TableName=os.environ["FOOTPRINT_DATA_TABLE"])["Table"]
        data_table = "ok" if table["TableStatus"] in ("ACTIVE", "UPDATING") else "unavailable"
    except (BotoCoreError, ClientError):
        data_table = "unavailable"
    states = {"data_table": data_table}
    _last_check.update(at=time.monotonic(), states=states)
    return states


@app.get(
    "/v1/health",
    summary="Service health",
    tags=["platform"],
    responses={
        200: {
            "description": "Every dependency answers",
            "content": {content_types.APPLICATION_JSON: {"model": Health}},
        },
        503: {
            "description": "A dependency does not answer",
            "content": {content_types.APPLICATION_JSON: {"model": Health}},
        },
    },
)
def health() -> Response[Health]:
    states = _check_dependencies()
    healthy = all(state == "ok" for state in states.values())
    body = Health(
        status="ok" if healthy else "degraded",
        version=__version__,
        stage=os.environ.get("FOOTPRINT_STAGE", "unknown"),
        dependencies={name: DependencyState(status=state) for name, state in states.items()},
    )
    return Response(
        status_code=200 if healthy else 503,
        content_type=content_types.APPLICATION_JSON,
        body=body,
    )


@cache
def _openapi_document() -> dict[str, Any]:
    text = resources.files("footprint.api").joinpath("openapi.json").read_text(encoding="utf-8")
    document: dict[str, Any] = json.loads(text)
    return document


@app.get("/v1/openapi.json", summary="This API's OpenAPI document", tags=["platform"])
def openapi() -> dict[str, Any]:
    return _openapi_document()


lambda_handler = lambda_handler_for(app)
