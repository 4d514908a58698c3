"""A user's own password, recovery codes and sessions; an admin's MFA reset, forced password
reset and ending of another user's sessions."""

from __future__ import annotations

import pyotp
import pytest

from footprint.domain.errors import (
    Conflict,
    Forbidden,
    InvalidInput,
    Locked,
    NotFound,
    Unauthenticated,
)
from footprint.domain.tenancy import Role, TenantContext
from footprint.identity import account_security, audit, guard, sessions, signin
from footprint.identity.accounts import TenantAccount
from tests.support.clock import Clock
from tests.support.identity import (
    PASSWORD,
    SOURCE_IP,
    Tenant,
    add_member,
    expiry,
    sign_in,
)

NEW_PASSWORD = "a quite different passphrase 42"


def _sid(tokens: sessions.TokenSet) -> str:
    return tokens.refresh_token.split(".")[2]


def _admin(tenant: Tenant) -> TenantContext:
    return tenant.context.acting_as(tenant.admin_id, Role.ADMIN)


def _code(tenant: Tenant, clock: Clock) -> str:
    clock.advance(30)  # a fresh step: a code is good once
    return pyotp.TOTP(tenant.admin_secret).at(clock.now)


def _actions(tenant: Tenant) -> list[audit.AuditEvent]:
    return audit.list_events(tenant.context, limit=200)[0]


def test_my_sessions_list_the_live_ones_and_mark_the_current(tenant: Tenant, clock: Clock) -> None:
    other = sign_in(tenant.admin_email, tenant.admin_secret, clock)
    clock.advance(60)
    sessions.refresh(other.refresh_token, source_ip="203.0.113.9")
    listed = account_security.my_sessions(_admin(tenant), _sid(tenant.admin_tokens))
    by_id = {view.session_id: view for view in listed}
    assert set(by_id) == {_sid(tenant.admin_tokens), _sid(other)}
    assert by_id[_sid(tenant.admin_tokens)].current
    assert not by_id[_sid(other)].current
    assert by_id[_sid(other)].source_ip == "203.0.113.9"  # the last use's address
    assert by_id[_sid(other)].last_used_at > by_id[_sid(other)].created_at


def test_my_sessions_name_the_device_or_null_when_none_was_recorded(
    tenant: Tenant, clock: Clock
) -> None:
    clock.advance(30)
    step = signin.login(tenant.admin_email, PASSWORD, source_ip=SOURCE_IP)
    laptop = signin.answer(
        step.session,
        new_password=None,
        code=pyotp.TOTP(tenant.admin_secret).at(clock.now),
        source_ip=SOURCE_IP,
        device="Chrome on Windows",
    )
    assert isinstance(laptop, signin.SignedIn)
    listed = account_security.my_sessions(_admin(tenant), _sid(tenant.admin_tokens))
    by_id = {view.session_id: view.device for view in listed}
    assert by_id == {_sid(laptop): "Chrome on Windows", _sid(tenant.admin_tokens): None}


def test_a_session_ended_in_the_list_stops_refreshing_and_its_token_at_once(
    tenant: Tenant, clock: Clock
) -> None:
    other = sign_in(tenant.admin_email, tenant.admin_secret, clock)
    account_security.end_my_session(_admin(tenant), _sid(other), source_ip=SOURCE_IP)
    with pytest.raises(Unauthenticated):
        sessions.refresh(other.refresh_token, source_ip=SOURCE_IP)
    token_context = TenantContext.from_verified_token(
        tenant.context.tenant_id, tenant.admin_id, Role.ADMIN.value
    )
    with pytest.raises(Unauthenticated):  # the access token already issued: refused too
        guard.current_principal(token_context, _sid(other), SOURCE_IP, expires_at=expiry(other))
    # The current session is untouched, and gone from the list is the ended one.
    assert sessions.refresh(tenant.admin_tokens.refresh_token, source_ip=SOURCE_IP)
    listed = account_security.my_sessions(_admin(tenant), _sid(tenant.admin_tokens))
    assert [view.session_id for view in listed] == [_sid(tenant.admin_tokens)]
    ended = [e for e in _actions(tenant) if e.action == "session.ended"]
    assert [(e.actor, e.target) for e in ended] == [(tenant.admin_id, _sid(other))]


def test_ending_a_session_not_mine_is_not_found(tenant: Tenant, clock: Clock) -> None:
    member_id, member_tokens = add_member(tenant, Role.EDITOR, "ed@example.com", clock)
    with pytest.raises(NotFound):
        account_security.end_my_session(_admin(tenant), _sid(member_tokens), source_ip=SOURCE_IP)
    assert sessions.session_active(tenant.context, member_id, _sid(member_tokens))


