"""Refresh-token rotation, reuse detection, sign-out, and the per-request guard."""

from __future__ import annotations

import pytest

from footprint.domain.errors import Conflict, Forbidden, NotFound, Unauthenticated
from footprint.domain.tenancy import Role, TenantContext
from footprint.identity import audit, guard, sessions, signin, tenants, users
from tests.support.clock import Clock
from tests.support.identity import (
    PASSWORD,
    SOURCE_IP,
    Tenant,
    add_member,
    expiry,
    make_tenant,
    sign_in,
)


def _sid(token_set: sessions.TokenSet) -> str:
    return token_set.refresh_token.split(".")[2]


def _token_context(tenant: Tenant, user_id: str, role: Role = Role.ADMIN) -> TenantContext:
    return TenantContext.from_verified_token(tenant.context.tenant_id, user_id, role.value)


def test_refresh_rotates_and_the_new_token_works(tenant: Tenant) -> None:
    first = tenant.admin_tokens
    second = sessions.refresh(first.refresh_token, source_ip=SOURCE_IP)
    assert second.refresh_token != first.refresh_token
    assert _sid(second) == _sid(first)
    third = sessions.refresh(second.refresh_token, source_ip=SOURCE_IP)
    assert third.access_token != second.access_token


def test_reusing_a_rotated_token_revokes_the_whole_session(tenant: Tenant) -> None:
    stolen = tenant.admin_tokens.refresh_token
    current = sessions.refresh(stolen, source_ip=SOURCE_IP)
    with pytest.raises(Unauthenticated):
        sessions.refresh(stolen, source_ip="203.0.113.66")  # the thief's replay
    # The legitimate holder's newer token is dead too: the family is revoked.
    with pytest.raises(Unauthenticated):
        sessions.refresh(current.refresh_token, source_ip=SOURCE_IP)
    assert not sessions.session_active(tenant.context, tenant.admin_id, _sid(current))
    events = audit.list_events(tenant.context, limit=50)[0]
    reuse = [e for e in events if e.action == "refresh.reuse_detected"]
    assert len(reuse) == 1
    assert reuse[0].source_ip == "203.0.113.66"
    assert reuse[0].outcome == "failure"


@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: t[:-3] + "abc",  # wrong secret
        lambda t: "t-nope." + t.split(".", 1)[1],  # another tenant
        lambda t: "garbage",
        lambda t: t.replace(".", "#", 1),
        lambda t: t[:-3] + "é€😀",  # not ASCII: refused, not a server error
    ],
)
def test_forged_refresh_tokens_are_refused(tenant: Tenant, mangle: object) -> None:
    assert callable(mangle)
    with pytest.raises(Unauthenticated):
        sessions.refresh(mangle(tenant.admin_tokens.refresh_token), source_ip=SOURCE_IP)
    # ...and a merely wrong secret does not revoke the real holder's session.
    assert sessions.refresh(tenant.admin_tokens.refresh_token, source_ip=SOURCE_IP)


def test_logout_revokes_refresh_and_access_at_once(tenant: Tenant) -> None:
    tokens = tenant.admin_tokens
    sessions.logout(tokens.refresh_token, source_ip=SOURCE_IP)
    with pytest.raises(Unauthenticated):
        sessions.refresh(tokens.refresh_token, source_ip=SOURCE_IP)
    with pytest.raises(Unauthenticated):
        guard.current_principal(
            _token_context(tenant, tenant.admin_id),
            _sid(tokens),
            SOURCE_IP,
            expires_at=expiry(tokens),
        )


def test_the_guard_refuses_an_expired_token(tenant: Tenant, clock: Clock) -> None:
    tokens = tenant.admin_tokens
    context = _token_context(tenant, tenant.admin_id)
    assert guard.current_principal(context, _sid(tokens), SOURCE_IP, expires_at=expiry(tokens))
    clock.now = expiry(tokens)
    with pytest.raises(Unauthenticated):
        guard.current_principal(context, _sid(tokens), SOURCE_IP, expires_at=expiry(tokens))


