"""The behaviour every API function shares: error shape, validation, headers, CORS."""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

import pytest
from aws_lambda_powertools.event_handler import APIGatewayRestResolver
from aws_lambda_powertools.event_handler.openapi.params import Query
from pydantic import BaseModel, Field

from footprint.api.http import SECURITY_HEADERS, lambda_handler_for, make_resolver, problem_limits
from footprint.domain.errors import Conflict
from local.lambdas import LambdaContext
from tests.support.events import event


class Invite(BaseModel):
    email: str = Field(min_length=3)
    role: str


class Token(BaseModel, extra="forbid"):
    days: int = Field(ge=1, le=365)
    role: Literal["viewer", "editor"]


@pytest.fixture
def app(monkeypatch: pytest.MonkeyPatch) -> APIGatewayRestResolver:
    monkeypatch.setenv(
        "FOOTPRINT_ALLOWED_ORIGINS", "https://app.footprint.example,https://admin.footprint.example"
    )
    app = make_resolver()

    @app.post("/v1/things")
    def create(body: Invite) -> dict[str, str]:
        return {"email": body.email}

    @app.post("/v1/tokens")
    def make_token(body: Token) -> dict[str, int]:
        return {"days": body.days}

    @app.get("/v1/ok")
    def ok() -> dict[str, str]:
        return {"ok": "yes"}

    @app.get("/v1/span")
    def span(start: Annotated[str, Query(alias="from", pattern=r"^\d{4}$")]) -> dict[str, str]:
        return {"from": start}

    @app.get("/v1/conflict")
    def conflict() -> dict[str, str]:
        raise Conflict("That name is taken.", field="name")

    @app.get("/v1/crash")
    def crash() -> dict[str, str]:
        raise RuntimeError("database password is hunter2")

    return app


JSON = {"Content-Type": "application/json"}


def call(app: APIGatewayRestResolver, method: str, path: str, **extra: Any) -> dict[str, Any]:
    if "headers" in extra:
        extra["multiValueHeaders"] = {key: [value] for key, value in extra["headers"].items()}
    request = event("platform/health.json", httpMethod=method, path=path, resource=path, **extra)
    handler = lambda_handler_for(app)
    answer: dict[str, Any] = handler(request, LambdaContext("fn", 128, 3))
    return answer


def body(answer: dict[str, Any]) -> Any:
    return json.loads(answer["body"])


def test_validation_errors_are_400_and_name_the_field(app: APIGatewayRestResolver) -> None:
    answer = call(app, "POST", "/v1/things", body=json.dumps({"email": "x"}), headers=JSON)
    assert answer["statusCode"] == 400
    error = body(answer)["error"]
    assert error["code"] == "invalid_input"
    fields = {problem["field"] for problem in error["details"]["errors"]}
    assert fields == {"email", "role"}


def problems_of(answer: dict[str, Any]) -> dict[str, dict[str, Any]]:
    assert answer["statusCode"] == 400
    return {problem["field"]: problem for problem in body(answer)["error"]["details"]["errors"]}


def test_each_problem_carries_its_type_and_limits(app: APIGatewayRestResolver) -> None:
    sent = {"days": 366, "role": "owner", "colour": "red"}
    problems = problems_of(call(app, "POST", "/v1/tokens", body=json.dumps(sent), headers=JSON))
    assert problems["days"]["type"] == "less_than_equal"
    assert problems["days"]["ctx"] == {"le": 365}
    assert problems["role"]["type"] == "literal_error"
    assert problems["role"]["ctx"] == {"expected": "'viewer' or 'editor'"}
    assert problems["colour"]["type"] == "extra_forbidden"
    assert "ctx" not in problems["colour"]


def test_a_missing_field_and_a_short_one_say_so(app: APIGatewayRestResolver) -> None:
    problems = problems_of(
        call(app, "POST", "/v1/things", body=json.dumps({"email": "x"}), headers=JSON)
    )
    assert (problems["role"]["type"], problems["role"].get("ctx")) == ("missing", None)
    assert (problems["email"]["type"], problems["email"]["ctx"]) == (
        "string_too_short",
        {"min_length": 3},
    )


