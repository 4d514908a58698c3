"""Members of the platform's staff in the in-process identity stack: created as an operator
does, signed in (new password, TOTP set up), and the authorizer context of their tokens."""

from __future__ import annotations

from dataclasses import dataclass

import pyotp

from footprint.domain.auth.tokens import Realm
from footprint.domain.staff_access import StaffRole
from footprint.identity import sessions, signin, staff
from tests.support.clock import Clock
from tests.support.identity import PASSWORD, SOURCE_IP, expiry, secret_of


@dataclass
class Member:
    staff_id: str
    email: str
    name: str
    role: StaffRole
    secret: str
    tokens: sessions.TokenSet
    last_step: int = 0

    def code(self, clock: Clock) -> str:
        """A TOTP code of a step after any this member used (the clock moves on a step)."""
        clock.advance(30)
        return pyotp.TOTP(self.secret).at(clock.now)


def make_member(name: str, email: str, role: StaffRole, clock: Clock) -> Member:
    """``footprint staff create``, then the first sign-in: NEW_PASSWORD, MFA_SETUP, tokens."""
    created = staff.create_member(name, email, role)
    step = signin.login(email, created.temporary_password, source_ip=SOURCE_IP, realm=Realm.STAFF)
    assert step.challenge == "NEW_PASSWORD"
    setup = signin.answer(
        step.session, new_password=PASSWORD, code=None, source_ip=SOURCE_IP, realm=Realm.STAFF
    )
    assert isinstance(setup, signin.Challenge)
    assert setup.challenge == "MFA_SETUP"
    secret = secret_of(setup.otpauth_uri)
    done = signin.answer(
        setup.session,
        new_password=None,
        code=pyotp.TOTP(secret).at(clock.now),
        source_ip=SOURCE_IP,
        realm=Realm.STAFF,
    )
    assert isinstance(done, signin.SignedIn)
    return Member(created.staff_id, email, name, role, secret, done)


def staff_authorizer_context(member: Member) -> dict[str, str]:
    """What the authorizer passes on for a member's staff token."""
    return {
        "realm": "staff",
        "user_id": member.staff_id,
        "role": member.role.value,
        "session_id": member.tokens.refresh_token.split(".")[2],
        "expires_at": str(expiry(member.tokens)),
        "principalId": member.staff_id,
    }
