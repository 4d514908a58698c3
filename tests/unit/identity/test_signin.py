"""Password sign-in: challenges, TOTP, lockout, uniform refusals."""

from __future__ import annotations

import bcrypt
import pyotp
import pytest

from footprint.adapters import kms
from footprint.adapters.repository import TenantRepository
from footprint.domain.auth import totp
from footprint.domain.errors import InvalidInput, Locked, Unauthenticated
from footprint.identity import audit, onboarding, signin, users
from tests.support.clock import Clock
from tests.support.concurrency import at_once, hold
from tests.support.identity import (
    PASSWORD,
    SOURCE_IP,
    Stack,
    Tenant,
    first_sign_in,
    secret_of,
    sign_in,
    table_items,
)

BURST = 30


def test_first_sign_in_walks_new_password_then_mfa_setup(clock: Clock) -> None:
    created = onboarding.create_tenant("Acme", "first@acme.example")
    step = signin.login("first@acme.example", created.temporary_password, source_ip=SOURCE_IP)
    assert step.challenge == "NEW_PASSWORD"
    assert step.otpauth_uri is None
    with pytest.raises(InvalidInput, match="at least 12"):
        signin.answer(step.session, new_password="short", code=None, source_ip=SOURCE_IP)
    with pytest.raises(InvalidInput, match="not used"):
        signin.answer(
            step.session, new_password=created.temporary_password, code=None, source_ip=SOURCE_IP
        )
    setup = signin.answer(step.session, new_password=PASSWORD, code=None, source_ip=SOURCE_IP)
    assert isinstance(setup, signin.Challenge)
    assert setup.challenge == "MFA_SETUP"
    assert (setup.otpauth_uri or "").startswith("otpauth://totp/")
    # The NEW_PASSWORD session is used up.
    with pytest.raises(Unauthenticated):
        signin.answer(
            step.session, new_password="another long password", code=None, source_ip=SOURCE_IP
        )
    secret = secret_of(setup.otpauth_uri)
    with pytest.raises(Unauthenticated, match="code"):
        signin.answer(setup.session, new_password=None, code="000000", source_ip=SOURCE_IP)
    done = signin.answer(
        setup.session, new_password=None, code=pyotp.TOTP(secret).at(clock.now), source_ip=SOURCE_IP
    )
    assert isinstance(done, signin.SignedIn)
    assert done.token_type == "Bearer"
    assert done.expires_in <= 900
    assert len(done.recovery_codes or []) == 10


def test_temporary_password_no_longer_works(tenant: Tenant, clock: Clock) -> None:
    step = signin.login(tenant.admin_email, PASSWORD, source_ip=SOURCE_IP)
    assert step.challenge == "MFA"