def test_guard_uses_the_current_role_not_the_tokens(tenant: Tenant, clock: Clock) -> None:
    user_id, tokens = add_member(tenant, Role.EDITOR, "ed@acme.example", clock)
    admin = tenant.context.acting_as(tenant.admin_id, Role.ADMIN)
    users.update_user(admin, user_id, role=Role.VIEWER, disabled=None, source_ip=SOURCE_IP)
    context = guard.current_principal(
        _token_context(tenant, user_id, Role.EDITOR),
        _sid(tokens),
        SOURCE_IP,
        expires_at=expiry(tokens),
    )
    assert context.role is Role.VIEWER


def test_disabling_a_user_or_tenant_takes_effect_at_once(tenant: Tenant, clock: Clock) -> None:
    user_id, tokens = add_member(tenant, Role.VIEWER, "vi@acme.example", clock)
    token_context = _token_context(tenant, user_id, Role.VIEWER)
    assert (
        guard.current_principal(
            token_context, _sid(tokens), SOURCE_IP, expires_at=expiry(tokens)
        ).role
        is Role.VIEWER
    )
    admin = tenant.context.acting_as(tenant.admin_id, Role.ADMIN)
    users.update_user(admin, user_id, role=None, disabled=True, source_ip=SOURCE_IP)
    with pytest.raises(Unauthenticated):
        guard.current_principal(token_context, _sid(tokens), SOURCE_IP, expires_at=expiry(tokens))
    with pytest.raises(Unauthenticated):
        sessions.refresh(tokens.refresh_token, source_ip=SOURCE_IP)
    clock.advance(1)
    users.update_user(admin, user_id, role=None, disabled=False, source_ip=SOURCE_IP)
    # Enabled again, yet none of the earlier tokens comes back (a thief's copy among them).
    with pytest.raises(Unauthenticated):
        guard.current_principal(token_context, _sid(tokens), SOURCE_IP, expires_at=expiry(tokens))
    with pytest.raises(Unauthenticated):
        sessions.refresh(tokens.refresh_token, source_ip=SOURCE_IP)
    clock.advance(1)
    fresh = sessions.issue_tokens(
        tenant.context, users.get_user(tenant.context, user_id), source_ip=SOURCE_IP, method="saml"
    )
    assert guard.current_principal(token_context, _sid(fresh), SOURCE_IP, expires_at=expiry(fresh))
    assert sessions.refresh(fresh.refresh_token, source_ip=SOURCE_IP)
    from footprint.adapters.repository import TenantRepository

    TenantRepository(tenant.context).update(*tenants.PROFILE, set_values={"status": "disabled"})
    with pytest.raises(Unauthenticated):
        guard.current_principal(token_context, _sid(fresh), SOURCE_IP, expires_at=expiry(fresh))


def test_turning_password_sign_in_off_ends_password_sessions(tenant: Tenant, clock: Clock) -> None:
    from footprint.identity import sso

    user_id, password = add_member(tenant, Role.EDITOR, "ed@acme.example", clock)
    member = users.get_user(tenant.context, user_id)
    saml = sessions.issue_tokens(tenant.context, member, source_ip=SOURCE_IP, method="saml")
    context = _token_context(tenant, user_id, Role.EDITOR)
    clock.advance(1)
    sso.save_sso_settings(
        tenant.context,
        sso.SsoSettings(
            idp_metadata_xml="<EntityDescriptor/>",
            email_attribute="email",
            name_attribute="name",
            default_role=Role.VIEWER,
            password_login=False,
        ),
        actor_user_id=tenant.admin_id,
        source_ip=SOURCE_IP,
    )
    with pytest.raises(Unauthenticated):
        guard.current_principal(context, _sid(password), SOURCE_IP, expires_at=expiry(password))
    with pytest.raises(Unauthenticated):
        sessions.refresh(password.refresh_token, source_ip=SOURCE_IP)
    assert guard.current_principal(context, _sid(saml), SOURCE_IP, expires_at=expiry(saml))
    assert sessions.refresh(saml.refresh_token, source_ip=SOURCE_IP)
    # The admin who turned it off keeps their session, to put an IdP mistake right.
    admin = tenant.admin_tokens
    assert guard.current_principal(
        _token_context(tenant, tenant.admin_id), _sid(admin), SOURCE_IP, expires_at=expiry(admin)
    )


