"""Generate the OpenAPI document from the handlers' own route declarations.

Each API function's module exposes its Powertools resolver as ``app``; the document merges
their schemas, so the routes, parameters and models it lists are the ones the code validates.
``python -m local.openapi`` rewrites ``layers/footprint/footprint/api/openapi.json``.
"""

from __future__ import annotations

import importlib
import json
import sys
from typing import Any

from footprint import __version__
from local.template import ROOT, load_template

OUTPUT = ROOT / "layers" / "footprint" / "footprint" / "api" / "openapi.json"


def api_function_modules(template: dict[str, Any]) -> dict[str, str]:
    """Logical id -> handler module of every function that serves an Api event."""
    modules = {}
    for logical_id, spec in template["Resources"].items():
        if spec["Type"] != "AWS::Serverless::Function":
            continue
        events = spec["Properties"].get("Events", {}).values()
        if any(event["Type"] == "Api" for event in events):
            code_dir = str(ROOT / spec["Properties"]["CodeUri"])
            if code_dir not in sys.path:
                sys.path.insert(0, code_dir)
            modules[logical_id] = spec["Properties"]["Handler"].rpartition(".")[0]
    return modules


ERROR_SCHEMA: dict[str, Any] = {
    "title": "ErrorResponse",
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "details"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "details": {"type": "object"},
            },
        }
    },
}


def _error_responses(operation: dict[str, Any]) -> None:
    """Document validation failures as our 400 error shape, not Powertools' default 422."""
    responses = operation.setdefault("responses", {})
    if responses.pop("422", None) is not None:
        responses["400"] = {
            "description": "Invalid input",
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/ErrorResponse"}}
            },
        }


def build_document() -> dict[str, Any]:
    template = load_template()
    paths: dict[str, Any] = {}
    schemas: dict[str, Any] = {}
    for module_name in sorted(api_function_modules(template).values()):
        app = importlib.import_module(module_name).app
        schema = app.get_openapi_schema(title="Footprint API", version=__version__).model_dump(
            mode="json", by_alias=True, exclude_none=True
        )
        for path, operations in schema.get("paths", {}).items():
            for operation in operations.values():
                _error_responses(operation)
            paths.setdefault(path, {}).update(operations)
        schemas.update(schema.get("components", {}).get("schemas", {}))
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    schemas["ErrorResponse"] = ERROR_SCHEMA
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Footprint API",
            "version": __version__,
            "description": "Carbon accounting for GHG Protocol Scope 1, 2 and 3 inventories.",
        },
        "paths": dict(sorted(paths.items())),
        "components": {
            "schemas": dict(sorted(schemas.items())),
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
            },
        },
        "security": [{"bearer": []}],
    }


def render() -> str:
    return json.dumps(build_document(), indent=2, sort_keys=False) + "\n"


if __name__ == "__main__":
    OUTPUT.write_text(render(), encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)}")