def test_unknown_email_and_wrong_password_answer_alike(
    tenant: Tenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    checks: list[bytes] = []
    real = bcrypt.checkpw
    monkeypatch.setattr(bcrypt, "checkpw", lambda p, h: checks.append(h) or real(p, h))
    answers = []
    for email in (tenant.admin_email, "nobody@nowhere.example"):
        with pytest.raises(Unauthenticated) as refused:
            signin.login(email, "wrong password entirely", source_ip=SOURCE_IP)
        answers.append((refused.value.status, refused.value.message, refused.value.details))
    assert answers[0] == answers[1]
    assert len(checks) == 2  # one bcrypt check each, at the same cost: the same work
    assert checks[0].split(b"$")[2] == checks[1].split(b"$")[2]


def test_unknown_email_and_wrong_password_make_the_same_calls(
    tenant: Tenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    from moto.dynamodb.models import DynamoDBBackend

    calls: list[str] = []
    for name in ("get_item", "put_item", "update_item", "delete_item", "query"):
        real = getattr(DynamoDBBackend, name)

        def counted(*args: object, _real: object = real, _name: str = name, **kw: object) -> object:
            calls.append(_name)
            return _real(*args, **kw)  # type: ignore[operator]

        monkeypatch.setattr(DynamoDBBackend, name, counted)
    made = []
    for email in (tenant.admin_email, "nobody@nowhere.example"):
        calls.clear()
        with pytest.raises(Unauthenticated):
            signin.login(email, "wrong password entirely", source_ip=SOURCE_IP)
        made.append(sorted(calls))
    assert made[0] == made[1]  # the same reads and writes: no read or two sooner


def test_five_failures_lock_the_account_for_a_growing_time(tenant: Tenant, clock: Clock) -> None:
    for _ in range(5):
        with pytest.raises(Unauthenticated):
            signin.login(tenant.admin_email, "wrong password entirely", source_ip=SOURCE_IP)
    with pytest.raises(Locked) as locked:
        signin.login(tenant.admin_email, PASSWORD, source_ip=SOURCE_IP)  # even the right one
    first = locked.value.details["retry_after_seconds"]
    assert 0 < first <= 60
    clock.advance(61)
    for _ in range(5):
        with pytest.raises(Unauthenticated):
            signin.login(tenant.admin_email, "wrong password entirely", source_ip=SOURCE_IP)
    with pytest.raises(Locked) as again:
        signin.login(tenant.admin_email, PASSWORD, source_ip=SOURCE_IP)
    assert again.value.details["retry_after_seconds"] > 60  # doubled
    clock.advance(121)
    assert signin.login(tenant.admin_email, PASSWORD, source_ip=SOURCE_IP).challenge == "MFA"
    actions = [e.action for e in audit.list_events(tenant.context, limit=100)[0]]
    assert "signin.locked" in actions
    assert "signin.failure" in actions


def test_unknown_emails_lock_too_so_locking_reveals_nothing(identity: Stack) -> None:
    for _ in range(5):
        with pytest.raises(Unauthenticated):
            signin.login("ghost@nowhere.example", "whatever password", source_ip=SOURCE_IP)
    with pytest.raises(Locked):
        signin.login("ghost@nowhere.example", "whatever password", source_ip=SOURCE_IP)


def test_mfa_failures_count_towards_the_lock(tenant: Tenant, clock: Clock) -> None:
    step = signin.login(tenant.admin_email, PASSWORD, source_ip=SOURCE_IP)
    for _ in range(5):
        with pytest.raises(Unauthenticated, match="code"):
            signin.answer(step.session, new_password=None, code="123456", source_ip=SOURCE_IP)
    code = pyotp.TOTP(tenant.admin_secret).at(clock.now + 30)
    with pytest.raises(Locked):
        signin.answer(step.session, new_password=None, code=code, source_ip=SOURCE_IP)


@pytest.mark.parametrize(
    ("code", "checked_by"),
    [
        ("123456", "footprint.domain.auth.totp.verify"),
        ("aaaa-bbbb-cccc-dddd", "footprint.domain.auth.totp.recovery_digest"),
    ],
)
def test_a_burst_of_wrong_codes_gets_five_guesses_and_one_lock(
    tenant: Tenant, clock: Clock, monkeypatch: pytest.MonkeyPatch, code: str, checked_by: str
) -> None:
    step = signin.login(tenant.admin_email, PASSWORD, source_ip=SOURCE_IP)
    checked = hold(monkeypatch, checked_by, BURST)
    answers = at_once(
        BURST,
        lambda _: signin.answer(step.session, new_password=None, code=code, source_ip=SOURCE_IP),
    )
    assert len(checked) == 5  # each guess is counted before it is checked
    assert sum(isinstance(a, Unauthenticated) for a in answers) == 5
    assert sum(isinstance(a, Locked) for a in answers) == BURST - 5
    with pytest.raises(Locked) as locked:
        signin.login(tenant.admin_email, PASSWORD, source_ip=SOURCE_IP)
    assert 0 < locked.value.details["retry_after_seconds"] <= 60
    # One lock for the burst: the next five failures lock for twice as long, not more.
    clock.advance(61)
    for _ in range(5):
        with pytest.raises(Unauthenticated):
            signin.login(tenant.admin_email, "wrong password entirely", source_ip=SOURCE_IP)
    with pytest.raises(Locked) as again:
        signin.login(tenant.admin_email, PASSWORD, source_ip=SOURCE_IP)
    assert 60 < again.value.details["retry_after_seconds"] <= 120


def test_a_burst_of_wrong_passwords_gets_five_guesses(
    tenant: Tenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked = hold(monkeypatch, "footprint.domain.auth.passwords.verify_password", BURST)
    answers = at_once(
        BURST,
        lambda i: signin.login(tenant.admin_email, f"wrong password {i:02}", source_ip=SOURCE_IP),
    )
    assert len(checked) == 5
    assert sum(isinstance(a, Locked) for a in answers) == BURST - 5
    with pytest.raises(Locked):
        signin.login(tenant.admin_email, PASSWORD, source_ip=SOURCE_IP)


def test_right_guesses_are_given_back(tenant: Tenant, clock: Clock) -> None:
    for _ in range(4):
        with pytest.raises(Unauthenticated):
            signin.login(tenant.admin_email, "wrong password entirely", source_ip=SOURCE_IP)
    for _ in range(3):  # right passwords, sign-in left at the MFA step: they count nothing
        assert signin.login(tenant.admin_email, PASSWORD, source_ip=SOURCE_IP).challenge == "MFA"
    step = signin.login(tenant.admin_email, PASSWORD, source_ip=SOURCE_IP)
    with pytest.raises(Unauthenticated, match="code"):  # the fifth failure
        signin.answer(step.session, new_password=None, code="123456", source_ip=SOURCE_IP)
    with pytest.raises(Locked):
        signin.login(tenant.admin_email, PASSWORD, source_ip=SOURCE_IP)


def test_wrong_invitations_count_towards_the_lock(tenant: Tenant, clock: Clock) -> None:
    from footprint.domain.errors import NotFound
    from footprint.domain.tenancy import Role

    admin = tenant.context.acting_as(tenant.admin_id, Role.ADMIN)
    _, invitation, _ = users.invite_user(
        admin, email="new@acme.example", name="New", role=Role.EDITOR, source_ip=SOURCE_IP
    )
    forged = invitation.rsplit(".", 1)[0] + ".not-the-secret"
    for _ in range(5):
        with pytest.raises(NotFound):
            signin.redeem_invitation(forged, PASSWORD, source_ip=SOURCE_IP)
    with pytest.raises(Locked):
        signin.redeem_invitation(invitation, PASSWORD, source_ip=SOURCE_IP)
    clock.advance(61)
    assert signin.redeem_invitation(invitation, PASSWORD, source_ip=SOURCE_IP).challenge == (
        "MFA_SETUP"
    )


def test_a_totp_code_is_accepted_once(tenant: Tenant, clock: Clock) -> None:
    clock.advance(30)
    code = pyotp.TOTP(tenant.admin_secret).at(clock.now)
    first = signin.login(tenant.admin_email, PASSWORD, source_ip=SOURCE_IP)
    assert isinstance(
        signin.answer(first.session, new_password=None, code=code, source_ip=SOURCE_IP),
        signin.SignedIn,
    )
    second = signin.login(tenant.admin_email, PASSWORD, source_ip=SOURCE_IP)
    with pytest.raises(Unauthenticated, match="code"):
        signin.answer(second.session, new_password=None, code=code, source_ip=SOURCE_IP)
    reasons = [e.details.get("reason") for e in audit.list_events(tenant.context, limit=50)[0]]
    assert "mfa code replayed" in reasons


def test_one_step_of_clock_drift_is_allowed_and_no_more(tenant: Tenant, clock: Clock) -> None:
    clock.advance(300)
    step = signin.login(tenant.admin_email, PASSWORD, source_ip=SOURCE_IP)
    too_old = pyotp.TOTP(tenant.admin_secret).at(clock.now - 60)
    with pytest.raises(Unauthenticated):
        signin.answer(step.session, new_password=None, code=too_old, source_ip=SOURCE_IP)
    behind = pyotp.TOTP(tenant.admin_secret).at(clock.now - 30)
    assert isinstance(
        signin.answer(step.session, new_password=None, code=behind, source_ip=SOURCE_IP),
        signin.SignedIn,
    )


def test_recovery_codes_work_once_each(tenant: Tenant, clock: Clock) -> None:
    codes = tenant.admin_tokens.recovery_codes
    assert codes
    step = signin.login(tenant.admin_email, PASSWORD, source_ip=SOURCE_IP)
    assert isinstance(
        signin.answer(step.session, new_password=None, code=codes[0], source_ip=SOURCE_IP),
        signin.SignedIn,
    )
    step = signin.login(tenant.admin_email, PASSWORD, source_ip=SOURCE_IP)
    with pytest.raises(Unauthenticated):
        signin.answer(step.session, new_password=None, code=codes[0], source_ip=SOURCE_IP)


def test_two_recovery_codes_used_at_once_are_both_used_up(
    tenant: Tenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    codes = tenant.admin_tokens.recovery_codes
    assert codes
    steps = [signin.login(tenant.admin_email, PASSWORD, source_ip=SOURCE_IP) for _ in range(2)]
    hold(monkeypatch, "footprint.domain.auth.totp.recovery_digest", 2)
    answers = at_once(
        2,
        lambda i: signin.answer(
            steps[i].session, new_password=None, code=codes[i], source_ip=SOURCE_IP
        ),
    )
    assert all(isinstance(a, signin.SignedIn) for a in answers)
    assert signin.recovery_codes_left(tenant.context, tenant.admin_id) == 8
    for used in codes[:2]:
        step = signin.login(tenant.admin_email, PASSWORD, source_ip=SOURCE_IP)
        with pytest.raises(Unauthenticated, match="code"):
            signin.answer(step.session, new_password=None, code=used, source_ip=SOURCE_IP)


def test_totp_secret_is_kms_encrypted_and_bound_to_its_user(
    tenant: Tenant, identity: Stack
) -> None:
    record = users.get_record(tenant.context, tenant.admin_id)
    assert record is not None
    stored = str(record["totp_secret"])
    assert tenant.admin_secret not in stored
    assert (
        kms.decrypt_secret(tenant.context, tenant.admin_id, "totp", stored) == tenant.admin_secret
    )
    with pytest.raises(Exception, match="InvalidCiphertext"):
        kms.decrypt_secret(tenant.context, "u-someone-else", "totp", stored)
    codes = [i["sk"] for i in table_items() if str(i["sk"]).startswith("RECOVERY#")]
    assert len(codes) == 10
    assert all(len(sk.removeprefix("RECOVERY#")) == 64 for sk in codes)


def test_no_secret_reaches_the_table_in_clear(
    tenant: Tenant, identity: Stack, clock: Clock
) -> None:
    done = sign_in(tenant.admin_email, tenant.admin_secret, clock)
    dump = repr(table_items())
    for secret in (
        PASSWORD,
        tenant.admin_secret,
        done.access_token,
        done.refresh_token,
        done.refresh_token.rsplit(".", 1)[1],
        *(tenant.admin_tokens.recovery_codes or []),
    ):
        assert secret not in dump


def test_disabled_users_cannot_sign_in(tenant: Tenant, clock: Clock) -> None:
    from footprint.domain.tenancy import Role
    from tests.support.identity import add_member

    user_id, _ = add_member(tenant, Role.VIEWER, "viewer@acme.example", clock)
    admin = tenant.context.acting_as(tenant.admin_id, Role.ADMIN)
    users.update_user(admin, user_id, role=None, disabled=True, source_ip=SOURCE_IP)
    with pytest.raises(Unauthenticated, match="e-mail or password"):
        signin.login("viewer@acme.example", PASSWORD, source_ip=SOURCE_IP)


def test_invitation_is_one_time_and_checks_the_password(tenant: Tenant, clock: Clock) -> None:
    from footprint.domain.errors import NotFound
    from footprint.domain.tenancy import Role

    admin = tenant.context.acting_as(tenant.admin_id, Role.ADMIN)
    _, invitation, _ = users.invite_user(
        admin, email="new@acme.example", name="New", role=Role.EDITOR, source_ip=SOURCE_IP
    )
    with pytest.raises(InvalidInput):
        signin.redeem_invitation(invitation, "password1234", source_ip=SOURCE_IP)
    setup = signin.redeem_invitation(invitation, PASSWORD, source_ip=SOURCE_IP)
    assert setup.challenge == "MFA_SETUP"
    with pytest.raises(NotFound):
        signin.redeem_invitation(invitation, PASSWORD, source_ip=SOURCE_IP)
    with pytest.raises(NotFound):
        signin.redeem_invitation(invitation[:-2] + "xx", PASSWORD, source_ip=SOURCE_IP)


def test_first_sign_in_helper_is_consistent(clock: Clock) -> None:
    created = onboarding.create_tenant("Beta", "admin@beta.example")
    secret, tokens = first_sign_in("admin@beta.example", created.temporary_password, clock)
    assert len(secret) == 32
    assert tokens.access_token.count(".") == 2


@pytest.mark.parametrize(
    "session", ["", "a.b.c.d", "t-abc.u-abc.0123abcd.é€😀", "t-abc.u-abc.zz.x", "x" * 400]
)
def test_forged_challenge_sessions_are_refused(tenant: Tenant, session: str) -> None:
    with pytest.raises(Unauthenticated, match="session"):
        signin.answer(session, new_password=None, code="123456", source_ip=SOURCE_IP)


def test_a_non_ascii_invitation_is_refused_cleanly(tenant: Tenant) -> None:
    from footprint.domain.errors import NotFound

    invitation = f"{tenant.context.tenant_id}.{tenant.admin_id}.é€😀"
    with pytest.raises(NotFound):
        signin.redeem_invitation(invitation, PASSWORD, source_ip=SOURCE_IP)


def test_recovery_codes_kept_as_a_list_are_moved_to_items_and_work_once_each(
    tenant: Tenant, clock: Clock
) -> None:
    # A profile enrolled when the codes were a list on it: none of them may be lost.
    codes = tenant.admin_tokens.recovery_codes
    assert codes
    repository = TenantRepository(tenant.context)
    for digest in map(totp.recovery_digest, codes):
        repository.delete(("USER", tenant.admin_id), ("RECOVERY", digest))
    repository.update(
        *users.profile(tenant.admin_id),
        set_values={"recovery_codes": [totp.recovery_digest(code) for code in codes[:3]]},
    )
    step = signin.login(tenant.admin_email, PASSWORD, source_ip=SOURCE_IP)
    done = signin.answer(step.session, new_password=None, code=codes[1], source_ip=SOURCE_IP)
    assert isinstance(done, signin.SignedIn)
    assert signin.recovery_codes_left(tenant.context, tenant.admin_id) == 2
    assert "recovery_codes" not in users.get_record(tenant.context, tenant.admin_id)
    step = signin.login(tenant.admin_email, PASSWORD, source_ip=SOURCE_IP)
    with pytest.raises(Unauthenticated):
        signin.answer(step.session, new_password=None, code=codes[1], source_ip=SOURCE_IP)