def test_ip_allowlist_admits_listed_networks_and_refuses_self_lockout(tenant: Tenant) -> None:
    admin = tenant.context.acting_as(tenant.admin_id, Role.ADMIN)
    sid = _sid(tenant.admin_tokens)
    expires_at = expiry(tenant.admin_tokens)
    token_context = _token_context(tenant, tenant.admin_id)
    from footprint.domain.errors import InvalidInput

    with pytest.raises(InvalidInput, match="lock you out"):
        tenants.update_allowlist(admin, ["10.0.0.0/8"], caller_ip=SOURCE_IP)
    assert guard.current_principal(
        token_context, sid, SOURCE_IP, expires_at=expires_at
    )  # unchanged
    tenants.update_allowlist(admin, ["198.51.100.0/24", "2001:db8::/32"], caller_ip=SOURCE_IP)
    assert guard.current_principal(token_context, sid, "2001:db8::9", expires_at=expires_at)
    with pytest.raises(Forbidden):
        guard.current_principal(token_context, sid, "203.0.113.1", expires_at=expires_at)
    changes = [
        e for e in audit.list_events(tenant.context)[0] if e.action == "tenant.settings_changed"
    ]
    assert changes[0].details["ip_allowlist_after"] == "198.51.100.0/24,2001:db8::/32"


def test_the_last_admin_cannot_be_demoted_disabled_or_removed(tenant: Tenant, clock: Clock) -> None:
    admin = tenant.context.acting_as(tenant.admin_id, Role.ADMIN)
    for change in ({"role": Role.VIEWER, "disabled": None}, {"role": None, "disabled": True}):
        with pytest.raises(Conflict, match="last admin"):
            users.update_user(admin, tenant.admin_id, source_ip=SOURCE_IP, **change)  # type: ignore[arg-type]
    with pytest.raises(Conflict, match="last admin"):
        users.delete_user(admin, tenant.admin_id, source_ip=SOURCE_IP)
    second, _ = add_member(tenant, Role.ADMIN, "admin2@acme.example", clock)
    users.update_user(admin, tenant.admin_id, role=Role.AUDITOR, disabled=None, source_ip=SOURCE_IP)
    with pytest.raises(Conflict, match="last admin"):
        users.delete_user(admin, second, source_ip=SOURCE_IP)
    roles = [e for e in audit.list_events(tenant.context)[0] if e.action == "user.role_changed"]
    assert roles[0].details == {"from": "admin", "to": "auditor"}


@pytest.mark.parametrize("activation", ["invitation", "sso"])
def test_a_role_change_overtaking_an_activation_leaves_the_admin_count_right(
    tenant: Tenant, clock: Clock, monkeypatch: pytest.MonkeyPatch, activation: str
) -> None:
    admin = tenant.context.acting_as(tenant.admin_id, Role.ADMIN)
    invitee, invitation, _ = users.invite_user(
        admin, email="second@acme.example", name="", role=Role.ADMIN, source_ip=SOURCE_IP
    )
    real = tenants.adjust_admins
    overtaken: list[bool] = []

    def overtake(context: TenantContext, delta: int) -> None:
        # The admin's demotion of the invitee lands between the count and the activation.
        if delta > 0 and not overtaken:
            overtaken.append(True)
            users.update_user(
                admin, invitee.user_id, role=Role.VIEWER, disabled=None, source_ip=SOURCE_IP
            )
        real(context, delta)

    monkeypatch.setattr(tenants, "adjust_admins", overtake)
    if activation == "invitation":
        signin.redeem_invitation(invitation, PASSWORD, source_ip=SOURCE_IP)
    else:
        users.provision_sso_user(
            tenant.context, email="second@acme.example", name="", default_role=Role.VIEWER
        )
    assert overtaken
    assert users.get_user(tenant.context, invitee.user_id).role is Role.VIEWER
    profile = tenants.get_tenant(tenant.context)
    assert profile is not None
    assert profile.admin_count == 1
    with pytest.raises(Conflict, match="last admin"):
        users.update_user(
            admin, tenant.admin_id, role=Role.VIEWER, disabled=None, source_ip=SOURCE_IP
        )


