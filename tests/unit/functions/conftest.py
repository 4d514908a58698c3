"""The members of each role in one tenant, as the authorizer context API Gateway passes on."""

from __future__ import annotations

import pytest

from footprint.domain.tenancy import Role
from tests.support.clock import Clock
from tests.support.identity import Tenant, add_member, authorizer_context


@pytest.fixture
def members(tenant: Tenant, clock: Clock) -> dict[Role, dict[str, str]]:
    """The tenant's admin and a member of each other role, by role."""
    contexts = {
        Role.ADMIN: authorizer_context(
            tenant.context, tenant.admin_id, Role.ADMIN, tenant.admin_tokens
        )
    }
    for role in (Role.EDITOR, Role.VIEWER, Role.AUDITOR):
        user_id, tokens = add_member(tenant, role, f"{role.value}@acme.example", clock)
        contexts[role] = authorizer_context(tenant.context, user_id, role, tokens)
    return contexts