def test_a_query_pattern_names_its_type(app: APIGatewayRestResolver) -> None:
    problems = problems_of(call(app, "GET", "/v1/span", queryStringParameters={"from": "soon"}))
    assert problems["from"]["type"] == "string_pattern_mismatch"
    assert problems["from"]["ctx"] == {"pattern": r"^\d{4}$"}


@pytest.mark.parametrize(
    ("ctx", "kept"),
    [
        ({"ge": 1, "le": 2.5}, {"ge": 1, "le": 2.5}),
        ({"expected": "'a' or 'b'"}, {"expected": "'a' or 'b'"}),
        ({"allowed": ("csv", "xlsx")}, {"allowed": ["csv", "xlsx"]}),
        ({"error": ValueError("no"), "strict": True, "mixed": [1, "a"]}, {}),
        (None, {}),
    ],
)
def test_only_json_safe_limits_are_kept(ctx: object, kept: dict[str, Any]) -> None:
    assert problem_limits(ctx) == kept
    json.dumps(kept)


def test_a_query_parameter_is_named_as_the_client_sent_it(app: APIGatewayRestResolver) -> None:
    answer = call(app, "GET", "/v1/span", queryStringParameters={"from": "soon"})
    assert answer["statusCode"] == 400
    (problem,) = body(answer)["error"]["details"]["errors"]
    assert (problem["field"], problem["location"]) == ("from", "query")


def test_malformed_json_is_400_naming_the_byte(app: APIGatewayRestResolver) -> None:
    answer = call(app, "POST", "/v1/things", body="{not json", headers=JSON)
    assert answer["statusCode"] == 400
    assert body(answer)["error"]["code"] == "invalid_json"
    assert body(answer)["error"]["details"]["offset"] == 1


def test_domain_errors_keep_their_status_and_details(app: APIGatewayRestResolver) -> None:
    answer = call(app, "GET", "/v1/conflict")
    assert answer["statusCode"] == 409
    assert body(answer) == {
        "error": {
            "code": "conflict",
            "message": "That name is taken.",
            "details": {"field": "name"},
        }
    }


def test_unexpected_errors_reveal_nothing(app: APIGatewayRestResolver) -> None:
    answer = call(app, "GET", "/v1/crash")
    assert answer["statusCode"] == 500
    assert "hunter2" not in answer["body"]
    assert "RuntimeError" not in answer["body"]
    assert "Traceback" not in answer["body"]
    assert body(answer)["error"]["details"]["request_id"]


def test_unknown_route_is_404_in_the_error_shape(app: APIGatewayRestResolver) -> None:
    answer = call(app, "GET", "/v1/unknown")
    assert answer["statusCode"] == 404
    assert body(answer)["error"]["code"] == "not_found"


@pytest.mark.parametrize("path", ["/v1/conflict", "/v1/crash", "/v1/unknown"])
def test_security_headers_on_every_answer(app: APIGatewayRestResolver, path: str) -> None:
    headers = call(app, "GET", path)["multiValueHeaders"]
    for name, value in SECURITY_HEADERS.items():
        assert headers[name] == [value]


def test_cors_echoes_only_configured_origins(app: APIGatewayRestResolver) -> None:
    allowed = call(app, "GET", "/v1/ok", headers={"Origin": "https://admin.footprint.example"})
    assert allowed["multiValueHeaders"]["Access-Control-Allow-Origin"] == [
        "https://admin.footprint.example"
    ]
    other = call(app, "GET", "/v1/ok", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in other["multiValueHeaders"]


def test_error_answers_carry_cors_too(app: APIGatewayRestResolver) -> None:
    # A browser can read an error only if its answer carries the CORS headers.
    answer = call(app, "GET", "/v1/conflict", headers={"Origin": "https://app.footprint.example"})
    assert answer["multiValueHeaders"]["Access-Control-Allow-Origin"] == [
        "https://app.footprint.example"
    ]
