"""What the uploads routes share: who may read and who may write, and the upload id."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.openapi.params import Path

from footprint.api.access import roles
from footprint.domain.tenancy import Role
from footprint.domain.uploads.ids import UPLOAD_ID_PATTERN

READERS = roles(Role.ADMIN, Role.EDITOR, Role.VIEWER, Role.AUDITOR)
WRITERS = roles(Role.ADMIN, Role.EDITOR)
UPLOAD_ID = Path(pattern=UPLOAD_ID_PATTERN, description="An upload id")
