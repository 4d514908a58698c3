"""Who signs in, and where their records live: a user of one tenant, or a member of staff.

Password sign-in (``footprint.identity.signin``) and sessions (``footprint.identity.sessions``)
run the same steps for both realms. What differs is here: the store and partition that hold
the person's profile, challenges, sessions and recovery codes (``TENANT#<t>#USER#<u>``, or
``PLATFORM#STAFF#<s>`` outside every tenant), the KMS encryption context of their TOTP secret,
the audit log their events go to (the tenant's, or the platform's), whether password sign-in
is open to them (a tenant may require SSO; staff always sign in with password and TOTP), how
long a session lasts (staff: 8 hours), and what their tokens claim.

Challenge, session and refresh strings begin with the account's ``scope``: the tenant's id,
or ``staff`` (tenant ids are made as ``t-<hex>``, so no tenant is called that).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from footprint.adapters import kms
from footprint.adapters.repository import PlatformRepository, Repository, TenantRepository
from footprint.domain.auth.tokens import Realm
from footprint.domain.errors import Unauthenticated
from footprint.domain.ids import valid_id
from footprint.domain.tenancy import TenantContext
from footprint.identity import audit, clock, sso, staff, tenants, users

STAFF_SCOPE = "staff"
KeyParts = tuple[str, ...]


class Account(ABC):
    """One person who signs in: ``account_id`` is their user or staff id."""

    realm: ClassVar[Realm]
    refresh_seconds: ClassVar[int]

    def __init__(self, account_id: str) -> None:
        self.account_id = account_id

    @property
    @abstractmethod
    def scope(self) -> str:
        """The first part of the account's challenge, session and refresh strings."""

    @property
    @abstractmethod
    def partition(self) -> KeyParts:
        """The partition of the profile, challenges, sessions and recovery codes."""

    @abstractmethod
    def store(self) -> Repository: ...

    def profile(self) -> tuple[KeyParts, KeyParts]:
        return self.partition, ("PROFILE",)

    def record(self) -> dict[str, Any] | None:
        """The stored profile, secrets included: never an answer."""
        return self.store().get(*self.profile())

    @abstractmethod
    def active(self, record: Mapping[str, Any]) -> bool:
        """The account itself is active."""

    def can_sign_in(self, record: Mapping[str, Any]) -> bool:
        """The account (and its tenant) is active."""
        return self.active(record)

    def password_sign_in_allowed(self) -> bool:
        return True

    @abstractmethod
    def encrypt_secret(self, purpose: str, plaintext: str) -> str: ...

    @abstractmethod
    def decrypt_secret(self, purpose: str, ciphertext: str) -> str: ...

    @abstractmethod
    def set_password(self, password_hash: str, *, temporary: bool) -> None: ...

    @abstractmethod
    def audit(
        self,
        *,
        action: str,
        outcome: str,
        source_ip: str,
        target: str | None = None,
        details: Mapping[str, str] | None = None,
    ) -> None:
        """An event of this person's, in their realm's log."""

    def cut_off_items(self) -> list[tuple[KeyParts, KeyParts]]:
        """Items besides the session and the profile that ``cut_off`` weighs."""
        return []

    @abstractmethod
    def cut_off(
        self,
        session: Mapping[str, Any],
        record: Mapping[str, Any],
        others: Sequence[Mapping[str, Any] | None],
    ) -> bool:
        """True when the session was ended by a cutoff (see ``tenant_cut_off``); ``others``:
        the ``cut_off_items`` as stored."""

    def standing(
        self, session_id: str
    ) -> tuple[dict[str, Any] | None, dict[str, Any] | None, bool]:
        """(The session item, the stored profile, whether a cutoff ended that session), read
        in one round trip: a refresh and every request of staff weigh all three."""
        session, record, *others = self.store().get_many(
            [(self.partition, ("SESSION", session_id)), self.profile(), *self.cut_off_items()]
        )
        ended = session is None or record is None or self.cut_off(session, record, others)
        return session, record, ended

    @abstractmethod
    def signed_in(self, method: str) -> None:
        """Note a completed sign-in by ``method`` (the access reviews show the last)."""

    def end_sessions(self) -> None:
        """End every session the person has now, on every device: the guard and the refresh
        refuse a session issued at or before this moment (``cut_off``)."""
        self.store().update(*self.profile(), set_values={"sessions_valid_after": int(clock.now())})


