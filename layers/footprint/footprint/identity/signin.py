"""Password sign-in: password, then the challenges (NEW_PASSWORD, MFA_SETUP, MFA), then tokens.

The same steps sign in a tenant's user and a member of the platform's staff (the ``realm``
of ``login``, ``answer``); where their records live and what their tokens say is
``footprint.identity.accounts``'. Staff always set up and answer TOTP: nothing turns it off.

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

A challenge session reads ``<scope>.<account>.<challenge>.<secret>`` (scope: the tenant's id,
or ``staff``), lives five minutes and is consumed when its step succeeds.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import secrets
from typing import Any, Literal, NoReturn

from boto3.dynamodb.conditions import Attr, ConditionBase
from pydantic import BaseModel

from footprint.adapters.repository import (
    ConditionFailed,
    PlatformRepository,
    Put,
    Repository,
    Update,
)
from footprint.domain.auth import passwords, totp
from footprint.domain.auth.tokens import Realm
from footprint.domain.errors import InvalidInput, Locked, NotFound, Unauthenticated
from footprint.domain.tenancy import TenantContext
from footprint.identity import audit, clock, sessions, users
from footprint.identity.accounts import Account, TenantAccount, find, from_scope
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


def _tenant_of(account: Account | None) -> str | None:
    return account.context.tenant_id if isinstance(account, TenantAccount) else None


def _fail(account: Account | None, email: str, reason: str, source_ip: str, attempt: int) -> None:
    """Record a wrong guess, counted already as the ``attempt``-th outstanding one."""
    tenant_id = _tenant_of(account)
    locked = attempt >= MAX_FAILURES and _lock(email, tenant_id=tenant_id) is not None
    # Counted by the FailedSignIns / AccountLockouts metric filters (never the e-mail).
    logger.warning(
        "sign-in failed",
        extra={"event": "auth.login_failed", "tenant_id": tenant_id, "reason": reason},
    )
    if account is None:
        audit.record_unknown_account(email, action="signin.failure", source_ip=source_ip)
        return
    account.audit(
        action="signin.failure", outcome="failure", source_ip=source_ip, details={"reason": reason}
    )
    if locked:
        account.audit(action="signin.locked", outcome="failure", source_ip=source_ip)


def login(email: str, password: str, *, source_ip: str, realm: Realm = Realm.TENANT) -> Challenge:
    """The first step of a sign-in in ``realm``: the challenge that follows a right password."""
    attempt = _begin_attempt(email)
    account = find(email, realm)
    record: dict[str, Any] | None = None
    password_allowed = False
    if account is not None:
        record = account.record()
        password_allowed = account.password_sign_in_allowed()
    else:
        # The reads a real account costs (its profile, its tenant's SSO settings), on decoys:
        # an unknown address answers after the same work, not a read or two sooner.
        decoy = PlatformRepository()
        decoy.get(("EMAIL", "-"), ("EMAIL",))
        decoy.get(("EMAIL", "-"), ("SSO",))
    stored_hash = record.get("password_hash") if record else None
    if account is None or record is None or not isinstance(stored_hash, str):
        passwords.burn_equal_time(password)
        _fail(account, email, "no password", source_ip, attempt)
        raise Unauthenticated(BAD_CREDENTIALS)
    if not password_allowed:
        # The same answer and work as a wrong password: the setting reveals nothing.
        passwords.burn_equal_time(password)
        _fail(account, email, "password sign-in off", source_ip, attempt)
        raise Unauthenticated(BAD_CREDENTIALS)
    if not passwords.verify_password(password, stored_hash):
        _fail(account, email, "password", source_ip, attempt)
        raise Unauthenticated(BAD_CREDENTIALS)
    expires = record.get("password_expires_at")  # a temporary password's
    if expires is not None and int(expires) <= clock.now():
        _fail(account, email, "temporary password expired", source_ip, attempt)
        raise Unauthenticated(BAD_CREDENTIALS)
    if not account.can_sign_in(record):
        _fail(account, email, "account disabled", source_ip, attempt)
        raise Unauthenticated(BAD_CREDENTIALS)
    _forgive(email)
    if record.get("password_temporary"):
        stage: Stage = "NEW_PASSWORD"
    elif not record.get("totp_secret"):
        stage = "MFA_SETUP"
    else:
        stage = "MFA"
    return _start_challenge(account, str(record["email"]), stage)


def _start_challenge(account: Account, email: str, stage: Stage) -> Challenge:
    challenge_id = secrets.token_hex(16)
    secret = secrets.token_urlsafe(32)
    item: dict[str, Any] = {"stage": stage, "digest": _digest(secret), "email": email}
    uri = None
    if stage == "MFA_SETUP":
        seed = totp.new_secret()
        item["pending_totp"] = account.encrypt_secret(PENDING_TOTP_PURPOSE, seed)
        uri = totp.provisioning_uri(seed, email)
    account.store().put(
        account.partition,
        ("CHALLENGE", challenge_id),
        item,
        expires_at=int(clock.now()) + CHALLENGE_SECONDS,
    )
    session = f"{account.scope}.{account.account_id}.{challenge_id}.{secret}"
    return Challenge(challenge=stage, session=session, otpauth_uri=uri)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _open(session: str, realm: Realm) -> tuple[Account, str, dict[str, Any]]:
    parts = session.split(".")
    if len(parts) != 4 or not parts[2].isalnum():
        raise Unauthenticated(BAD_SESSION)
    scope, account_id, challenge_id, secret = parts
    account = from_scope(scope, account_id, realm, BAD_SESSION)
    item = account.store().get(account.partition, ("CHALLENGE", challenge_id))
    if item is None or not hmac.compare_digest(str(item["digest"]), _digest(secret)):
        raise Unauthenticated(BAD_SESSION)
    return account, challenge_id, item


def _consume(account: Account, challenge_id: str, digest: str) -> None:
    try:
        account.store().delete(
            account.partition, ("CHALLENGE", challenge_id), condition=Attr("digest").eq(digest)
        )
    except ConditionFailed:
        raise Unauthenticated(BAD_SESSION) from None


def answer(
    session: str,
    *,
    new_password: str | None,
    code: str | None,
    source_ip: str,
    realm: Realm = Realm.TENANT,
    device: str | None = None,
) -> Challenge | SignedIn:
    """Answer a challenge of a sign-in in ``realm``: the next challenge, or tokens (a session
    that keeps ``device``, the caller's coarse device label)."""
    account, challenge_id, item = _open(session, realm)
    email = str(item["email"])
    _check_lock(email)
    record = account.record()
    if record is None or not account.active(record):
        raise Unauthenticated(BAD_SESSION)
    stage = str(item["stage"])
    if stage == "NEW_PASSWORD":
        if not new_password:
            raise InvalidInput("A new password is required.", field="new_password")
        passwords.check_policy(new_password, email=email)
        if passwords.verify_password(new_password, str(record["password_hash"])):
            raise InvalidInput("Choose a password you have not used here.", field="new_password")
        _consume(account, challenge_id, str(item["digest"]))
        account.set_password(passwords.hash_password(new_password), temporary=False)
        account.audit(action="password.changed", outcome="success", source_ip=source_ip)
        next_stage: Stage = "MFA" if record.get("totp_secret") else "MFA_SETUP"
        return _start_challenge(account, email, next_stage)
    if not code:
        raise InvalidInput("A code from your authenticator app is required.", field="code")
    if stage == "MFA_SETUP":
        return _finish_setup(account, challenge_id, item, record, code, source_ip, device)
    return _finish_mfa(account, challenge_id, item, record, code, source_ip, device)


def _wrong_code(
    account: Account, email: str, source_ip: str, reason: str, attempt: int
) -> NoReturn:
    _fail(account, email, reason, source_ip, attempt)
    raise Unauthenticated("The code is not valid.")


def _finish_setup(
    account: Account,
    challenge_id: str,
    item: dict[str, Any],
    record: dict[str, Any],
    code: str,
    source_ip: str,
    device: str | None,
) -> SignedIn:
    email = str(item["email"])
    seed = account.decrypt_secret(PENDING_TOTP_PURPOSE, str(item["pending_totp"]))
    attempt = _begin_attempt(email)
    check = totp.verify(seed, code, last_step=None, now=clock.now())
    if not check.accepted or check.step is None:
        _wrong_code(account, email, source_ip, "mfa setup code", attempt)
    _consume(account, challenge_id, str(item["digest"]))
    try:
        recovery = _enroll_totp(account, seed, accepted_step=check.step)
    except ConditionFailed:
        raise Unauthenticated(BAD_SESSION) from None
    account.audit(
        action="mfa.enabled", outcome="success", source_ip=source_ip, details={"method": "totp"}
    )
    tokens = _complete(account, record, email, source_ip, device)
    return SignedIn(**tokens.model_dump(), recovery_codes=recovery)


def _recovery_code(account: Account, digest: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    # One item per code, so that using one is a conditional delete of that code alone.
    return account.partition, ("RECOVERY", digest)


def enroll_totp(
    context: TenantContext, user_id: str, seed: str, *, accepted_step: int
) -> list[str]:
    """Store a tenant user's TOTP secret and fresh recovery codes (see ``_enroll_totp``)."""
    return _enroll_totp(TenantAccount(context, user_id), seed, accepted_step=accepted_step)


def _enroll_totp(account: Account, seed: str, *, accepted_step: int) -> list[str]:
    """Store the account's TOTP secret (KMS-encrypted) and fresh recovery codes (hashed);
    answers the recovery codes, to show once. Refuses (ConditionFailed) if one is set."""
    repository = account.store()
    recovery = totp.new_recovery_codes()
    repository.update(
        *account.profile(),
        set_values={
            "totp_secret": account.encrypt_secret(TOTP_PURPOSE, seed),
            "totp_last_step": accepted_step,
        },
        condition=Attr("totp_secret").not_exists(),
    )
    for code in recovery:
        repository.put(*_recovery_code(account, totp.recovery_digest(code)), {})
    return recovery


def _migrate_recovery_codes(
    repository: Repository, account: Account, record: dict[str, Any]
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
                *(Put(*_recovery_code(account, str(digest)), {}) for digest in legacy),
                Update(
                    *account.profile(),
                    remove=("recovery_codes",),
                    condition=Attr("recovery_codes").eq(legacy),
                ),
            ]
        )


def recovery_codes_left(context: TenantContext, user_id: str) -> int:
    return _recovery_codes_left(TenantAccount(context, user_id))


def _recovery_codes_left(account: Account) -> int:
    page = account.store().query(account.partition, sk_prefix=("RECOVERY",), attributes=("sk",))
    return len(page.items)


def check_totp(account: Account, record: dict[str, Any], code: str, *, source_ip: str) -> None:
    """A fresh code from the account's authenticator (never a recovery code), counted against
    the account's address like a sign-in guess and good once: for a privileged act that a
    session alone must not be enough for. Raises Unauthenticated (or Locked)."""
    email = str(record["email"])
    attempt = _begin_attempt(email)
    _check_code(account, record, email, code, source_ip, attempt)
    _forgive(email)


# Why an account has no password to check or reset: it signs in only through its IdP.
SSO_ONLY = "sso_only"


def check_password(
    account: Account, record: dict[str, Any], password: str, *, source_ip: str
) -> None:
    """The account's current password, counted against its address like a sign-in guess: for
    a change that a session alone must not be enough for. Raises Unauthenticated (or Locked);
    InvalidInput for an account without a password (one who signs in only through SSO)."""
    stored_hash = record.get("password_hash")
    if not isinstance(stored_hash, str):
        raise InvalidInput(
            "This account signs in through SSO: it has no password here.",
            field="current_password",
            reason=SSO_ONLY,
        )
    email = str(record["email"])
    attempt = _begin_attempt(email)
    if not passwords.verify_password(password, stored_hash):
        _fail(account, email, "password", source_ip, attempt)
        raise Unauthenticated("The current password is not correct.")
    _forgive(email)


def replace_recovery_codes(account: Account) -> list[str]:
    """Fresh recovery codes for the account, every earlier one deleted; answers the new ones,
    to show once."""
    repository = account.store()
    _delete_recovery_codes(account)
    recovery = totp.new_recovery_codes()
    for code in recovery:
        repository.put(*_recovery_code(account, totp.recovery_digest(code)), {})
    return recovery


def forget_mfa(account: Account) -> None:
    """Remove the account's TOTP secret and recovery codes: its next sign-in sets MFA up."""
    account.store().update(*account.profile(), remove=("totp_secret", "totp_last_step"))
    _delete_recovery_codes(account)


def _delete_recovery_codes(account: Account) -> None:
    # The profile's list (codes enrolled before each was an item of its own) goes too.
    account.store().update(*account.profile(), remove=("recovery_codes",))
    account.store().delete_partition(account.partition, where=lambda sk: sk[0] == "RECOVERY")


def _check_code(
    account: Account,
    record: dict[str, Any],
    email: str,
    code: str,
    source_ip: str,
    attempt: int,
) -> None:
    """The TOTP check of ``code``, counted as the ``attempt``-th guess; marks its step used."""
    secret = record.get("totp_secret")
    if not secret:
        _wrong_code(account, email, source_ip, "no mfa", attempt)
    seed = account.decrypt_secret(TOTP_PURPOSE, str(secret))
    last = record.get("totp_last_step")
    check = totp.verify(
        seed, code, last_step=int(last) if last is not None else None, now=clock.now()
    )
    if not check.accepted or check.step is None:
        reason = "mfa code replayed" if check.replayed else "mfa code"
        _wrong_code(account, email, source_ip, reason, attempt)
    try:  # atomic: a code is good once even when two requests race with it
        account.store().update(
            *account.profile(),
            set_values={"totp_last_step": check.step},
            condition=Attr("totp_last_step").lt(check.step),
        )
    except ConditionFailed:
        _wrong_code(account, email, source_ip, "mfa code replayed", attempt)


def _finish_mfa(
    account: Account,
    challenge_id: str,
    item: dict[str, Any],
    record: dict[str, Any],
    code: str,
    source_ip: str,
    device: str | None,
) -> SignedIn:
    email = str(item["email"])
    repository = account.store()
    attempt = _begin_attempt(email)
    if "-" in code:  # a recovery code: one use each
        _migrate_recovery_codes(repository, account, record)
        try:
            # Only a code that is there is deleted, and only that one: a concurrent use of
            # another code cannot bring this one back, nor this one be used twice.
            repository.delete(
                *_recovery_code(account, totp.recovery_digest(code)),
                condition=Attr("pk").exists(),
            )
        except ConditionFailed:
            _wrong_code(account, email, source_ip, "recovery code", attempt)
        account.audit(
            action="mfa.recovery_code_used",
            outcome="success",
            source_ip=source_ip,
            details={"remaining": str(_recovery_codes_left(account))},
        )
    else:
        _check_code(account, record, email, code, source_ip, attempt)
    _consume(account, challenge_id, str(item["digest"]))
    return SignedIn(**_complete(account, record, email, source_ip, device).model_dump())


def _complete(
    account: Account, record: dict[str, Any], email: str, source_ip: str, device: str | None
) -> sessions.TokenSet:
    _clear_failures(email)
    return sessions.open_session(
        account, str(record["role"]), source_ip=source_ip, method="password+totp", device=device
    )


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
    account = TenantAccount(context, user_id)
    try:
        digest = users.open_invitation(context, user_id, secret)
    except NotFound:
        _fail(account, email, "invitation", source_ip, attempt)
        raise
    _forgive(email)
    passwords.check_policy(new_password, email=email)
    users.consume_invitation(context, user_id, digest)
    user = users.activate_invited(context, user_id, passwords.hash_password(new_password))
    account.audit(action="invitation.redeemed", outcome="success", source_ip=source_ip)
    return _start_challenge(account, user.email, "MFA_SETUP")