def test_deleting_a_user_frees_the_email_and_ends_sessions(tenant: Tenant, clock: Clock) -> None:
    admin = tenant.context.acting_as(tenant.admin_id, Role.ADMIN)
    user_id, tokens = add_member(tenant, Role.VIEWER, "gone@acme.example", clock)
    users.delete_user(admin, user_id, source_ip=SOURCE_IP)
    with pytest.raises(NotFound):
        users.get_user(tenant.context, user_id)
    assert users.lookup_email("gone@acme.example") is None
    with pytest.raises(Unauthenticated):
        sessions.refresh(tokens.refresh_token, source_ip=SOURCE_IP)


def test_emails_are_unique_across_tenants(tenant: Tenant, clock: Clock) -> None:
    other = make_tenant("Globex", "admin@globex.example", clock)
    admin = other.context.acting_as(other.admin_id, Role.ADMIN)
    with pytest.raises(Conflict):
        users.invite_user(
            admin, email="ADMIN@acme.example", name="", role=Role.VIEWER, source_ip=SOURCE_IP
        )


def test_sso_users_are_provisioned_once_with_the_default_role(tenant: Tenant, clock: Clock) -> None:
    first = users.provision_sso_user(
        tenant.context, email="sso@acme.example", name="S", default_role=Role.VIEWER
    )
    again = users.provision_sso_user(
        tenant.context, email="SSO@acme.example", name="S", default_role=Role.EDITOR
    )
    assert first.user_id == again.user_id
    assert again.role is Role.VIEWER
    other = make_tenant("Globex", "admin@globex.example", clock)
    with pytest.raises(Forbidden):
        users.provision_sso_user(
            other.context, email="sso@acme.example", name="", default_role=Role.VIEWER
        )
    token_set = sessions.issue_tokens(tenant.context, first, source_ip=SOURCE_IP, method="saml")
    assert guard.current_principal(
        _token_context(tenant, first.user_id, Role.VIEWER),
        _sid(token_set),
        SOURCE_IP,
        expires_at=expiry(token_set),
    )


def test_audit_details_refuse_credentials(tenant: Tenant) -> None:
    for name in ("password", "refresh_token", "code", "totp_secret", "SAMLAssertion"):
        with pytest.raises(ValueError, match="credentials"):
            audit.record(
                tenant.context,
                action="x",
                outcome="success",
                source_ip=SOURCE_IP,
                details={name: "v"},
            )


def test_signing_out_everywhere_ends_every_session_of_that_user_only(
    tenant: Tenant, clock: Clock
) -> None:
    laptop = tenant.admin_tokens
    phone = sign_in(tenant.admin_email, tenant.admin_secret, clock)
    _, colleague = add_member(tenant, Role.EDITOR, "editor@acme.example", clock)
    sessions.logout(phone.refresh_token, source_ip=SOURCE_IP, everywhere=True)
    for tokens in (laptop, phone):
        with pytest.raises(Unauthenticated):
            sessions.refresh(tokens.refresh_token, source_ip=SOURCE_IP)
        with pytest.raises(Unauthenticated):
            guard.current_principal(
                _token_context(tenant, tenant.admin_id),
                _sid(tokens),
                SOURCE_IP,
                expires_at=expiry(tokens),
            )
    assert sessions.refresh(colleague.refresh_token, source_ip=SOURCE_IP)
    actions = [e.action for e in audit.list_events(tenant.context, limit=50)[0]]
    assert "signout.everywhere" in actions
    # A sign-in after it opens a session that works.
    clock.advance(1)
    again = sign_in(tenant.admin_email, tenant.admin_secret, clock)
    assert sessions.refresh(again.refresh_token, source_ip=SOURCE_IP)


def test_the_environment_can_shorten_the_access_tokens_life_but_not_lengthen_it(
    tenant: Tenant, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FOOTPRINT_ACCESS_TOKEN_SECONDS", "20")
    short = sessions.refresh(tenant.admin_tokens.refresh_token, source_ip=SOURCE_IP)
    assert short.expires_in == 20
    monkeypatch.setenv("FOOTPRINT_ACCESS_TOKEN_SECONDS", "86400")
    capped = sessions.refresh(short.refresh_token, source_ip=SOURCE_IP)
    assert capped.expires_in == 600
