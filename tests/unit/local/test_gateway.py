"""The local front behaves as API Gateway does for the cases handlers and clients rely on."""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Callable
from typing import Any

import pytest
from werkzeug.test import Client

from local import gateway as gateway_module
from local.gateway import Gateway, RestApi
from local.lambdas import FunctionError
from local.template import Resolver


def _api_event(path: str, method: str, auth: str | None = None) -> dict[str, Any]:
    properties: dict[str, Any] = {"RestApiId": {"Ref": "Api"}, "Path": path, "Method": method}
    if auth:
        properties["Auth"] = {"Authorizer": auth}
    return {"Type": "Api", "Properties": properties}


TEMPLATE: dict[str, Any] = {
    "Resources": {
        "Api": {
            "Type": "AWS::Serverless::Api",
            "Properties": {
                "StageName": "dev",
                "BinaryMediaTypes": ["application/octet-stream"],
                "Cors": {"AllowOrigin": "'https://app.example'", "AllowMethods": "'GET,POST'"},
                "Auth": {
                    "DefaultAuthorizer": "Token",
                    "Authorizers": {
                        "Token": {
                            "FunctionArn": {"Fn::GetAtt": ["Authorizer", "Arn"]},
                            "Identity": {
                                "Headers": ["Authorization"],
                                "Context": ["identity.sourceIp"],
                                "ReauthorizeEvery": 300,
                            },
                        }
                    },
                },
                "GatewayResponses": {
                    "UNAUTHORIZED": {
                        "StatusCode": 401,
                        "ResponseTemplates": {
                            "application/json": '{"error":{"code":"unauthenticated",'
                            '"rid":"$context.requestId"}}'
                        },
                    },
                    "MISSING_AUTHENTICATION_TOKEN": {
                        "StatusCode": 404,
                        "ResponseTemplates": {"application/json": '{"error":{"code":"not_found"}}'},
                    },
                    "DEFAULT_5XX": {
                        "ResponseTemplates": {"application/json": '{"error":{"code":"internal"}}'}
                    },
                },
            },
        },
        "Authorizer": {"Type": "AWS::Serverless::Function", "Properties": {}},
        "Open": {
            "Type": "AWS::Serverless::Function",
            "Properties": {
                "Events": {
                    "Echo": _api_event("/v1/echo/{name}", "POST", auth="NONE"),
                    "Greedy": _api_event("/v1/files/{path+}", "GET", auth="NONE"),
                    "Literal": _api_event("/v1/echo/special", "POST", auth="NONE"),
                }
            },
        },
        "Private": {
            "Type": "AWS::Serverless::Function",
            "Properties": {"Events": {"Me": _api_event("/v1/me", "GET")}},
        },
    }
}


class FakeFunctions:
    """Records events and answers with what each test gives it."""

    def __init__(self) -> None:
        self.events: dict[str, list[dict[str, Any]]] = {}
        self.answers: dict[str, Callable[[dict[str, Any]], Any]] = {
            "Open": lambda event: {"statusCode": 200, "body": json.dumps(event)},
            "Private": lambda event: {
                "statusCode": 200,
                "body": json.dumps(event["requestContext"]["authorizer"]),
            },
            "Authorizer": lambda event: _policy("Allow", event["methodArn"]),
        }

    def invoke(self, logical_id: str, event: Any) -> Any:
        self.events.setdefault(logical_id, []).append(event)
        return self.answers[logical_id](event)


def _policy(effect: str, resource: str) -> dict[str, Any]:
    return {
        "principalId": "user-1",
        "policyDocument": {
            "Version": "2012-10-17",
            "Statement": [{"Action": "execute-api:Invoke", "Effect": effect, "Resource": resource}],
        },
        "context": {"tenant_id": "t1", "role": "admin"},
    }


@pytest.fixture
def functions() -> FakeFunctions:
    return FakeFunctions()


@pytest.fixture
def http(functions: FakeFunctions) -> Client:
    api = RestApi(TEMPLATE, Resolver(TEMPLATE), "Api")
    return Client(Gateway(api, functions))


def test_proxy_event_carries_path_query_headers_and_source_ip(
    http: Client, functions: FakeFunctions
) -> None:
    response = http.post(
        "/v1/echo/alpha?x=1&x=2&y=3",
        data="hello",
        headers={"X-Test": "yes", "Content-Type": "text/plain"},
        environ_overrides={"REMOTE_ADDR": "203.0.113.9"},
    )
    assert response.status_code == 200
    event = functions.events["Open"][0]
    assert event["resource"] == "/v1/echo/{name}"
    assert event["pathParameters"] == {"name": "alpha"}
    assert event["queryStringParameters"] == {"x": "2", "y": "3"}
    assert event["multiValueQueryStringParameters"] == {"x": ["1", "2"], "y": ["3"]}
    assert event["headers"]["X-Test"] == "yes"
    assert event["body"] == "hello"
    assert event["isBase64Encoded"] is False
    assert event["requestContext"]["identity"]["sourceIp"] == "203.0.113.9"
    assert event["requestContext"]["requestId"] == response.headers["x-amzn-RequestId"]
    assert event["requestContext"]["stage"] == "dev"


