"""A tenant user's own credentials and sessions, and what an admin may do to another's.

Self-service: change the password (current password and a fresh TOTP code; every other
session of theirs ends), replace the recovery codes (a fresh TOTP code; the old ones stop
working), list the live sessions and end any of them. An admin: reset a user's MFA (set up
again at their next sign-in), force a new password at their next sign-in, end all their
sessions. Each is audited with the person who acted as ``actor``.

Ending a session revokes its item: its refresh token is refused at once, and so are its
access tokens, because the guard reads the session on every request (``guard``).
"""

from __future__ import annotations

from footprint.domain.auth import passwords
from footprint.domain.errors import Conflict, Forbidden, InvalidInput, NotFound, Unauthenticated
from footprint.domain.tenancy import TenantContext
from footprint.identity import audit, sessions, signin, users
from footprint.identity.accounts import TenantAccount

_SSO_ONLY = "This user signs in through SSO: they have no password here."


def _check_password(
    account: TenantAccount, record: dict[str, object], password: str, ip: str
) -> None:
    """The current password, counted like a sign-in guess. A wrong one is 403 naming the
    field, not 401: the caller's session is good, and a 401 would make a client refresh and
    sign the person out over a typo."""
    try:
        signin.check_password(account, dict(record), password, source_ip=ip)
    except Unauthenticated as wrong:
        raise Forbidden(wrong.message, field="current_password") from None


def _check_code(account: TenantAccount, record: dict[str, object], code: str, ip: str) -> None:
    """A fresh authenticator code, counted like a sign-in guess: 403 naming ``code`` when
    wrong (as ``_check_password``); a lock stays 423."""
    try:
        signin.check_totp(account, dict(record), code, source_ip=ip)
    except Unauthenticated as wrong:
        raise Forbidden(wrong.message, field="code") from None


def _own_account(context: TenantContext) -> tuple[TenantAccount, dict[str, object]]:
    account = TenantAccount(context, context.require_user())
    record = account.record()
    if record is None:
        raise NotFound("No such user.")
    return account, record


def my_sessions(context: TenantContext, current_session: str) -> list[sessions.SessionView]:
    return sessions.list_sessions(TenantAccount(context, context.require_user()), current_session)


def end_my_session(context: TenantContext, session_id: str, *, source_ip: str) -> None:
    account = TenantAccount(context, context.require_user())
    if not sessions.end_session(account, session_id, reason="ended"):
        raise NotFound("No such session.")
    account.audit(action="session.ended", outcome="success", source_ip=source_ip, target=session_id)


def change_password(
    context: TenantContext,
    current_session: str,
    *,
    current_password: str,
    new_password: str,
    code: str,
    source_ip: str,
) -> None:
    """Set a new password; every session but ``current_session`` ends."""
    account, record = _own_account(context)
    _check_password(account, record, current_password, source_ip)
    _check_code(account, record, code, source_ip)
    passwords.check_policy(new_password, email=str(record["email"]))
    if passwords.verify_password(new_password, str(record["password_hash"])):
        raise InvalidInput("Choose a password you have not used here.", field="new_password")
    account.set_password(passwords.hash_password(new_password), temporary=False)
    for session in sessions.list_sessions(account, current_session):
        if not session.current:
            sessions.end_session(account, session.session_id, reason="password changed")
    account.audit(action="password.changed", outcome="success", source_ip=source_ip)


def regenerate_recovery_codes(context: TenantContext, *, code: str, source_ip: str) -> list[str]:
    """New recovery codes, to show once; the old ones stop working."""
    account, record = _own_account(context)
    _check_code(account, record, code, source_ip)
    recovery = signin.replace_recovery_codes(account)
    account.audit(action="mfa.recovery_codes_replaced", outcome="success", source_ip=source_ip)
    return recovery


def _other_user(context: TenantContext, user_id: str) -> tuple[TenantAccount, dict[str, object]]:
    if user_id == context.require_user():
        raise Conflict("Use your own account settings for your own account.", field="user_id")
    account = TenantAccount(context, user_id)
    record = account.record()
    if record is None:
        raise NotFound("No such user.")
    return account, record


def _audit_admin(context: TenantContext, action: str, user_id: str, source_ip: str) -> None:
    audit.record(
        context,
        action=action,
        outcome="success",
        source_ip=source_ip,
        actor=context.require_user(),
        target=user_id,
    )


def reset_mfa(context: TenantContext, user_id: str, *, source_ip: str) -> None:
    """The user sets MFA up again at their next sign-in; their sessions end."""
    account, _ = _other_user(context, user_id)
    signin.forget_mfa(account)
    account.end_sessions()
    _audit_admin(context, "user.mfa_reset", user_id, source_ip)


def force_password_reset(context: TenantContext, user_id: str, *, source_ip: str) -> None:
    """The user's next sign-in asks for a new password; their sessions end."""
    account, record = _other_user(context, user_id)
    if not isinstance(record.get("password_hash"), str):
        raise Conflict(_SSO_ONLY, field="user_id", reason=signin.SSO_ONLY)
    users.require_new_password(context, user_id)
    account.end_sessions()
    _audit_admin(context, "user.password_reset_forced", user_id, source_ip)


def user_sessions(
    context: TenantContext, user_id: str, current_session: str
) -> list[sessions.SessionView]:
    """An admin's view of a user's live sessions (device, address, first and last use), to
    see where they are signed in before ending them; the admin's own is marked current."""
    account = TenantAccount(context, user_id)
    if account.record() is None:
        raise NotFound("No such user.")
    return sessions.list_sessions(account, current_session)


def end_user_sessions(context: TenantContext, user_id: str, *, source_ip: str) -> None:
    account, _ = _other_user(context, user_id)
    account.end_sessions()
    _audit_admin(context, "user.sessions_ended", user_id, source_ip)
