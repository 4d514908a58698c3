"""Users of a tenant: invitation, roles, disabling, removal, SSO provisioning.

E-mail addresses are unique across the platform (password sign-in names no tenant), kept in
a platform-level registry ``PLATFORM#EMAIL#<address>`` that points at the tenant and user (or
at a member of the platform's staff, whose address no tenant can then invite or provision).
A new user claims the address first (conditional put) and releases it if the user record
cannot be written. Active admins are counted on the tenant profile (``tenants.adjust_admins``)
so the last one can be neither removed, disabled nor demoted.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from typing import Any

from boto3.dynamodb.conditions import Attr

from footprint.adapters.repository import ConditionFailed, PlatformRepository, TenantRepository
from footprint.domain.auth import passwords
from footprint.domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from footprint.domain.ids import valid_id
from footprint.domain.tenancy import Role, TenantContext
from footprint.identity import audit, clock, domains, tenants

ACTIVE, INVITED, DISABLED = "active", "invited", "disabled"
INVITATION_SECONDS = passwords.TEMPORARY_PASSWORD_SECONDS
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,190}\.[^@\s.]{2,63}$")


@dataclass(frozen=True)
class User:
    user_id: str
    email: str
    name: str
    role: Role
    status: str
    mfa_enabled: bool = False
    has_password: bool = False
    last_signed_in_at: str | None = None
    last_sign_in_method: str | None = None  # "password+totp" or "saml"


def profile(user_id: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return ("USER", user_id), ("PROFILE",)


def normalise_email(email: str) -> str:
    value = email.strip().lower()
    if not _EMAIL.fullmatch(value):
        raise InvalidInput("Not an e-mail address.", field="email")
    return value


def to_user(user_id: str, item: dict[str, Any]) -> User:
    return User(
        user_id=user_id,
        email=str(item["email"]),
        name=str(item.get("name", "")),
        role=Role(str(item["role"])),
        status=str(item["status"]),
        mfa_enabled=bool(item.get("totp_secret")),
        has_password=bool(item.get("password_hash")),
        last_signed_in_at=item.get("last_signed_in_at"),
        last_sign_in_method=item.get("last_sign_in_method"),
    )


def record_sign_in(context: TenantContext, user_id: str, method: str) -> None:
    """Note when and how the user last signed in (for the access reviews). A user removed
    meanwhile is left removed: the guard refuses their session anyway."""
    with contextlib.suppress(ConditionFailed):
        TenantRepository(context).update(
            *profile(user_id),
            set_values={"last_signed_in_at": clock.iso(), "last_sign_in_method": method},
        )


def get_record(context: TenantContext, user_id: str) -> dict[str, Any] | None:
    """The stored user, secrets included: for the identity services only, never an answer."""
    return TenantRepository(context).get(*profile(user_id))


def get_user(context: TenantContext, user_id: str) -> User:
    item = get_record(context, user_id)
    if item is None:
        raise NotFound("No such user.")
    return to_user(user_id, item)


def list_users(context: TenantContext) -> list[User]:
    items = TenantRepository(context).query_all(("USERS",), index="gsi1", page_size=200)
    return [to_user(str(item["user_id"]), item) for item in items]


def lookup_email(email: str) -> tuple[str, str] | None:
    """(tenant id, user id) registered for ``email``, or None."""
    try:
        address = normalise_email(email)
    except InvalidInput:
        return None
    item = registration(address)
    if item is None or "tenant_id" not in item:
        return None
    return str(item["tenant_id"]), str(item["user_id"])


def registration(address: str) -> dict[str, Any] | None:
    """Whose a (normalised) address is: ``{tenant_id, user_id}`` for a tenant's user,
    ``{staff_id}`` for a member of staff, None for no one's."""
    return PlatformRepository().get(("EMAIL", address), ("EMAIL",))


def claim_email(address: str, owner: dict[str, str]) -> None:
    """Register a (normalised) address as ``owner``'s: one person, one address, across
    tenants and staff. Raises Conflict when it is anyone's already."""
    try:
        PlatformRepository().put(("EMAIL", address), ("EMAIL",), owner, if_absent=True)
    except ConditionFailed:
        raise Conflict("This e-mail address is already in use.", field="email") from None


def release_email(address: str) -> None:
    PlatformRepository().delete(("EMAIL", address), ("EMAIL",))


