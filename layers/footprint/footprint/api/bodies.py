"""Request bodies, checked before any handler code runs: media type, size, UTF-8, JSON.

Powertools parses a route's body itself, and a body it cannot read (a content type it does
not know, bytes that are not UTF-8, JSON nested past the interpreter's recursion limit)
escapes as an exception that would answer 500. ``check_body`` runs ahead of Powertools'
validation (``install_body_checks``) and turns each of those into a 4xx in the one error
shape, naming what to send instead, so no handler sees a body it was not declared for.

A route's declared media type is read from its own body parameters: a ``Form`` parameter
means ``application/x-www-form-urlencoded`` (the SAML ACS), any other body parameter
``application/json``. Routes that read their body themselves (the upload of a file) declare
no body parameter and are left to their handler.
"""

from __future__ import annotations

import base64
import binascii
import json
from email.message import Message
from typing import Any, NoReturn

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response
from aws_lambda_powertools.event_handler.middlewares import NextMiddleware
from aws_lambda_powertools.event_handler.openapi.params import Body, Form

from footprint.domain.errors import (
    FootprintError,
    InvalidForm,
    InvalidJson,
    TooLarge,
    UnsupportedMediaType,
)

JSON = "application/json"
FORM = "application/x-www-form-urlencoded"

# The largest body a JSON or form route reads: the SSO settings' IdP metadata and a SAML
# response (256 KiB each, footprint.domain.auth.saml) fit with room; anything larger is
# refused before it is decoded.
MAX_BODY_BYTES = 1024 * 1024


def declared_media_type(app: APIGatewayRestResolver) -> str | None:
    """The media type the current route reads its body as, or None for no declared body."""
    route = app.context.get("_route")
    params = getattr(getattr(route, "dependant", None), "body_params", None) or []
    if not params:
        return None
    if any(isinstance(param.field_info, Form) for param in params):
        return FORM
    types = {param.field_info.media_type for param in params if isinstance(param.field_info, Body)}
    return types.pop() if len(types) == 1 else JSON


def _media_type(header: str) -> tuple[str, str | None]:
    # The standard library's header parser handles quoting and parameter order.
    message = Message()
    message["content-type"] = header
    charset = message.get_param("charset")
    return message.get_content_type(), str(charset) if isinstance(charset, str) else None


def _raw_bytes(app: APIGatewayRestResolver, invalid: type[FootprintError]) -> bytes:
    event = app.current_event
    body = event.body or ""
    if not event.is_base64_encoded:
        return body.encode("utf-8", "surrogatepass")
    try:
        return base64.b64decode(body, validate=True)
    except binascii.Error:
        raise invalid("The body is not valid base64.", field="body") from None


def _text(raw: bytes, invalid: type[FootprintError]) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise invalid(
            f"The body is not UTF-8 text: byte {error.start} cannot be read.",
            field="body",
            offset=error.start,
        ) from None


def _refuse_constant(name: str) -> NoReturn:
    # NaN and Infinity are not JSON (RFC 8259); Python's parser accepts them by default.
    raise ValueError(f"{name} is not a JSON value")


def _check_json(text: str) -> None:
    try:
        json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        offset = len(text[: error.pos].encode("utf-8"))
        raise InvalidJson(
            f"The body is not valid JSON: {error.msg} at byte {offset}.",
            field="body",
            offset=offset,
        ) from None
    except ValueError as error:
        raise InvalidJson(f"The body is not valid JSON: {error}.", field="body") from None
    except RecursionError:
        raise InvalidJson("The body is not valid JSON: it is nested too deeply.") from None


def check_body(app: APIGatewayRestResolver) -> None:
    """Refuse, with a 4xx, a body the current route cannot read as its declared media type."""
    expected = declared_media_type(app)
    if expected is None:
        return
    event = app.current_event
    header = event.headers.get("content-type") or ""
    if not event.body and not header:
        return  # no body: the route's validation names the missing fields
    media_type, charset = _media_type(header) if header else ("", None)
    if media_type != expected:
        sent = f"Content-Type {media_type!r}" if media_type else "no Content-Type"
        raise UnsupportedMediaType(
            f"This route reads {expected}; the request sent {sent}.",
            field="Content-Type",
            expected=expected,
        )
    if charset is not None and charset.lower() not in {"utf-8", "utf8"}:
        raise UnsupportedMediaType(
            f"This route reads UTF-8 text; the request declared charset {charset!r}.",
            field="Content-Type",
            expected=expected,
        )
    invalid = InvalidJson if expected == JSON else InvalidForm
    raw = _raw_bytes(app, invalid)
    if len(raw) > MAX_BODY_BYTES:
        raise TooLarge(
            f"The body is {len(raw)} bytes; this route reads at most {MAX_BODY_BYTES}.",
            field="body",
            limit=MAX_BODY_BYTES,
        )
    text = _text(raw, invalid)
    if expected == JSON and text:
        _check_json(text)


def install_body_checks(app: APIGatewayRestResolver) -> None:
    """Run ``check_body`` just before Powertools' request validation.

    Installed before ``install_access_control`` wraps the same middleware, so the order is:
    access (who may call), then the body's form, then its fields.
    """
    validation = getattr(app, "_request_validation_middleware", None)
    if validation is None:
        return

    def body_then_validation(
        current: APIGatewayRestResolver, next_middleware: NextMiddleware
    ) -> Response[Any]:
        check_body(current)
        answer: Response[Any] = validation(current, next_middleware)
        return answer

    setattr(app, "_request_validation_middleware", body_then_validation)  # noqa: B010
