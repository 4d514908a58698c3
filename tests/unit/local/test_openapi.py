"""The served OpenAPI document is generated from the code and matches the template's routes."""

from __future__ import annotations

from typing import Any

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


def test_validation_failures_are_documented_in_the_error_shape() -> None:
    document = build_document()
    for operations in document["paths"].values():
        for operation in operations.values():
            assert "422" not in operation["responses"]
    assert "ErrorResponse" in document["components"]["schemas"]