def create_user(
    context: TenantContext,
    *,
    email: str,
    name: str,
    role: Role,
    status: str,
    extra: dict[str, Any] | None = None,
) -> User:
    """Claim the e-mail, write the user, count an active admin. Raises Conflict if taken,
    or if its domain is verified by another tenant."""
    address = normalise_email(email)
    domains.check_address(context, address)
    cleaned_name = name.strip()[:200]
    user_id = tenants.new_id("u")
    claim_email(address, {"tenant_id": context.tenant_id, "user_id": user_id})
    try:
        if role is Role.ADMIN and status == ACTIVE:
            tenants.adjust_admins(context, +1)
        TenantRepository(context).put(
            *profile(user_id),
            {
                **(extra or {}),
                "user_id": user_id,
                "email": address,
                "name": cleaned_name,
                "role": role.value,
                "status": status,
                "created_at": clock.iso(),
            },
            gsi1=(("USERS",), ("USER", user_id)),
            if_absent=True,
        )
    except Exception:
        release_email(address)
        raise
    return User(user_id, address, cleaned_name, role, status)


def _invitation_secret_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def invite_user(
    context: TenantContext, *, email: str, name: str, role: Role, source_ip: str
) -> tuple[User, str, int]:
    """A user in status ``invited`` and its one-time invitation (token, expiry epoch)."""
    user = create_user(context, email=email, name=name, role=role, status=INVITED)
    secret = secrets.token_urlsafe(32)
    expires_at = int(clock.now()) + INVITATION_SECONDS
    TenantRepository(context).put(
        ("USER", user.user_id),
        ("INVITATION",),
        {"digest": _invitation_secret_digest(secret)},
        expires_at=expires_at,
    )
    audit.record(
        context,
        action="user.invited",
        outcome="success",
        source_ip=source_ip,
        target=user.user_id,
        details={"role": role.value},
    )
    return user, f"{context.tenant_id}.{user.user_id}.{secret}", expires_at


def parse_invitation(invitation: str) -> tuple[TenantContext, str, str]:
    """(tenant context, user id, secret) an invitation names; checks nothing stored."""
    parts = invitation.split(".")
    if len(parts) != 3 or not valid_id(parts[0]) or not valid_id(parts[1]):
        raise NotFound("This invitation is not valid.")
    tenant_id, user_id, secret = parts
    return TenantContext.for_sign_in(tenant_id), user_id, secret


def open_invitation(context: TenantContext, user_id: str, secret: str) -> str:
    """Check an invitation's secret without using it up: the stored digest. Every failure is
    the same NotFound."""
    stored = TenantRepository(context).get(("USER", user_id), ("INVITATION",))
    if stored is None or not hmac.compare_digest(
        str(stored["digest"]), _invitation_secret_digest(secret)
    ):
        raise NotFound("This invitation is not valid.")
    return str(stored["digest"])


def consume_invitation(context: TenantContext, user_id: str, digest: str) -> None:
    """Use the invitation up; a conditional delete, so two redemptions cannot both pass."""
    try:
        TenantRepository(context).delete(
            ("USER", user_id), ("INVITATION",), condition=Attr("digest").eq(digest)
        )
    except ConditionFailed:
        raise NotFound("This invitation is not valid.") from None


def _activate(context: TenantContext, user_id: str, set_values: dict[str, Any]) -> User | None:
    """Make an invited user active, counting an admin; None if the user is not invited.

    The update is conditioned on the role the count was made from: a role change that
    overtakes it (an admin's PATCH) fails the condition, the count is undone and the user
    read again, so the count cannot drift from the active admins."""
    for _ in range(3):
        record = get_record(context, user_id)
        if record is None or record.get("status") != INVITED:
            return None
        role = str(record["role"])
        if role == Role.ADMIN.value:
            tenants.adjust_admins(context, +1)
        try:
            updated = TenantRepository(context).update(
                *profile(user_id),
                set_values={**set_values, "status": ACTIVE},
                condition=Attr("status").eq(INVITED) & Attr("role").eq(role),
            )
        except ConditionFailed:
            if role == Role.ADMIN.value:
                tenants.adjust_admins(context, -1)
            continue
        return to_user(user_id, updated)
    raise ConditionFailed()


def activate_invited(context: TenantContext, user_id: str, password_hash: str) -> User:
    """Set the invitee's password and make the account active."""
    user = _activate(
        context, user_id, {"password_hash": password_hash, "password_temporary": False}
    )
    if user is None:
        raise NotFound("This invitation is not valid.")
    return user


