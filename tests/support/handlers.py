"""Driving a Lambda handler in-process with the API Gateway proxy event it would receive."""

from __future__ import annotations

import importlib
import json
from typing import Any

from local.lambdas import LambdaContext
from local.openapi import api_function_modules
from local.template import load_template
from tests.support.identity import SOURCE_IP


def proxy_event(
    method: str,
    resource: str,
    *,
    path_parameters: dict[str, str] | None = None,
    body: Any = None,
    authorizer: dict[str, str] | None = None,
    source_ip: str = SOURCE_IP,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    """An API Gateway REST proxy event as the gateway sends it after the authorizer."""
    path = resource
    for name, value in (path_parameters or {}).items():
        path = path.replace("{" + name + "}", value)
    sent = {"Content-Type": "application/json", **(headers or {})}
    return {
        "resource": resource,
        "path": path,
        "httpMethod": method,
        "headers": sent,
        "multiValueHeaders": {name: [value] for name, value in sent.items()},
        "queryStringParameters": None,
        "multiValueQueryStringParameters": None,
        "pathParameters": path_parameters,
        "body": None if body is None else json.dumps(body),
        "isBase64Encoded": False,
        "requestContext": {
            "resourcePath": resource,
            "httpMethod": method,
            "path": f"/dev{path}",
            "stage": "dev",
            "requestId": "test-request",
            "identity": {"sourceIp": source_ip},
            "authorizer": authorizer,
        },
    }


def proxy_answer(module: str, event: dict[str, Any]) -> dict[str, Any]:
    """Run a handler module's ``lambda_handler``; answers its proxy answer as it is."""
    handler = importlib.import_module(module).lambda_handler
    result: dict[str, Any] = handler(event, LambdaContext(module, 1024, 25))
    return result


def invoke(module: str, event: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """Run a handler module's ``lambda_handler``; answers (status, JSON body)."""
    result = proxy_answer(module, event)
    text = result.get("body") or "{}"
    return int(result["statusCode"]), json.loads(text) if text.strip() else {}


def call_route(
    module: str,
    method: str,
    resource: str,
    caller: dict[str, str],
    *,
    path: dict[str, str] | None = None,
    body: Any = None,
) -> tuple[int, dict[str, Any]]:
    """``method resource`` on ``module``'s handler, as ``caller`` (the authorizer's context);
    answers (status, JSON body)."""
    return invoke(
        module, proxy_event(method, resource, path_parameters=path, body=body, authorizer=caller)
    )


def route_functions() -> dict[tuple[str, str], str]:
    """(METHOD, path) -> the handler module the template routes it to."""
    template = load_template()
    modules = api_function_modules(template)
    routes = {}
    for logical_id, module in modules.items():
        for event in template["Resources"][logical_id]["Properties"]["Events"].values():
            if event["Type"] == "Api":
                properties = event["Properties"]
                routes[(properties["Method"].upper(), properties["Path"])] = module
    return routes
