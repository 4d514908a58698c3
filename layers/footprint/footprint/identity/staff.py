"""The platform's staff: their records, outside every tenant.

A member of staff is ``PLATFORM#STAFF#<staff id>`` / ``PROFILE`` (name, e-mail, role, status,
password hash, KMS-encrypted TOTP secret), listed through ``gsi1`` (``PLATFORM#STAFF``). Their
address is claimed in the same registry as tenant users' (``users.claim_email``), so no tenant
can invite or provision it, and no staff address can belong to a tenant's user. Staff are
created by an operator with a temporary password (``footprint staff create``) and sign in with
password and TOTP through the same code as tenant users (``footprint.identity.accounts``);
disabling one ends their sessions for good, as disabling a user does.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from boto3.dynamodb.conditions import Attr

from footprint.adapters.repository import PlatformRepository
from footprint.domain.auth import passwords
from footprint.domain.errors import InvalidInput, NotFound
from footprint.domain.staff_access import StaffRole
from footprint.identity import audit, clock, tenants, users

ACTIVE, DISABLED = "active", "disabled"
OPERATOR_SOURCE = "operator-cli"


@dataclass(frozen=True)
class StaffMember:
    staff_id: str
    email: str
    name: str
    role: StaffRole
    status: str
    mfa_enabled: bool = False
    last_sign_in: str | None = None


@dataclass(frozen=True)
class StaffCreated:
    staff_id: str
    temporary_password: str


def partition(staff_id: str) -> tuple[str, ...]:
    return ("STAFF", staff_id)


def profile(staff_id: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return partition(staff_id), ("PROFILE",)


def to_member(item: dict[str, Any]) -> StaffMember:
    return StaffMember(
        staff_id=str(item["staff_id"]),
        email=str(item["email"]),
        name=str(item.get("name", "")),
        role=StaffRole(str(item["role"])),
        status=str(item["status"]),
        mfa_enabled=bool(item.get("totp_secret")),
        last_sign_in=str(item["last_sign_in"]) if item.get("last_sign_in") else None,
    )


def get_record(staff_id: str) -> dict[str, Any] | None:
    """The stored member, secrets included: for the identity services only, never an answer."""
    return PlatformRepository().get(*profile(staff_id))


def get_member(staff_id: str) -> StaffMember:
    item = get_record(staff_id)
    if item is None:
        raise NotFound("No such member of staff.")
    return to_member(item)


def lookup_email(email: str) -> str | None:
    """The staff id registered for ``email``, or None (a tenant's user's, or no one's)."""
    try:
        address = users.normalise_email(email)
    except InvalidInput:
        return None
    owner = users.registration(address)
    return str(owner["staff_id"]) if owner and "staff_id" in owner else None


def list_members() -> list[StaffMember]:
    items = PlatformRepository().query_all(("STAFF",), index="gsi1", page_size=200)
    return sorted((to_member(item) for item in items), key=lambda member: member.email)


def create_member(name: str, email: str, role: StaffRole) -> StaffCreated:
    """A member of staff with a temporary password (changed at first sign-in, 7 days)."""
    address = users.normalise_email(email)
    cleaned = name.strip()[:200]
    if not cleaned:
        raise InvalidInput("A name is required.", field="name")
    staff_id = tenants.new_id("st")
    users.claim_email(address, {"staff_id": staff_id})
    temporary = secrets.token_urlsafe(18)  # 144 bits
    changes, _ = passwords.stored_password(
        passwords.hash_password(temporary), temporary=True, now=clock.now()
    )
    try:
        PlatformRepository().put(
            *profile(staff_id),
            {
                **changes,
                "staff_id": staff_id,
                "email": address,
                "name": cleaned,
                "role": role.value,
                "status": ACTIVE,
                "created_at": clock.iso(),
            },
            gsi1=(("STAFF",), (staff_id,)),
            if_absent=True,
        )
    except Exception:
        users.release_email(address)
        raise
    audit.record_platform(
        action="staff.created",
        outcome="success",
        source_ip=OPERATOR_SOURCE,
        actor="operator",
        target=staff_id,
        details={"role": role.value},
    )
    return StaffCreated(staff_id, temporary)


def set_password(staff_id: str, password_hash: str, *, temporary: bool) -> None:
    changes, remove = passwords.stored_password(password_hash, temporary=temporary, now=clock.now())
    PlatformRepository().update(*profile(staff_id), set_values=changes, remove=remove)


def set_status(
    staff_id: str, *, active: bool, actor: str = "operator", source_ip: str = OPERATOR_SOURCE
) -> StaffMember:
    """Enable or disable a member; disabling ends every session they hold, for good. The
    operator does it, or a security reviewer's revocation in the platform's access review."""
    current = get_member(staff_id)
    status = ACTIVE if active else DISABLED
    changes: dict[str, Any] = {"status": status}
    if not active and current.status != DISABLED:
        changes["sessions_valid_after"] = int(clock.now())
    # Conditional on the status read: a concurrent change fails it (ConditionFailed, 409).
    updated = PlatformRepository().update(
        *profile(staff_id), set_values=changes, condition=Attr("status").eq(current.status)
    )
    audit.record_platform(
        action="staff.enabled" if active else "staff.disabled",
        outcome="success",
        source_ip=source_ip,
        actor=actor,
        target=staff_id,
    )
    return to_member(updated)


def mark_signed_in(staff_id: str) -> None:
    PlatformRepository().update(*profile(staff_id), set_values={"last_sign_in": clock.iso()})