def set_password(
    context: TenantContext, user_id: str, password_hash: str, *, temporary: bool
) -> None:
    """See ``passwords.stored_password``: a temporary one expires as an invitation does."""
    changes, remove = passwords.stored_password(password_hash, temporary=temporary, now=clock.now())
    TenantRepository(context).update(*profile(user_id), set_values=changes, remove=remove)


def require_new_password(context: TenantContext, user_id: str) -> None:
    """The user's next sign-in asks for a new password (their current one still opens it)."""
    TenantRepository(context).update(*profile(user_id), set_values={"password_temporary": True})


def update_user(
    context: TenantContext,
    user_id: str,
    *,
    role: Role | None,
    disabled: bool | None,
    source_ip: str,
) -> User:
    """Change a user's role or status, keeping at least one active admin. An invited user
    cannot be disabled (Conflict): their invitation would stay good, so they are removed
    instead, which cancels it."""
    current = get_user(context, user_id)
    if disabled and current.status == INVITED:
        raise Conflict(
            "This user has not accepted the invitation: remove them (DELETE /v1/users/"
            f"{user_id}) to cancel it.",
            field="disabled",
        )
    new_role = role or current.role
    new_status = current.status
    if disabled is not None and current.status != INVITED:
        new_status = DISABLED if disabled else ACTIVE
    was_admin = current.role is Role.ADMIN and current.status == ACTIVE
    is_admin = new_role is Role.ADMIN and new_status == ACTIVE
    if was_admin and not is_admin:
        tenants.adjust_admins(context, -1)
    elif is_admin and not was_admin:
        tenants.adjust_admins(context, +1)
    changes: dict[str, Any] = {"role": new_role.value, "status": new_status}
    if new_status == DISABLED and current.status != DISABLED:
        # Their sessions end for good: enabling them again revives none of their tokens.
        changes["sessions_valid_after"] = int(clock.now())
    try:
        updated = TenantRepository(context).update(
            *profile(user_id),
            set_values=changes,
            condition=Attr("role").eq(current.role.value) & Attr("status").eq(current.status),
        )
    except ConditionFailed:
        # Someone else changed the user meanwhile: undo our count and let the caller retry.
        if was_admin != is_admin:
            tenants.adjust_admins(context, +1 if was_admin else -1)
        raise
    if new_role is not current.role:
        audit.record(
            context,
            action="user.role_changed",
            outcome="success",
            source_ip=source_ip,
            target=user_id,
            details={"from": current.role.value, "to": new_role.value},
        )
    if new_status != current.status:
        audit.record(
            context,
            action="user.disabled" if new_status == DISABLED else "user.enabled",
            outcome="success",
            source_ip=source_ip,
            target=user_id,
        )
    return to_user(user_id, updated)


def delete_user(context: TenantContext, user_id: str, *, source_ip: str) -> None:
    current = get_user(context, user_id)
    if current.role is Role.ADMIN and current.status == ACTIVE:
        tenants.adjust_admins(context, -1)
    repository = TenantRepository(context)
    try:
        unchanged = Attr("status").eq(current.status) & Attr("role").eq(current.role.value)
        repository.delete(*profile(user_id), condition=unchanged)
    except ConditionFailed:
        if current.role is Role.ADMIN and current.status == ACTIVE:
            tenants.adjust_admins(context, +1)
        raise
    repository.delete_partition(("USER", user_id))  # sessions, challenges, invitation
    release_email(current.email)
    audit.record(
        context, action="user.deleted", outcome="success", source_ip=source_ip, target=user_id
    )


def provision_sso_user(
    context: TenantContext, *, email: str, name: str, default_role: Role
) -> User:
    """The tenant's user for ``email``, created on first SSO sign-in with ``default_role``."""
    address = normalise_email(email)
    owner = registration(address)
    if owner is not None:
        if "tenant_id" not in owner:  # a member of the platform's staff: never a tenant's user
            raise Forbidden("This account cannot sign in here.")
        tenant_id, user_id = str(owner["tenant_id"]), str(owner["user_id"])
        if tenant_id != context.tenant_id:
            raise Forbidden("This account cannot sign in here.")
        user = get_user(context, user_id)
        if user.status == INVITED:
            # The IdP vouches for the address: the invitation is fulfilled by SSO.
            user = _activate(context, user_id, {}) or get_user(context, user_id)
        if user.status != ACTIVE:
            raise Forbidden("This account cannot sign in here.")
        return user
    return create_user(context, email=address, name=name, role=default_role, status=ACTIVE)
