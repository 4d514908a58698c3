"""Verified domains: claimed, proven by a TXT record (a fake resolver here), then held by one
tenant only, which no other tenant can claim, verify, invite or provision into."""

from __future__ import annotations

import pytest

from footprint.domain.errors import Conflict, NotFound
from footprint.domain.tenancy import Role, TenantContext
from footprint.identity import audit, domains, users
from tests.support.clock import Clock
from tests.support.dns import FakeDns, verified
from tests.support.identity import SOURCE_IP, Tenant, make_tenant


def _admin(tenant: Tenant) -> TenantContext:
    return tenant.context.acting_as(tenant.admin_id, Role.ADMIN)


@pytest.fixture
def other(clock: Clock) -> Tenant:
    return make_tenant("Globex", "admin@globex.example", clock)


def test_a_claim_answers_a_random_txt_record_and_claiming_again_answers_the_same(
    tenant: Tenant,
) -> None:
    context = _admin(tenant)
    claimed = domains.claim(context, " Acme.Example. ", source_ip=SOURCE_IP)
    assert claimed.domain == "acme.example"
    assert claimed.status == domains.PENDING
    assert claimed.record_name == "_footprint.acme.example"
    assert claimed.record_value.startswith("footprint-verification=")
    assert len(claimed.record_value) > len("footprint-verification=") + 20
    assert domains.claim(context, "acme.example", source_ip=SOURCE_IP) == claimed
    assert domains.list_domains(context) == [claimed]
    assert domains.holder("acme.example") is None


def test_verification_fails_until_the_record_is_published_then_succeeds(tenant: Tenant) -> None:
    context = _admin(tenant)
    claimed = domains.claim(context, "acme.example", source_ip=SOURCE_IP)
    dns = FakeDns()
    dns.records[claimed.record_name] = ["footprint-verification=someone-elses"]
    with pytest.raises(Conflict) as caught:
        domains.verify(context, "acme.example", source_ip=SOURCE_IP, lookup=dns)
    assert caught.value.details == {"field": "domain", "reason": "record_not_found"}
    assert domains.list_domains(context)[0].status == domains.PENDING
    assert domains.holder("acme.example") is None
    dns.publish(claimed)
    verified = domains.verify(context, "acme.example", source_ip=SOURCE_IP, lookup=dns)
    assert verified.status == domains.VERIFIED
    assert verified.verified_at is not None
    assert domains.holder("acme.example") == context.tenant_id
    assert domains.verified_domains(context) == {"acme.example"}
    actions = [event.action for event in audit.list_events(context)[0]]
    assert {"domain.claimed", "domain.verification_failed", "domain.verified"} <= set(actions)


def test_verifying_an_unclaimed_domain_is_not_found(tenant: Tenant) -> None:
    with pytest.raises(NotFound):
        domains.verify(_admin(tenant), "acme.example", source_ip=SOURCE_IP, lookup=FakeDns())


def test_a_second_tenant_cannot_claim_a_domain_the_firstverified(
    tenant: Tenant, other: Tenant
) -> None:
    verified(_admin(tenant), "acme.example")
    with pytest.raises(Conflict) as caught:
        domains.claim(_admin(other), "ACME.example", source_ip=SOURCE_IP)
    assert caught.value.details == {"field": "domain", "reason": "held_elsewhere"}
    assert domains.list_domains(_admin(other)) == []


def test_a_second_tenant_cannot_verify_a_domain_the_first_verified_meanwhile(
    tenant: Tenant, other: Tenant
) -> None:
    late = domains.claim(_admin(other), "acme.example", source_ip=SOURCE_IP)
    verified(_admin(tenant), "acme.example")
    dns = FakeDns()
    dns.publish(late)  # even with its own record published
    with pytest.raises(Conflict):
        domains.verify(_admin(other), "acme.example", source_ip=SOURCE_IP, lookup=dns)
    assert domains.holder("acme.example") == tenant.context.tenant_id
    assert domains.list_domains(_admin(other))[0].status == domains.PENDING


def test_a_second_tenant_cannot_invite_an_address_in_a_domain_the_firstverified(
    tenant: Tenant, other: Tenant
) -> None:
    verified(_admin(tenant), "acme.example")
    with pytest.raises(Conflict) as caught:
        users.invite_user(
            _admin(other),
            email="Grace@ACME.example",
            name="",
            role=Role.VIEWER,
            source_ip=SOURCE_IP,
        )
    assert caught.value.details == {"field": "email", "reason": "domain_held_elsewhere"}
    assert users.lookup_email("grace@acme.example") is None
    # The holder invites into its domain, and the other tenant elsewhere.
    users.invite_user(
        _admin(tenant), email="grace@acme.example", name="", role=Role.VIEWER, source_ip=SOURCE_IP
    )
    users.invite_user(
        _admin(other), email="grace@globex.example", name="", role=Role.VIEWER, source_ip=SOURCE_IP
    )


def test_removing_a_verified_domain_releases_it(tenant: Tenant, other: Tenant) -> None:
    verified(_admin(tenant), "acme.example")
    domains.remove(_admin(tenant), "acme.example", source_ip=SOURCE_IP)
    assert domains.list_domains(_admin(tenant)) == []
    assert domains.holder("acme.example") is None
    assert verified(_admin(other), "acme.example").status == domains.VERIFIED


def test_removing_a_pending_claim_leaves_another_tenants_hold(
    tenant: Tenant, other: Tenant
) -> None:
    domains.claim(_admin(other), "acme.example", source_ip=SOURCE_IP)
    verified(_admin(tenant), "acme.example")
    domains.remove(_admin(other), "acme.example", source_ip=SOURCE_IP)
    assert domains.holder("acme.example") == tenant.context.tenant_id


def test_sso_may_sign_in_any_address_until_the_tenant_verifies_a_domain(tenant: Tenant) -> None:
    context = _admin(tenant)
    assert domains.sso_allows(context, "grace@anywhere.example")
    verified(context, "acme.example")
    assert domains.sso_allows(context, "grace@acme.example")
    assert not domains.sso_allows(context, "grace@anywhere.example")
    assert not domains.sso_allows(context, "grace@sub.acme.example")