def test_a_changed_password_ends_other_sessions_and_the_old_one_fails(
    tenant: Tenant, clock: Clock
) -> None:
    other = sign_in(tenant.admin_email, tenant.admin_secret, clock)
    account_security.change_password(
        _admin(tenant),
        _sid(tenant.admin_tokens),
        current_password=PASSWORD,
        new_password=NEW_PASSWORD,
        code=_code(tenant, clock),
        source_ip=SOURCE_IP,
    )
    with pytest.raises(Unauthenticated):
        sessions.refresh(other.refresh_token, source_ip=SOURCE_IP)
    assert sessions.refresh(tenant.admin_tokens.refresh_token, source_ip=SOURCE_IP)
    with pytest.raises(Unauthenticated):
        signin.login(tenant.admin_email, PASSWORD, source_ip=SOURCE_IP)
    assert signin.login(tenant.admin_email, NEW_PASSWORD, source_ip=SOURCE_IP).challenge == "MFA"
    changed = [e for e in _actions(tenant) if e.action == "password.changed"]
    assert changed[0].actor == tenant.admin_id


@pytest.mark.parametrize(("wrong", "field"), [("password", "current_password"), ("code", "code")])
def test_a_password_change_needs_the_current_password_and_a_code(
    tenant: Tenant, clock: Clock, wrong: str, field: str
) -> None:
    # Forbidden, not Unauthenticated: the session is good, only this act is refused.
    with pytest.raises(Forbidden) as refused:
        account_security.change_password(
            _admin(tenant),
            _sid(tenant.admin_tokens),
            current_password="not it" if wrong == "password" else PASSWORD,
            new_password=NEW_PASSWORD,
            code="000000" if wrong == "code" else _code(tenant, clock),
            source_ip=SOURCE_IP,
        )
    assert refused.value.details["field"] == field
    assert sessions.refresh(tenant.admin_tokens.refresh_token, source_ip=SOURCE_IP)
    assert signin.login(tenant.admin_email, PASSWORD, source_ip=SOURCE_IP).challenge == "MFA"
    failures = [e for e in _actions(tenant) if e.action == "signin.failure"]
    assert len(failures) == 1  # counted like a sign-in guess


def test_wrong_current_passwords_still_lock_the_account(tenant: Tenant, clock: Clock) -> None:
    for _ in range(signin.MAX_FAILURES):
        with pytest.raises(Forbidden):
            account_security.change_password(
                _admin(tenant),
                _sid(tenant.admin_tokens),
                current_password="not it",
                new_password=NEW_PASSWORD,
                code=_code(tenant, clock),
                source_ip=SOURCE_IP,
            )
    with pytest.raises(Locked):
        account_security.regenerate_recovery_codes(
            _admin(tenant), code=_code(tenant, clock), source_ip=SOURCE_IP
        )


def test_an_sso_only_user_has_no_password_to_change(tenant: Tenant, clock: Clock) -> None:
    account = TenantAccount(tenant.context, tenant.admin_id)
    account.store().update(*account.profile(), remove=("password_hash",))
    with pytest.raises(InvalidInput, match="SSO") as refused:
        account_security.change_password(
            _admin(tenant),
            _sid(tenant.admin_tokens),
            current_password=PASSWORD,
            new_password=NEW_PASSWORD,
            code=_code(tenant, clock),
            source_ip=SOURCE_IP,
        )
    assert refused.value.details == {"field": "current_password", "reason": "sso_only"}


def test_old_recovery_codes_fail_after_regeneration(tenant: Tenant, clock: Clock) -> None:
    old = tenant.admin_tokens.recovery_codes or []
    new = account_security.regenerate_recovery_codes(
        _admin(tenant), code=_code(tenant, clock), source_ip=SOURCE_IP
    )
    assert len(new) == 10
    assert not set(new) & set(old)
    assert signin.recovery_codes_left(tenant.context, tenant.admin_id) == 10
    step = signin.login(tenant.admin_email, PASSWORD, source_ip=SOURCE_IP)
    with pytest.raises(Unauthenticated):
        signin.answer(step.session, new_password=None, code=old[0], source_ip=SOURCE_IP)
    done = signin.answer(step.session, new_password=None, code=new[0], source_ip=SOURCE_IP)
    assert isinstance(done, signin.SignedIn)
    replaced = [e for e in _actions(tenant) if e.action == "mfa.recovery_codes_replaced"]
    assert replaced[0].actor == tenant.admin_id