class TenantAccount(Account):
    realm = Realm.TENANT
    refresh_seconds = 30 * 24 * 3600

    def __init__(self, context: TenantContext, user_id: str) -> None:
        super().__init__(user_id)
        self.context = context

    @property
    def scope(self) -> str:
        return self.context.tenant_id

    @property
    def partition(self) -> KeyParts:
        return users.profile(self.account_id)[0]

    def store(self) -> Repository:
        return TenantRepository(self.context)

    def active(self, record: Mapping[str, Any]) -> bool:
        return record.get("status") == users.ACTIVE

    def can_sign_in(self, record: Mapping[str, Any]) -> bool:
        return self.active(record) and tenants.tenant_exists(self.context)

    def password_sign_in_allowed(self) -> bool:
        return sso.password_login_allowed(self.context)

    def encrypt_secret(self, purpose: str, plaintext: str) -> str:
        return kms.encrypt_secret(self.context, self.account_id, purpose, plaintext)

    def decrypt_secret(self, purpose: str, ciphertext: str) -> str:
        return kms.decrypt_secret(self.context, self.account_id, purpose, ciphertext)

    def set_password(self, password_hash: str, *, temporary: bool) -> None:
        users.set_password(self.context, self.account_id, password_hash, temporary=temporary)

    def audit(
        self,
        *,
        action: str,
        outcome: str,
        source_ip: str,
        target: str | None = None,
        details: Mapping[str, str] | None = None,
    ) -> None:
        audit.record(
            self.context,
            action=action,
            outcome=outcome,
            source_ip=source_ip,
            actor=self.account_id,
            target=target,
            details=details,
        )

    def cut_off_items(self) -> list[tuple[KeyParts, KeyParts]]:
        return [tenants.PROFILE]

    def cut_off(
        self,
        session: Mapping[str, Any],
        record: Mapping[str, Any],
        others: Sequence[Mapping[str, Any] | None],
    ) -> bool:
        (tenant,) = others
        return (
            not tenant
            or tenant.get("status") != tenants.ACTIVE
            or tenant_cut_off(session, record, tenant)
        )

    def signed_in(self, method: str) -> None:
        users.record_sign_in(self.context, self.account_id, method)


class StaffAccount(Account):
    realm = Realm.STAFF
    refresh_seconds = 8 * 3600

    @property
    def scope(self) -> str:
        return STAFF_SCOPE

    @property
    def partition(self) -> KeyParts:
        return staff.partition(self.account_id)

    def store(self) -> Repository:
        return PlatformRepository()

    def active(self, record: Mapping[str, Any]) -> bool:
        return record.get("status") == staff.ACTIVE

    def encrypt_secret(self, purpose: str, plaintext: str) -> str:
        return kms.encrypt_staff_secret(self.account_id, purpose, plaintext)

    def decrypt_secret(self, purpose: str, ciphertext: str) -> str:
        return kms.decrypt_staff_secret(self.account_id, purpose, ciphertext)

    def set_password(self, password_hash: str, *, temporary: bool) -> None:
        staff.set_password(self.account_id, password_hash, temporary=temporary)

    def audit(
        self,
        *,
        action: str,
        outcome: str,
        source_ip: str,
        target: str | None = None,
        details: Mapping[str, str] | None = None,
    ) -> None:
        audit.record_platform(
            action=f"staff.{action}",
            outcome=outcome,
            source_ip=source_ip,
            actor=self.account_id,
            target=target,
            details=details,
        )

    def cut_off(
        self,
        session: Mapping[str, Any],
        record: Mapping[str, Any],
        others: Sequence[Mapping[str, Any] | None],
    ) -> bool:
        return int(session.get("issued_at", 0)) <= int(record.get("sessions_valid_after", 0))

    def signed_in(self, method: str) -> None:
        staff.mark_signed_in(self.account_id)


def tenant_cut_off(
    session: Mapping[str, Any], user: Mapping[str, Any], tenant: Mapping[str, Any]
) -> bool:
    """True when a cutoff came at or after the session was issued: the user's
    ``sessions_valid_after`` (set when they are disabled, so enabling them again revives none
    of their tokens) and, for password sessions, the tenant's ``password_sessions_valid_after``
    (set when an admin turns password sign-in off; that admin's own sessions are kept, so a
    mistake in the IdP settings can still be put right). The stored session, user, tenant."""
    issued = int(session.get("issued_at", 0))
    if issued <= int(user.get("sessions_valid_after", 0)):
        return True
    if not str(session.get("method", "")).startswith("password"):
        return False
    return issued <= int(tenant.get("password_sessions_valid_after", 0)) and user.get(
        "user_id"
    ) != tenant.get("password_sessions_kept_for")


def find(email: str, realm: Realm) -> Account | None:
    """The account registered for ``email`` in ``realm``, or None."""
    if realm is Realm.STAFF:
        staff_id = staff.lookup_email(email)
        return StaffAccount(staff_id) if staff_id else None
    found = users.lookup_email(email)
    if found is None:
        return None
    return TenantAccount(TenantContext.for_sign_in(found[0]), found[1])


def from_scope(scope: str, account_id: str, realm: Realm, refused: str) -> Account:
    """The account a challenge, session or refresh string names, in ``realm``; raises
    Unauthenticated(``refused``) for one of another realm or an ill-formed one."""
    if not (valid_id(scope) and valid_id(account_id)):
        raise Unauthenticated(refused)
    if (scope == STAFF_SCOPE) != (realm is Realm.STAFF):
        raise Unauthenticated(refused)
    if realm is Realm.STAFF:
        return StaffAccount(account_id)
    return TenantAccount(TenantContext.for_sign_in(scope), account_id)
