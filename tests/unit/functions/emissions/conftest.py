"""The tenant's admin and a viewer, as the authorizer passes them on, for the Emissions
function's base-year and target routes."""

from __future__ import annotations

import pytest

from footprint.domain.tenancy import Role
from tests.support.clock import Clock
from tests.support.identity import Tenant, add_member, authorizer_context
from tests.support.uploads import UploadsStack


@pytest.fixture
def admin(tenant: Tenant, uploads: UploadsStack) -> dict[str, str]:
    return authorizer_context(tenant.context, tenant.admin_id, Role.ADMIN, tenant.admin_tokens)


@pytest.fixture
def viewer(tenant: Tenant, clock: Clock, uploads: UploadsStack) -> dict[str, str]:
    user_id, tokens = add_member(tenant, Role.VIEWER, "viewer@acme.example", clock)
    return authorizer_context(tenant.context, user_id, Role.VIEWER, tokens)