def test_a_literal_route_wins_over_a_parameter_and_greedy_paths_match(
    http: Client, functions: FakeFunctions
) -> None:
    http.post("/v1/echo/special")
    assert functions.events["Open"][0]["resource"] == "/v1/echo/special"
    http.get("/v1/files/a/b/c.csv")
    assert functions.events["Open"][1]["pathParameters"] == {"path": "a/b/c.csv"}


def test_binary_media_types_arrive_base64_encoded(http: Client, functions: FakeFunctions) -> None:
    payload = bytes(range(256))
    http.post("/v1/echo/bin", data=payload, headers={"Content-Type": "application/octet-stream"})
    event = functions.events["Open"][0]
    assert event["isBase64Encoded"] is True
    assert base64.b64decode(event["body"]) == payload


def test_unknown_routes_answer_the_templates_404_shape(http: Client) -> None:
    response = http.get("/v1/nowhere")
    assert response.status_code == 404
    assert response.json == {"error": {"code": "not_found"}}
    assert http.delete("/v1/echo/x").status_code == 404  # path exists, method does not


def test_missing_token_is_401_without_calling_the_authorizer(
    http: Client, functions: FakeFunctions
) -> None:
    response = http.get("/v1/me")
    assert response.status_code == 401
    assert response.json["error"]["rid"] == response.headers["x-amzn-RequestId"]
    assert "Authorizer" not in functions.events


def test_authorizer_context_reaches_the_handler_and_its_policy_is_cached(
    http: Client, functions: FakeFunctions
) -> None:
    for _ in range(3):
        response = http.get("/v1/me", headers={"Authorization": "Bearer abc"})
        assert response.status_code == 200
        assert json.loads(response.data) == {
            "tenant_id": "t1",
            "role": "admin",
            "principalId": "user-1",
        }
    assert len(functions.events["Authorizer"]) == 1
    request = functions.events["Authorizer"][0]
    assert request["type"] == "REQUEST"
    assert request["methodArn"].endswith("/dev/GET/v1/me")


def test_the_cache_is_keyed_by_token_and_source_ip(http: Client, functions: FakeFunctions) -> None:
    http.get("/v1/me", headers={"Authorization": "Bearer abc"})
    http.get(
        "/v1/me",
        headers={"Authorization": "Bearer abc"},
        environ_overrides={"REMOTE_ADDR": "198.51.100.1"},
    )
    http.get("/v1/me", headers={"Authorization": "Bearer other"})
    assert len(functions.events["Authorizer"]) == 3


def test_deny_policy_is_403_and_unauthorized_is_401(http: Client, functions: FakeFunctions) -> None:
    functions.answers["Authorizer"] = lambda event: _policy("Deny", event["methodArn"])
    assert http.get("/v1/me", headers={"Authorization": "Bearer a"}).status_code == 403

    def refuse(event: dict[str, Any]) -> Any:
        raise FunctionError("Exception", "Unauthorized")

    functions.answers["Authorizer"] = refuse
    assert http.get("/v1/me", headers={"Authorization": "Bearer b"}).status_code == 401
    assert "Private" not in functions.events


def test_an_authorizer_crash_is_a_500_not_an_allow(http: Client, functions: FakeFunctions) -> None:
    def crash(event: dict[str, Any]) -> Any:
        raise FunctionError("KeyError", "boom")

    functions.answers["Authorizer"] = crash
    response = http.get("/v1/me", headers={"Authorization": "Bearer c"})
    assert response.status_code == 500
    assert response.json == {"error": {"code": "internal"}}


def test_handler_failure_and_malformed_answers_are_502(
    http: Client, functions: FakeFunctions
) -> None:
    def fail(event: dict[str, Any]) -> Any:
        raise FunctionError("ValueError", "secret internals")

    functions.answers["Open"] = fail
    response = http.post("/v1/echo/x")
    assert response.status_code == 502
    assert b"secret internals" not in response.data
    functions.answers["Open"] = lambda event: {"body": "no status"}
    assert http.post("/v1/echo/x").status_code == 502


def test_a_slow_integration_is_a_504(
    http: Client, functions: FakeFunctions, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(gateway_module, "INTEGRATION_TIMEOUT_SECONDS", 0.05)
    release = threading.Event()
    functions.answers["Open"] = lambda event: release.wait(5)
    assert http.post("/v1/echo/x").status_code == 504
    release.set()


def test_bodies_over_ten_megabytes_are_413(
    http: Client, functions: FakeFunctions, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(gateway_module, "MAX_PAYLOAD_BYTES", 1024)
    assert http.post("/v1/echo/x", data=b"x" * 1025).status_code == 413
    assert "Open" not in functions.events


def test_preflight_answers_the_configured_origin_only(http: Client) -> None:
    response = http.options("/v1/echo/x")
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "https://app.example"
    assert response.headers["Access-Control-Allow-Methods"] == "GET,POST"


def test_base64_answers_are_decoded(http: Client, functions: FakeFunctions) -> None:
    functions.answers["Open"] = lambda event: {
        "statusCode": 201,
        "isBase64Encoded": True,
        "body": base64.b64encode(b"\x00\x01").decode(),
        "multiValueHeaders": {"Set-Thing": ["a", "b"]},
    }
    response = http.post("/v1/echo/x")
    assert response.status_code == 201
    assert response.data == b"\x00\x01"
    assert response.headers.getlist("Set-Thing") == ["a", "b"]
