"""Build a handler group's resolver: validation, one error shape, security headers, CORS.

Every API function calls ``make_resolver`` and ``lambda_handler_for``, so the behaviour a
security reviewer checks (no stack traces, HSTS, nosniff, no-store, CORS only for the
stage's origins) is written once.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, cast

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, CORSConfig, Response
from aws_lambda_powertools.event_handler.exceptions import NotFoundError
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from footprint.api.access import install_access_control
from footprint.api.bodies import install_body_checks
from footprint.api.errors import error_response
from footprint.domain.errors import FootprintError
from footprint.observability import logger, metrics

SECURITY_HEADERS = {
    "Strict-Transport-Security": "max-age=63072000; includeSubDomains; preload",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


def _cors() -> CORSConfig | None:
    origins = [o for o in os.environ.get("FOOTPRINT_ALLOWED_ORIGINS", "").split(",") if o]
    if not origins:
        return None
    return CORSConfig(
        allow_origin=origins[0],
        extra_origins=origins[1:],
        allow_headers=["Authorization", "Content-Type", "Idempotency-Key", "X-Footprint-Grant"],
        max_age=600,
    )


def _with_security_headers(answer: dict[str, Any]) -> dict[str, Any]:
    # Added to the proxy answer itself, so error answers built by exception handlers get them too.
    headers: dict[str, list[str]] = answer.setdefault("multiValueHeaders", {}) or {}
    for header, value in SECURITY_HEADERS.items():
        headers.setdefault(header, [value])
    answer["multiValueHeaders"] = headers
    return answer


_LOCATIONS = ("body", "query", "path", "header")


def _json_safe(value: object) -> int | float | str | list[str] | None:
    # A limit a client can word (365, "'admin' or 'viewer'", ["csv", "xlsx"]); a custom
    # validator's exception object or a compiled pattern is not one, and is left out.
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float | str):
        return value
    if isinstance(value, list | tuple) and all(isinstance(item, str) for item in value):
        return [str(item) for item in value]
    return None


def problem_limits(ctx: object) -> dict[str, int | float | str | list[str]]:
    """The limits pydantic names in an error's ``ctx`` (``ge``, ``max_length``, ``expected``
    …), only those JSON can carry as numbers, strings and lists of strings."""
    if not isinstance(ctx, dict):
        return {}
    safe = {str(name): _json_safe(value) for name, value in ctx.items()}
    return {name: value for name, value in safe.items() if value is not None}


def _problem(item: dict[str, Any]) -> dict[str, Any]:
    # Powertools reports ("query", "from"); clients want the name they sent, "from", as the
    # use cases name it too, and where it was sent. ``type`` and ``ctx`` let a client word the
    # problem in its reader's language (the message is pydantic's English).
    parts = [str(part) for part in item.get("loc", ())]
    where = parts.pop(0) if parts and parts[0] in _LOCATIONS else "body"
    problem: dict[str, Any] = {
        "field": ".".join(parts) or where,
        "location": where,
        "message": str(item.get("msg", "invalid")),
        "type": str(item.get("type", "value_error")),
    }
    limits = problem_limits(item.get("ctx"))
    if limits:
        problem["ctx"] = limits
    return problem


def make_resolver() -> APIGatewayRestResolver:
    app = APIGatewayRestResolver(enable_validation=True, cors=_cors())

    def _domain_error(error: FootprintError) -> Response[Any]:
        return error_response(error.status, error.code, error.message, error.details)

    def _invalid(error: RequestValidationError) -> Response[Any]:
        problems = [_problem(dict(item)) for item in error.errors()]
        return error_response(
            400, "invalid_input", "The request is not valid.", {"errors": problems}
        )

    @app.not_found
    def _not_found(_: NotFoundError) -> Response[Any]:
        return error_response(404, "not_found", "No such route.")

    def _unexpected(error: Exception) -> Response[Any]:
        # Logged in full for us; the client learns only that it failed and the request id.
        logger.exception("unhandled error")
        request_id = app.current_event.request_context.request_id
        return error_response(
            500, "internal_error", "The service failed to answer.", {"request_id": request_id}
        )

    # Registered by call, not as decorators: Powertools' decorator is untyped.
    app.exception_handler(FootprintError)(_domain_error)
    app.exception_handler(RequestValidationError)(_invalid)
    app.exception_handler(Exception)(_unexpected)
    # Ahead of Powertools' validation, in this order: the caller's access, then the body's
    # media type and encoding (footprint.api.bodies), then its fields.
    install_body_checks(app)
    install_access_control(app)
    return app


Handler = Callable[[dict[str, Any], LambdaContext], dict[str, Any]]


def lambda_handler_for(app: APIGatewayRestResolver) -> Handler:
    """The Lambda entry point for ``app``: correlation id and tenant in every log line."""

    def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
        authorizer = (event.get("requestContext") or {}).get("authorizer") or {}
        if "tenant_id" in authorizer:
            logger.append_keys(tenant_id=authorizer["tenant_id"], user_id=authorizer.get("user_id"))
        else:
            logger.remove_keys(["tenant_id", "user_id"])
        return _with_security_headers(app.resolve(event, context))

    with_metrics = metrics.log_metrics(handler, capture_cold_start_metric=True)
    with_logging = logger.inject_lambda_context(
        with_metrics, correlation_id_path=correlation_paths.API_GATEWAY_REST
    )
    return cast(Handler, with_logging)
