"""Reading POST /v1/uploads: its headers, its raw body, and whether the body is a presign
request or the file itself."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from aws_lambda_powertools.event_handler.router import APIGatewayRouter as Router
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from footprint.api.vocabulary import GwpSet
from footprint.domain.errors import InvalidInput, UnsupportedMediaType
from footprint.domain.uploads.parsing import UPLOAD_MEDIA_TYPES, XLSX_CONTENT_TYPE
from footprint.uploads import intake


class PresignRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    filename: str = Field(min_length=1, max_length=255)
    content_type: str = Field(min_length=1, max_length=255)
    size: int = Field(ge=1, le=intake.MAX_PRESIGNED_BYTES, description="Exact size in bytes")
    sheet: str | None = Field(default=None, min_length=1, max_length=31)
    gwp_set: GwpSet = "AR5"
    sha256: str | None = Field(
        default=None,
        pattern=r"^[0-9a-f]{64}$",
        description="The file's SHA-256 (hex): a known file is answered before any transfer",
    )
    replace: bool = False


def header(app: Router, name: str) -> str | None:
    headers = app.current_event.headers or {}
    for key, value in headers.items():
        if key.lower() == name:
            return str(value)
    return None


def media_type(app: Router) -> str:
    """The body's media type, lowercase without parameters ("" if none was sent); a type
    no upload reads is refused."""
    sent = (header(app, "content-type") or "").split(";")[0].strip().lower()
    if sent and sent not in UPLOAD_MEDIA_TYPES:
        raise UnsupportedMediaType(
            f"Upload CSV, XLSX or JSON; the request sent Content-Type {sent!r}.",
            field="Content-Type",
            allowed=sorted(UPLOAD_MEDIA_TYPES),
        )
    return sent


def raw_body(app: Router) -> bytes:
    event = app.current_event
    if not event.body:
        return b""
    if event.is_base64_encoded:
        try:
            return base64.b64decode(event.body, validate=True)
        except binascii.Error:
            raise InvalidInput("The body is not valid base64.", field="body") from None
    return event.body.encode("utf-8")


def idempotency_key(app: Router) -> str | None:
    key = header(app, "idempotency-key")
    if key is not None and not 1 <= len(key) <= 255:
        raise InvalidInput("Idempotency-Key is 1 to 255 characters.", field="Idempotency-Key")
    return key


def presign_request(media_type: str, body: bytes) -> PresignRequest | None:
    """The body as a presign request, or None when it is a file (JSON records are a list or
    JSON Lines; a request is one object naming ``filename``)."""
    if media_type != "application/json" or not body.lstrip().startswith(b"{"):
        return None
    try:
        document = json.loads(body)
    except ValueError:
        return None  # JSON Lines: the file itself
    if not isinstance(document, dict) or "filename" not in document:
        return None
    try:
        return PresignRequest.model_validate(document)
    except ValidationError as error:
        problems = [
            {"field": ".".join(str(p) for p in item["loc"]) or "body", "message": item["msg"]}
            for item in error.errors()
        ]
        raise InvalidInput("The request is not valid.", errors=problems) from None


def openapi_body() -> dict[str, Any]:
    """The body as the OpenAPI document describes it: ``create_upload`` reads it itself, so
    Powertools has no body parameter to describe."""
    text = {"schema": {"type": "string"}}
    records = {"type": "array", "items": {"type": "object"}}
    return {
        "required": True,
        "content": {
            "application/json": {
                "schema": {"anyOf": [PresignRequest.model_json_schema(), records]}
            },
            "text/csv": text,
            "application/x-ndjson": text,
            XLSX_CONTENT_TYPE: {"schema": {"type": "string", "format": "binary"}},
        },
    }
