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
from footprint.api.access import PUBLIC, ROLES_EXTENSION, STAFF_ROLES_EXTENSION
from footprint.api.errors import ERRORS_EXTENSION
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


# One problem of request validation: pydantic's error type and limits let a client word it in
# its reader's language (docs/api.md lists the types).
PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "A validation problem: field, location, message, type, ctx. A use case that"
    " refuses several fields of one record lists each as row, column and message instead.",
    "required": ["message"],
    "properties": {
        "row": {"type": "integer"},
        "column": {"type": ["string", "null"], "description": "The field at fault"},
        "field": {"type": "string", "description": "The name as sent (`from`, `ip_allowlist.2`)"},
        "location": {"type": "string", "enum": ["body", "query", "path", "header"]},
        "message": {"type": "string", "description": "In English"},
        "type": {
            "type": "string",
            "description": "pydantic's error type: missing, string_too_short, less_than_equal …",
        },
        "ctx": {
            "type": "object",
            "description": "The type's limits (`ge`, `le`, `min_length`, `max_length`,"
            " `expected`, `pattern` …), only numbers, strings and lists of strings",
            "additionalProperties": {
                "oneOf": [
                    {"type": "number"},
                    {"type": "string"},
                    {"type": "array", "items": {"type": "string"}},
                ]
            },
        },
    },
}

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
                "details": {
                    "type": "object",
                    "description": (
                        "What names the fault: `field` (and `reason`) for a use case's refusal;"
                        " for invalid_input from request validation, `errors`, one entry per"
                        " problem"
                    ),
                    "properties": {"errors": {"type": "array", "items": PROBLEM_SCHEMA}},
                },
            },
        }
    },
}


# Each error status's meaning, as the error's ``code`` says it.
ERROR_DESCRIPTIONS = {
    400: "Invalid input: the error names the field (invalid_input, invalid_json, invalid_form)",
    401: "No valid credentials (unauthenticated)",
    403: "Refused: the caller's role, IP allowlist or a WAF rule (forbidden)",
    404: "No such resource for this tenant (not_found)",
    409: "The resource's state does not allow it (conflict)",
    413: "The body is larger than the route reads (payload_too_large)",
    415: "The body is not of the route's media type (unsupported_media_type)",
    422: "The request does not match the earlier one with this Idempotency-Key",
    423: "Too many failed attempts: locked for a while (locked)",
    429: "Throttled: too many requests (too_many_requests)",
}


def _error_statuses(path: str, operation: dict[str, Any]) -> set[int]:
    """Every error status the route can answer: those of its kind, and its own."""
    # Any route: validation (footprint.api.http), and the gateway's WAF block, payload limit
    # and throttling (template.yaml GatewayResponses).
    statuses = {400, 403, 413, 429}
    if operation.get(ROLES_EXTENSION) not in (None, [PUBLIC]) or STAFF_ROLES_EXTENSION in operation:
        statuses.add(401)  # the authorizer, and the per-request guard (footprint.api.access)
    if "requestBody" in operation:
        statuses.add(415)  # footprint.api.bodies
    if "{" in path:
        statuses.add(404)  # an id that names nothing of this tenant's
    statuses.update(operation.pop(ERRORS_EXTENSION, []))
    return statuses


def _error_responses(path: str, operation: dict[str, Any]) -> None:
    """Document every error status in the one error shape (not Powertools' default 422)."""
    responses = operation.setdefault("responses", {})
    responses.pop("422", None)
    for status in sorted(_error_statuses(path, operation)):
        responses[str(status)] = {
            "description": ERROR_DESCRIPTIONS[status],
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/ErrorResponse"}}
            },
        }
    operation["responses"] = dict(sorted(responses.items()))


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
                _error_responses(path, operation)
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
