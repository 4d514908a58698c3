"""Bodies a route cannot read answer 4xx before any handler code runs, and change nothing."""

from __future__ import annotations

import base64
import json
from typing import Annotated, Any

import pytest
from aws_lambda_powertools.event_handler import APIGatewayRestResolver
from aws_lambda_powertools.event_handler.openapi.params import Form
from pydantic import BaseModel

from footprint.api.bodies import MAX_BODY_BYTES
from footprint.api.http import lambda_handler_for, make_resolver
from local.lambdas import LambdaContext
from tests.support.events import event


class Note(BaseModel):
    text: str


@pytest.fixture
def handled() -> list[str]:
    return []


@pytest.fixture
def app(handled: list[str]) -> APIGatewayRestResolver:
    app = make_resolver()

    @app.post("/v1/notes")
    def note(body: Note) -> dict[str, str]:
        handled.append(body.text)
        return {"text": body.text}

    @app.post("/v1/form")
    def form(text: Annotated[str, Form(alias="Text")]) -> dict[str, str]:
        handled.append(text)
        return {"text": text}

    @app.post("/v1/raw")
    def raw() -> dict[str, str]:
        # Reads its own body (as the file upload does): no declared body, no checks here.
        handled.append(app.current_event.body or "")
        return {"read": "yes"}

    return app


def post(
    app: APIGatewayRestResolver,
    path: str,
    body: bytes | str | None,
    content_type: str | None = "application/json",
) -> tuple[int, dict[str, Any]]:
    headers = {"Content-Type": content_type} if content_type else {}
    encoded = isinstance(body, bytes)
    text = base64.b64encode(body).decode("ascii") if isinstance(body, bytes) else body
    request = event(
        "platform/health.json",
        httpMethod="POST",
        path=path,
        resource=path,
        body=text,
        isBase64Encoded=encoded,
        headers=headers,
        multiValueHeaders={key: [value] for key, value in headers.items()},
    )
    answer = lambda_handler_for(app)(request, LambdaContext("fn", 128, 3))
    return answer["statusCode"], json.loads(answer["body"])


def test_a_readable_body_reaches_the_handler(
    app: APIGatewayRestResolver, handled: list[str]
) -> None:
    status, _ = post(app, "/v1/notes", '{"text": "ok"}', "application/json; charset=UTF-8")
    assert status == 200
    assert handled == ["ok"]


@pytest.mark.parametrize(
    ("content_type", "sent"),
    [
        ("text/plain", "Content-Type 'text/plain'"),
        ("application/x-www-form-urlencoded", "Content-Type 'application/x-www-form-urlencoded'"),
        (None, "no Content-Type"),
        ("application/json-patch+json", "Content-Type 'application/json-patch+json'"),
    ],
)
def test_an_undeclared_media_type_is_415(
    app: APIGatewayRestResolver, handled: list[str], content_type: str | None, sent: str
) -> None:
    status, answer = post(app, "/v1/notes", '{"text": "ok"}', content_type)
    assert status == 415
    assert answer["error"]["code"] == "unsupported_media_type"
    assert answer["error"]["details"] == {"field": "Content-Type", "expected": "application/json"}
    assert sent in answer["error"]["message"]
    assert handled == []


def test_a_charset_other_than_utf8_is_415(app: APIGatewayRestResolver) -> None:
    status, answer = post(app, "/v1/notes", '{"text": "ok"}', "application/json; charset=latin-1")
    assert status == 415
    assert "latin-1" in answer["error"]["message"]


@pytest.mark.parametrize(
    ("body", "offset"),
    [
        (b"\xff<", 0),
        (b'{"text": "caf\xc3\xa9 \xe9"}', 16),  # a valid two-byte letter, then a stray byte
    ],
)
def test_bytes_that_are_not_utf8_are_400_naming_the_byte(
    app: APIGatewayRestResolver, handled: list[str], body: bytes, offset: int
) -> None:
    status, answer = post(app, "/v1/notes", body)
    assert status == 400
    assert answer["error"]["code"] == "invalid_json"
    assert answer["error"]["details"]["offset"] == offset
    assert handled == []


def test_json_errors_name_the_byte_not_the_character(app: APIGatewayRestResolver) -> None:
    # "é" is one character and two bytes: the offset a client can seek to is the byte's.
    status, answer = post(app, "/v1/notes", '{"é": x}')
    assert status == 400
    assert answer["error"]["code"] == "invalid_json"
    assert answer["error"]["details"]["offset"] == 7


@pytest.mark.parametrize(
    "body", ['{"text": NaN}', '{"text": Infinity}', "[" * 100_000, '{"text": "a"} x', "{"]
)
def test_bodies_that_are_not_json_are_400(
    app: APIGatewayRestResolver, handled: list[str], body: str
) -> None:
    status, answer = post(app, "/v1/notes", body)
    assert status == 400
    assert answer["error"]["code"] == "invalid_json"
    assert handled == []


def test_a_base64_body_that_does_not_decode_is_400(app: APIGatewayRestResolver) -> None:
    request_status, answer = post(app, "/v1/notes", None)
    assert request_status == 400  # no body at all: the fields are missing, named by validation
    assert answer["error"]["code"] == "invalid_input"
    broken = event(
        "platform/health.json",
        httpMethod="POST",
        path="/v1/notes",
        resource="/v1/notes",
        body="*not base64*",
        isBase64Encoded=True,
        headers={"Content-Type": "application/json"},
        multiValueHeaders={"Content-Type": ["application/json"]},
    )
    answer = lambda_handler_for(app)(broken, LambdaContext("fn", 128, 3))
    assert answer["statusCode"] == 400
    assert json.loads(answer["body"])["error"]["code"] == "invalid_json"


def test_a_body_over_the_limit_is_413_before_it_is_decoded(app: APIGatewayRestResolver) -> None:
    status, answer = post(app, "/v1/notes", b"\xff" * (MAX_BODY_BYTES + 1))
    assert status == 413
    assert answer["error"]["details"]["limit"] == MAX_BODY_BYTES


def test_a_form_route_reads_only_forms(app: APIGatewayRestResolver, handled: list[str]) -> None:
    assert post(app, "/v1/form", "Text=hello", "application/x-www-form-urlencoded")[0] == 200
    status, answer = post(app, "/v1/form", '{"Text": "hello"}')
    assert status == 415
    assert answer["error"]["details"]["expected"] == "application/x-www-form-urlencoded"
    status, answer = post(app, "/v1/form", b"Text=\xff", "application/x-www-form-urlencoded")
    assert status == 400
    assert answer["error"]["code"] == "invalid_form"
    assert handled == ["hello"]


def test_a_route_that_reads_its_own_body_is_left_to_it(
    app: APIGatewayRestResolver, handled: list[str]
) -> None:
    assert post(app, "/v1/raw", "a,b\n1,2\n", "text/csv")[0] == 200
    assert handled == ["a,b\n1,2\n"]
