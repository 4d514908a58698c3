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
