"""The platform's list of tenants (the registry's index), which the access reviews walk."""

from __future__ import annotations

from footprint.adapters.repository import PlatformRepository
from footprint.domain.tenancy import TenantContext
from footprint.identity import tenants
from tests.support.identity import Tenant


def test_a_registered_tenant_is_listed_and_one_registered_before_the_index_is_listed_once_indexed(
    tenant: Tenant,
) -> None:
    assert tenants.list_tenant_ids() == [tenant.context.tenant_id]
    older = TenantContext.for_operator("t-older")
    # As `register` wrote it before the index existed.
    PlatformRepository().put(("TENANT", "t-older"), ("TENANT",), {"name": "Older"})
    assert "t-older" not in tenants.list_tenant_ids()
    tenants.index_registration(older)
    tenants.index_registration(older)  # again: nothing changes
    assert tenants.list_tenant_ids() == sorted([tenant.context.tenant_id, "t-older"])
    entry = PlatformRepository().get(("TENANT", "t-older"), ("TENANT",))
    assert entry == {"name": "Older", "tenant_id": "t-older"}
