"""The emissions tests' fixtures: identity's moto stack and a signed-in tenant, plus the uploads
bucket and a calculation state machine (tests/unit/uploads_fixtures.py)."""

from tests.unit.identity.conftest import clock, identity, tenant
from tests.unit.uploads_fixtures import uploads

__all__ = ["clock", "identity", "tenant", "uploads"]