def test_regeneration_needs_a_code(tenant: Tenant) -> None:
    with pytest.raises(Forbidden) as refused:
        account_security.regenerate_recovery_codes(
            _admin(tenant), code="000000", source_ip=SOURCE_IP
        )
    assert refused.value.details == {"field": "code"}
    assert signin.recovery_codes_left(tenant.context, tenant.admin_id) == 10


def test_an_mfa_reset_forces_set_up_at_next_sign_in(tenant: Tenant, clock: Clock) -> None:
    member_id, member_tokens = add_member(tenant, Role.EDITOR, "ed@example.com", clock)
    account_security.reset_mfa(_admin(tenant), member_id, source_ip=SOURCE_IP)
    assert signin.recovery_codes_left(tenant.context, member_id) == 0
    with pytest.raises(Unauthenticated):
        sessions.refresh(member_tokens.refresh_token, source_ip=SOURCE_IP)
    clock.advance(1)
    step = signin.login("ed@example.com", PASSWORD, source_ip=SOURCE_IP)
    assert step.challenge == "MFA_SETUP"
    reset = [e for e in _actions(tenant) if e.action == "user.mfa_reset"]
    assert [(e.actor, e.target) for e in reset] == [(tenant.admin_id, member_id)]


def test_an_admin_does_not_reset_their_own_mfa_here(tenant: Tenant) -> None:
    for act in (
        account_security.reset_mfa,
        account_security.force_password_reset,
        account_security.end_user_sessions,
    ):
        with pytest.raises(Conflict):
            act(_admin(tenant), tenant.admin_id, source_ip=SOURCE_IP)
    assert sessions.refresh(tenant.admin_tokens.refresh_token, source_ip=SOURCE_IP)


def test_a_forced_password_reset_asks_for_a_new_one_and_ends_sessions(
    tenant: Tenant, clock: Clock
) -> None:
    member_id, member_tokens = add_member(tenant, Role.EDITOR, "ed@example.com", clock)
    account_security.force_password_reset(_admin(tenant), member_id, source_ip=SOURCE_IP)
    with pytest.raises(Unauthenticated):
        sessions.refresh(member_tokens.refresh_token, source_ip=SOURCE_IP)
    clock.advance(1)
    step = signin.login("ed@example.com", PASSWORD, source_ip=SOURCE_IP)
    assert step.challenge == "NEW_PASSWORD"
    forced = [e for e in _actions(tenant) if e.action == "user.password_reset_forced"]
    assert [(e.actor, e.target) for e in forced] == [(tenant.admin_id, member_id)]


def test_a_forced_reset_of_an_sso_only_user_is_refused(tenant: Tenant, clock: Clock) -> None:
    member_id, _ = add_member(tenant, Role.EDITOR, "ed@example.com", clock)
    account = TenantAccount(tenant.context, member_id)
    account.store().update(*account.profile(), remove=("password_hash",))
    with pytest.raises(Conflict, match="SSO") as refused:
        account_security.force_password_reset(_admin(tenant), member_id, source_ip=SOURCE_IP)
    assert refused.value.details["reason"] == "sso_only"


def test_an_admin_reads_a_users_sessions_then_ends_them(tenant: Tenant, clock: Clock) -> None:
    member_id, member_tokens = add_member(tenant, Role.EDITOR, "ed@example.com", clock)
    listed = account_security.user_sessions(_admin(tenant), member_id, _sid(tenant.admin_tokens))
    assert [(view.session_id, view.current) for view in listed] == [(_sid(member_tokens), False)]
    account_security.end_user_sessions(_admin(tenant), member_id, source_ip=SOURCE_IP)
    assert account_security.user_sessions(_admin(tenant), member_id, "") == []
    with pytest.raises(NotFound):
        account_security.user_sessions(_admin(tenant), "u-nobody", "")


def test_an_admin_ends_all_of_a_users_sessions(tenant: Tenant, clock: Clock) -> None:
    member_id, member_tokens = add_member(tenant, Role.EDITOR, "ed@example.com", clock)
    account_security.end_user_sessions(_admin(tenant), member_id, source_ip=SOURCE_IP)
    with pytest.raises(Unauthenticated):
        sessions.refresh(member_tokens.refresh_token, source_ip=SOURCE_IP)
    assert sessions.refresh(tenant.admin_tokens.refresh_token, source_ip=SOURCE_IP)
    ended = [e for e in _actions(tenant) if e.action == "user.sessions_ended"]
    assert [(e.actor, e.target) for e in ended] == [(tenant.admin_id, member_id)]
