"""The single error shape of every answer: ``{"error": {"code", "message", "details"}}``."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.event_handler import Response, content_types


def error_response(status: int, code: str, message: str, details: Any = None) -> Response[Any]:
    return Response(
        status_code=status,
        content_type=content_types.APPLICATION_JSON,
        body={"error": {"code": code, "message": message, "details": details or {}}},
    )


ERRORS_EXTENSION = "x-footprint-errors"


def may_answer(*statuses: int) -> dict[str, Any]:
    """Declares the error statuses a route's own service can answer (409, 422, 423 ...).

    The answers every route of a kind can give (400, a protected route's 401 and 403, a
    body's 415, a path id's 404, the gateway's 413 and 429) are added to the OpenAPI
    document by its generator; a route adds only what its use case raises besides.
    """
    return {ERRORS_EXTENSION: sorted(set(statuses))}
