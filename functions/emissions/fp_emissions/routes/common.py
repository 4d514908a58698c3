"""What the emissions routes share: every role of the tenant may read its emissions."""

from __future__ import annotations

from footprint.api.access import roles
from footprint.domain.tenancy import Role

READERS = roles(Role.ADMIN, Role.EDITOR, Role.VIEWER, Role.AUDITOR)
