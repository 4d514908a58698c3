"""Staff sign in with password and TOTP through the tenant users' code, in a realm of their
own: the staff audience, 15-minute tokens, 8-hour sessions; never a tenant's user."""

from __future__ import annotations

import base64
import json

import pytest

from footprint.adapters.repository import PlatformRepository
from footprint.domain.auth.tokens import Realm
from footprint.domain.errors import Conflict, Forbidden, Unauthenticated
from footprint.domain.staff_access import StaffRole
from footprint.domain.tenancy import Role
from footprint.identity import audit, guard, sessions, signin, staff, users
from footprint.identity import clock as identity_clock
from tests.support.clock import Clock
from tests.support.identity import PASSWORD, SOURCE_IP, Tenant, table_items
from tests.support.staff import make_member


def _claims(token: str) -> dict[str, object]:
    part = token.split(".")[1]
    claims: dict[str, object] = json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
    return claims


def test_a_member_signs_in_with_password_then_totp_and_gets_a_staff_token(clock: Clock) -> None:
    member = make_member("Ada Lovelace", "ada@footprint.example", StaffRole.LEAD, clock)
    claims = _claims(member.tokens.access_token)
    assert claims["aud"] == "footprint-staff"
    assert claims["realm"] == "staff"
    assert "tenant_id" not in claims
    assert claims["role"] == "lead"
    assert int(str(claims["exp"])) - int(str(claims["iat"])) == 900
    verified = sessions.verify_access_token(member.tokens.access_token)
    assert (verified.realm, verified.user_id) == (Realm.STAFF, member.staff_id)
    # The record and its session live in the platform partition, never under a tenant.
    keys = [str(item["pk"]) for item in table_items() if member.staff_id in str(item["pk"])]
    assert keys
    assert all(key.startswith("PLATFORM#STAFF#") for key in keys)
    # Signing in again asks for a TOTP code (MFA), as for tenant users.
    clock.advance(30)
    again = signin.login(member.email, PASSWORD, source_ip=SOURCE_IP, realm=Realm.STAFF)
    assert again.challenge == "MFA"
    assert staff.get_member(member.staff_id).last_sign_in is not None


def test_a_staff_session_lasts_eight_hours(clock: Clock) -> None:
    member = make_member("Ada", "ada@footprint.example", StaffRole.ENGINEER, clock)
    session_id = member.tokens.refresh_token.split(".")[2]
    address = (staff.partition(member.staff_id), ("SESSION", session_id))
    item = PlatformRepository().get(*address)
    assert item is not None
    # The store's TTL ends it (readers ignore an expired item): 8 hours from sign-in.
    assert int(item["expires_at"]) - int(item["issued_at"]) == 8 * 3600
    refreshed = sessions.refresh(
        member.tokens.refresh_token, source_ip=SOURCE_IP, realm=Realm.STAFF
    )
    assert _claims(refreshed.access_token)["realm"] == "staff"
    again = PlatformRepository().get(*address)
    assert again is not None
    assert again["expires_at"] == item["expires_at"]  # refreshing does not extend it


def test_the_realms_do_not_mix(tenant: Tenant, clock: Clock) -> None:
    member = make_member("Ada", "ada@footprint.example", StaffRole.ENGINEER, clock)
    # A member's address is no tenant user's: tenant sign-in refuses it as an unknown one.
    with pytest.raises(Unauthenticated, match="e-mail or password"):
        signin.login(member.email, PASSWORD, source_ip=SOURCE_IP)
    with pytest.raises(Unauthenticated, match="e-mail or password"):
        signin.login(tenant.admin_email, PASSWORD, source_ip=SOURCE_IP, realm=Realm.STAFF)
    # Refresh and challenge strings of one realm are refused in the other.
    with pytest.raises(Unauthenticated):
        sessions.refresh(member.tokens.refresh_token, source_ip=SOURCE_IP)
    with pytest.raises(Unauthenticated):
        sessions.refresh(tenant.admin_tokens.refresh_token, source_ip=SOURCE_IP, realm=Realm.STAFF)
    step = signin.login(tenant.admin_email, PASSWORD, source_ip=SOURCE_IP)
    with pytest.raises(Unauthenticated):
        signin.answer(
            step.session, new_password=None, code="123456", source_ip=SOURCE_IP, realm=Realm.STAFF
        )


def test_a_staff_address_cannot_be_invited_or_provisioned_into_a_tenant(
    tenant: Tenant, clock: Clock
) -> None:
    member = make_member("Ada", "ada@footprint.example", StaffRole.ENGINEER, clock)
    admin = tenant.context.acting_as(tenant.admin_id, Role.ADMIN)
    with pytest.raises(Conflict):
        users.invite_user(admin, email=member.email, name="", role=Role.VIEWER, source_ip=SOURCE_IP)
    with pytest.raises(Forbidden):
        users.provision_sso_user(
            tenant.context, email=member.email.upper(), name="Ada", default_role=Role.VIEWER
        )
    # Nor can a tenant user's address become a member's.
    with pytest.raises(Conflict):
        staff.create_member("Admin", tenant.admin_email, StaffRole.ENGINEER)


def test_disabling_a_member_ends_their_sessions_for_good(clock: Clock) -> None:
    member = make_member("Ada", "ada@footprint.example", StaffRole.LEAD, clock)
    session_id = member.tokens.refresh_token.split(".")[2]
    exp = int(str(_claims(member.tokens.access_token)["exp"]))
    assert guard.current_staff(member.staff_id, session_id, expires_at=exp).role is StaffRole.LEAD
    staff.set_status(member.staff_id, active=False)
    with pytest.raises(Unauthenticated):
        guard.current_staff(member.staff_id, session_id, expires_at=exp)
    with pytest.raises(Unauthenticated):
        sessions.refresh(member.tokens.refresh_token, source_ip=SOURCE_IP, realm=Realm.STAFF)
    clock.advance(1)
    staff.set_status(member.staff_id, active=True)
    with pytest.raises(Unauthenticated):  # enabling again revives no session
        guard.current_staff(member.staff_id, session_id, expires_at=exp)


def test_staff_events_go_to_the_platform_log(clock: Clock) -> None:
    member = make_member("Ada", "ada@footprint.example", StaffRole.LEAD, clock)
    events = audit.list_platform_events(identity_clock.iso()[:10])
    actions = [(event.action, event.actor) for event in events]
    assert ("staff.created", "operator") in actions
    assert ("staff.password.changed", member.staff_id) in actions
    assert ("staff.mfa.enabled", member.staff_id) in actions
    assert ("staff.signin.success", member.staff_id) in actions
