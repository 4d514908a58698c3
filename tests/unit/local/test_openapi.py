"""The served OpenAPI document is generated from the code and matches the template's routes."""

from __future__ import annotations

from typing import Any

from footprint.api.access import PUBLIC, ROLES_EXTENSION
from footprint.api.errors import ERRORS_EXTENSION
from local.openapi import OUTPUT, build_document, render


def test_committed_document_is_current() -> None:
    assert OUTPUT.read_text(encoding="utf-8") == render(), "run `make openapi` and commit"


def test_document_routes_are_exactly_the_template_routes(template: dict[str, Any]) -> None:
    declared = set()
    for spec in template["Resources"].values():
        if spec["Type"] != "AWS::Serverless::Function":
            continue
        for event in spec["Properties"].get("Events", {}).values():
            if event["Type"] == "Api":
                declared.add((event["Properties"]["Path"], event["Properties"]["Method"].lower()))
    documented = {
        (path, method)
        for path, operations in build_document()["paths"].items()
        for method in operations
    }
    assert documented == declared


def test_every_error_status_is_documented_in_the_error_shape() -> None:
    document = build_document()
    error = {"$ref": "#/components/schemas/ErrorResponse"}
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for status, response in operation["responses"].items():
                if status.startswith("4"):
                    shape = response["content"]["application/json"]["schema"]
                    assert shape == error, (method, path, status)
            assert {"400", "413", "429"} <= set(operation["responses"]), (method, path)
    assert "ErrorResponse" in document["components"]["schemas"]
    assert "HTTPValidationError" not in document["components"]["schemas"]


def test_each_kind_of_route_declares_what_its_kind_can_answer() -> None:
    for path, operations in build_document()["paths"].items():
        for method, operation in operations.items():
            declared = set(operation["responses"])
            if operation.get(ROLES_EXTENSION) not in (None, [PUBLIC]):
                assert "401" in declared, (method, path)
            if "requestBody" in operation:
                assert "415" in declared, (method, path)
            if "{" in path:
                assert "404" in declared, (method, path)
            assert ERRORS_EXTENSION not in operation  # turned into responses
