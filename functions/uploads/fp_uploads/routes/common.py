"""What the uploads routes share: the upload id as a path parameter."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.openapi.params import Path

from footprint.domain.ids import UPLOAD_ID_PATTERN

UPLOAD_ID = Path(pattern=UPLOAD_ID_PATTERN, description="An upload id")
