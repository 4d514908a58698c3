"""Password sign-in: password, then the challenges (NEW_PASSWORD, MFA_SETUP, MFA), then tokens.

Brute force: guesses (a password, a TOTP or recovery code, an invitation) are counted per
e-mail address in a platform-level record keyed by the address's SHA-256, whether or not the
address exists. Each guess is counted *before* it is checked, by one conditional update that
admits it only while the address is not locked and fewer than five guesses are outstanding,
so concurrent guesses cannot all pass a check made before any of them was counted; a right
guess is given back, a completed sign-in clears the count. The fifth failure (or a guess that
finds five outstanding) locks the address for 1 minute, doubling with each further lock up to
a day; the lock and its count are one conditional update, so a burst locks once. The count of
locks is forgotten a day after the last guess. Because unknown addresses lock exactly like
real ones, "locked" reveals nothing, and the answer for an unknown e-mail and a wrong password
is the same text after the same work: three reads, one bcrypt check at cost 12 (against a
dummy hash when there is no account), two writes.

A challenge session reads ``<tenant>.<user>.<challenge>.<secret>``, lives five minutes and
is consumed when its step succeeds.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import secrets
from typing import Any, Literal, NoReturn

from boto3.dynamodb.conditions import Attr, ConditionBase
from pydantic import BaseModel

from footprint.adapters import kms
from footprint.adapters.repository import (
    ConditionFailed,
    PlatformRepository,
    Put,
    TenantRepository,
    Update,
)
from footprint.domain.auth import passwords, totp
from footprint.domain.errors import InvalidInput, Locked, NotFound, Unauthenticated
from footprint.domain.ids import valid_id
from footprint.domain.tenancy import TenantContext
from footprint.identity import audit, clock, sessions, sso, tenants, users
from footprint.observability import logger

MAX_FAILURES = 5
FIRST_LOCK_SECONDS = 60
MAX_LOCK_SECONDS = 24 * 3600
FAILURE_MEMORY_SECONDS = 24 * 3600
CHALLENGE_SECONDS = 300
TOTP_PURPOSE = "totp"
PENDING_TOTP_PURPOSE = "totp-setup"

Stage = Literal["NEW_PASSWORD", "MFA_SETUP", "MFA"]
BAD_CREDENTIALS = "The e-mail or password is not correct."
BAD_SESSION = "The sign-in session is not valid or has expired."


class Challenge(BaseModel):
    challenge: Stage
    session: str
    otpauth_uri: str | None = None


class SignedIn(sessions.TokenSet):
    recovery_codes: list[str] | None = None  # shown once, when MFA is first set up


def _email_digest(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode("utf-8")).hexdigest()


def _lock_address(email: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return ("SIGNIN", _email_digest(email)), ("THROTTLE",)


def _check_lock(email: str) -> None:
    state = PlatformRepository().get(*_lock_address(email))
    if state and int(state.get("locked_until", 0)) > clock.now():
        retry = int(state["locked_until"]) - int(clock.now())
        raise Locked("Too many failed attempts; try again later.", retry_after_seconds=retry)


def _begin_attempt(email: str) -> int:
    """Count a guess before it is checked; answers the count with it. Raises Locked when the
    address is locked or five guesses are outstanding (then locking it)."""
    repository = PlatformRepository()
    # Refused, yet neither locked nor full when looked at: a success forgave guesses
    # meanwhile, so try again (a few times; under that much churn, refuse).
    for _ in range(3):
        now = int(clock.now())
        unlocked = Attr("locked_until").not_exists() | Attr("locked_until").lte(now)
        room = Attr("failures").not_exists() | Attr("failures").lt(MAX_FAILURES)
        try:
            state = repository.update(
                *_lock_address(email),
                add={"failures": 1},
                set_values={"expires_at": now + FAILURE_MEMORY_SECONDS},
                condition=unlocked & room,
                must_exist=False,
            )
            return int(state["failures"])
        except ConditionFailed:
            retry = _lock(email, tenant_id=None)
        if retry is not None:
            raise Locked("Too many failed attempts; try again later.", retry_after_seconds=retry)
    raise Locked("Too many failed attempts; try again later.", retry_after_seconds=1)


def _lock(email: str, *, tenant_id: str | None) -> int | None:
    """Lock the address if five guesses are outstanding and no lock is in force; answers the
    seconds the lock in force has left, None when there is none (a success forgave them)."""
    repository = PlatformRepository()
    address = _lock_address(email)
    for _ in range(3):  # another request locked or forgave meanwhile: look again
        state = repository.get(*address) or {}
        now = int(clock.now())
        locked_until = int(state.get("locked_until", 0))
        if locked_until > now:
            return locked_until - now
        if int(state.get("failures", 0)) < MAX_FAILURES:
            return None
        locks = int(state.get("locks", 0))
        seconds = min(FIRST_LOCK_SECONDS << locks, MAX_LOCK_SECONDS)
        same_locks: ConditionBase = Attr("locks").eq(locks)
        if locks == 0:
            same_locks = Attr("locks").not_exists() | same_locks
        try:
            # One lock per five failures, however many requests see them: the failures are
            # reset in the same conditional update that counts the lock.
            repository.update(
                *address,
                add={"locks": 1},
                set_values={
                    "failures": 0,
                    "locked_until": now + seconds,
                    "expires_at": now + seconds + FAILURE_MEMORY_SECONDS,
                },
                condition=Attr("failures").gte(MAX_FAILURES)
                & same_locks
                & (Attr("locked_until").not_exists() | Attr("locked_until").lte(now)),
            )
        except ConditionFailed:
            continue
        logger.warning("account locked", extra={"event": "auth.locked_out", "tenant_id": tenant_id})
        return seconds
    return None


def _forgive(email: str) -> None:
    """Give back the count of a guess that was right."""
    with contextlib.suppress(ConditionFailed):  # a lock or a sign-in reset the count meanwhile
        PlatformRepository().update(
            *_lock_address(email),
            add={"failures": -1},
            condition=Attr("failures").gt(0),
            must_exist=False,
        )


def _clear_failures(email: str) -> None:
    PlatformRepository().update(*_lock_address(email), set_values={"failures": 0}, must_exist=False)


def _fail(
    context: TenantContext | None,
    user_id: str | None,
    email: str,
    reason: str,
    source_ip: str,
    attempt: int,
) -> None:
    """Record a wrong guess, counted already as the ``attempt``-th outstanding one."""
    tenant_id = context.tenant_id if context else None
    locked = attempt >= MAX_FAILURES and _lock(email, tenant_id=tenant_id) is not None
    # Counted by the FailedSignIns / AccountLockouts metric filters (never the e-mail).
    logger.warning(
        "sign-in failed",
        extra={"event": "auth.login_failed", "tenant_id": tenant_id, "reason": reason},
    )
    if context is None:
        audit.record_unknown_account(email, action="signin.failure", source_ip=source_ip)
        return
    audit.record(
        context,
        action="signin.failure",
        outcome="failure",
        source_ip=source_ip,
        actor=user_id,
        details={"reason": reason},
    )
    if locked:
        audit.record(
            context, action="signin.locked", outcome="failure", source_ip=source_ip, actor=user_id
        )


def login(email: str, password: str, *, source_ip: str) -> Challenge:
    attempt = _begin_attempt(email)
    found = users.lookup_email(email)
    context = TenantContext.for_sign_in(found[0]) if found else None
    record: dict[str, Any] | None = None
    password_allowed = False
    if found and context:
        record = users.get_record(context, found[1])
        password_allowed = sso.password_login_allowed(context)
    else:
        # The reads a real account costs (its profile, its tenant's SSO settings), on decoys:
        # an unknown address answers after the same work, not a read or two sooner.
        decoy = PlatformRepository()
        decoy.get(("EMAIL", "-"), ("EMAIL",))
        decoy.get(("EMAIL", "-"), ("SSO",))
    stored_hash = record.get("password_hash") if record else None
    if found is None or context is None or record is None or not isinstance(stored_hash, str):
        passwords.burn_equal_time(password)
        _fail(context, found[1] if found else None, email, "no password", source_ip, attempt)
        raise Unauthenticated(BAD_CREDENTIALS)
    if not password_allowed:
        # The same answer and work as a wrong password: the setting reveals nothing.
        passwords.burn_equal_time(password)
        _fail(context, found[1], email, "password sign-in off", source_ip, attempt)
        raise Unauthenticated(BAD_CREDENTIALS)
    if not passwords.verify_password(password, stored_hash):
        _fail(context, found[1], email, "password", source_ip, attempt)
        raise Unauthenticated(BAD_CREDENTIALS)
    expires = record.get("password_expires_at")  # a temporary password's
    if expires is not None and int(expires) <= clock.now():
        _fail(context, found[1], email, "temporary password expired", source_ip, attempt)
        raise Unauthenticated(BAD_CREDENTIALS)
    if record.get("status") != users.ACTIVE or not tenants.tenant_exists(context):
        _fail(context, found[1], email, "account disabled", source_ip, attempt)
        raise Unauthenticated(BAD_CREDENTIALS)
    _forgive(email)
    if record.get("password_temporary"):
        stage: Stage = "NEW_PASSWORD"
    elif not record.get("totp_secret"):
        stage = "MFA_SETUP"
    else:
        stage = "MFA"
    return start_challenge(context, found[1], str(record["email"]), stage)


def start_challenge(context: TenantContext, user_id: str, email: str, stage: Stage) -> Challenge:
    challenge_id = secrets.token_hex(16)
    secret = secrets.token_urlsafe(32)
    item: dict[str, Any] = {"stage": stage, "digest": _digest(secret), "email": email}
    uri = None
    if stage == "MFA_SETUP":
        seed = totp.new_secret()
        item["pending_totp"] = kms.encrypt_secret(context, user_id, PENDING_TOTP_PURPOSE, seed)
        uri = totp.provisioning_uri(seed, email)
    TenantRepository(context).put(
        ("USER", user_id),
        ("CHALLENGE", challenge_id),
        item,
        expires_at=int(clock.now()) + CHALLENGE_SECONDS,
    )
    session = f"{context.tenant_id}.{user_id}.{challenge_id}.{secret}"
    return Challenge(challenge=stage, session=session, otpauth_uri=uri)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _open(session: str) -> tuple[TenantContext, str, str, dict[str, Any]]:
    parts = session.split(".")
    if len(parts) != 4 or not all(valid_id(p) for p in parts[:2]) or not parts[2].isalnum():
        raise Unauthenticated(BAD_SESSION)
    tenant_id, user_id, challenge_id, secret = parts
    context = TenantContext.for_sign_in(tenant_id)
    item = TenantRepository(context).get(("USER", user_id), ("CHALLENGE", challenge_id))
    if item is None or not hmac.compare_digest(str(item["digest"]), _digest(secret)):
        raise Unauthenticated(BAD_SESSION)
    return context, user_id, challenge_id, item


def _consume(context: TenantContext, user_id: str, challenge_id: str, digest: str) -> None:
    try:
        TenantRepository(context).delete(
            ("USER", user_id), ("CHALLENGE", challenge_id), condition=Attr("digest").eq(digest)
        )
    except ConditionFailed:
        raise Unauthenticated(BAD_SESSION) from None


def answer(
    session: str, *, new_password: str | None, code: str | None, source_ip: str
) -> Challenge | SignedIn:
    context, user_id, challenge_id, item = _open(session)
    email = str(item["email"])
    _check_lock(email)
    record = users.get_record(context, user_id)
    if record is None or record.get("status") != users.ACTIVE:
        raise Unauthenticated(BAD_SESSION)
    stage = str(item["stage"])
    if stage == "NEW_PASSWORD":
        if not new_password:
            raise InvalidInput("A new password is required.", field="new_password")
        passwords.check_policy(new_password, email=email)
        if passwords.verify_password(new_password, str(record["password_hash"])):
            raise InvalidInput("Choose a password you have not used here.", field="new_password")
        _consume(context, user_id, challenge_id, str(item["digest"]))
        users.set_password(context, user_id, passwords.hash_password(new_password), temporary=False)
        audit.record(
            context,
            action="password.changed",
            outcome="success",
            source_ip=source_ip,
            actor=user_id,
        )
        next_stage: Stage = "MFA" if record.get("totp_secret") else "MFA_SETUP"
        return start_challenge(context, user_id, email, next_stage)
    if not code:
        raise InvalidInput("A code from your authenticator app is required.", field="code")
    if stage == "MFA_SETUP":
        return _finish_setup(context, user_id, challenge_id, item, record, code, source_ip)
    return _finish_mfa(context, user_id, challenge_id, item, record, code, source_ip)


def _wrong_code(
    context: TenantContext, user_id: str, email: str, source_ip: str, reason: str, attempt: int
) -> NoReturn:
    _fail(context, user_id, email, reason, source_ip, attempt)
    raise Unauthenticated("The code is not valid.")


def _finish_setup(
    context: TenantContext,
    user_id: str,
    challenge_id: str,
    item: dict[str, Any],
    record: dict[str, Any],
    code: str,
    source_ip: str,
) -> SignedIn:
    email = str(item["email"])
    seed = kms.decrypt_secret(context, user_id, PENDING_TOTP_PURPOSE, str(item["pending_totp"]))
    attempt = _begin_attempt(email)
    check = totp.verify(seed, code, last_step=None, now=clock.now())
    if not check.accepted or check.step is None:
        _wrong_code(context, user_id, email, source_ip, "mfa setup code", attempt)
    _consume(context, user_id, challenge_id, str(item["digest"]))
    try:
        recovery = enroll_totp(context, user_id, seed, accepted_step=check.step)
    except ConditionFailed:
        raise Unauthenticated(BAD_SESSION) from None
    audit.record(
        context,
        action="mfa.enabled",
        outcome="success",
        source_ip=source_ip,
        actor=user_id,
        details={"method": "totp"},
    )
    tokens = _complete(context, user_id, record, email, source_ip)
    return SignedIn(**tokens.model_dump(), recovery_codes=recovery)


def _recovery_code(user_id: str, digest: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    # One item per code, so that using one is a conditional delete of that code alone.
    return ("USER", user_id), ("RECOVERY", digest)


def enroll_totp(
    context: TenantContext, user_id: str, seed: str, *, accepted_step: int
) -> list[str]:
    """Store the user's TOTP secret (KMS-encrypted) and fresh recovery codes (hashed);
    answers the recovery codes, to show once. Refuses (ConditionFailed) if one is set."""
    repository = TenantRepository(context)
    recovery = totp.new_recovery_codes()
    repository.update(
        *users.profile(user_id),
        set_values={
            "totp_secret": kms.encrypt_secret(context, user_id, TOTP_PURPOSE, seed),
            "totp_last_step": accepted_step,
        },
        condition=Attr("totp_secret").not_exists(),
    )
    for code in recovery:
        repository.put(*_recovery_code(user_id, totp.recovery_digest(code)), {})
    return recovery


def _migrate_recovery_codes(
    repository: TenantRepository, user_id: str, record: dict[str, Any]
) -> None:
    """Codes a profile still keeps as a list (enrolled before each code was an item of its
    own) become items, in one transaction that removes the list only while it is the list
    read: a concurrent use of one of them cannot bring a used code back."""
    legacy = record.get("recovery_codes")
    if not legacy:
        return
    with contextlib.suppress(ConditionFailed):  # another request moved them first
        repository.transact(
            [
                *(Put(*_recovery_code(user_id, str(digest)), {}) for digest in legacy),
                Update(
                    *users.profile(user_id),
                    remove=("recovery_codes",),
                    condition=Attr("recovery_codes").eq(legacy),
                ),
            ]
        )


def recovery_codes_left(context: TenantContext, user_id: str) -> int:
    page = TenantRepository(context).query(
        ("USER", user_id), sk_prefix=("RECOVERY",), attributes=("sk",)
    )
    return len(page.items)


def _finish_mfa(
    context: TenantContext,
    user_id: str,
    challenge_id: str,
    item: dict[str, Any],
    record: dict[str, Any],
    code: str,
    source_ip: str,
) -> SignedIn:
    email = str(item["email"])
    repository = TenantRepository(context)
    attempt = _begin_attempt(email)
    if "-" in code:  # a recovery code: one use each
        _migrate_recovery_codes(repository, user_id, record)
        try:
            # Only a code that is there is deleted, and only that one: a concurrent use of
            # another code cannot bring this one back, nor this one be used twice.
            repository.delete(
                *_recovery_code(user_id, totp.recovery_digest(code)),
                condition=Attr("pk").exists(),
            )
        except ConditionFailed:
            _wrong_code(context, user_id, email, source_ip, "recovery code", attempt)
        audit.record(
            context,
            action="mfa.recovery_code_used",
            outcome="success",
            source_ip=source_ip,
            actor=user_id,
            details={"remaining": str(recovery_codes_left(context, user_id))},
        )
    else:
        seed = kms.decrypt_secret(context, user_id, TOTP_PURPOSE, str(record["totp_secret"]))
        last = record.get("totp_last_step")
        check = totp.verify(
            seed, code, last_step=int(last) if last is not None else None, now=clock.now()
        )
        if not check.accepted or check.step is None:
            _wrong_code(
                context,
                user_id,
                email,
                source_ip,
                "mfa code replayed" if check.replayed else "mfa code",
                attempt,
            )
        try:  # atomic: a code is good once even when two requests race with it
            repository.update(
                *users.profile(user_id),
                set_values={"totp_last_step": check.step},
                condition=Attr("totp_last_step").lt(check.step),
            )
        except ConditionFailed:
            _wrong_code(context, user_id, email, source_ip, "mfa code replayed", attempt)
    _consume(context, user_id, challenge_id, str(item["digest"]))
    return SignedIn(**_complete(context, user_id, record, email, source_ip).model_dump())


def _complete(
    context: TenantContext, user_id: str, record: dict[str, Any], email: str, source_ip: str
) -> sessions.TokenSet:
    _clear_failures(email)
    user = users.to_user(user_id, record)
    return sessions.issue_tokens(context, user, source_ip=source_ip, method="password+totp")


def redeem_invitation(invitation: str, new_password: str, *, source_ip: str) -> Challenge:
    """Set the invitee's first password; answers the MFA_SETUP challenge that follows.
    The invitation is a guess like a password: counted against the invitee's address before
    it is checked. It is used up only once the password passes the rules."""
    context, user_id, secret = users.parse_invitation(invitation)
    record = users.get_record(context, user_id)
    if record is None or record.get("status") != users.INVITED:
        raise NotFound("This invitation is not valid.")
    email = str(record["email"])
    attempt = _begin_attempt(email)
    try:
        digest = users.open_invitation(context, user_id, secret)
    except NotFound:
        _fail(context, user_id, email, "invitation", source_ip, attempt)
        raise
    _forgive(email)
    passwords.check_policy(new_password, email=email)
    users.consume_invitation(context, user_id, digest)
    user = users.activate_invited(context, user_id, passwords.hash_password(new_password))
    audit.record(
        context, action="invitation.redeemed", outcome="success", source_ip=source_ip, actor=user_id
    )
    return start_challenge(context, user_id, user.email, "MFA_SETUP")
