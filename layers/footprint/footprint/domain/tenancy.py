"""Who is acting, for which tenant: the only thing tenant data keys can be built from.

A ``TenantContext`` is made by a few trusted constructors, each named after the proof behind
it: a token the authorizer verified, a sign-in that resolved the tenant from a server-side
record, an operator command, or a staff grant read from the platform's records. No code path
turns a tenant id from a request body or path into a context, so no request can name another
tenant's keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from footprint.domain.errors import Forbidden
from footprint.domain.ids import valid_id


class Role(StrEnum):
    """A user's role inside one tenant."""

    ADMIN = "admin"  # users, settings, everything
    EDITOR = "editor"  # uploads and calculations
    VIEWER = "viewer"  # read emissions
    AUDITOR = "auditor"  # read emissions and the audit log


class Proof(StrEnum):
    """What established the tenant of a context."""

    TOKEN = "token"  # an access token verified by the authorizer  # noqa: S105
    SIGN_IN = "sign_in"  # a sign-in flow that found the tenant in a server-side record
    OPERATOR = "operator"  # platform staff running the footprint CLI
    WORKFLOW = "workflow"  # a workflow step started for an upload an authenticated user made
    GRANT = "grant"  # a staff member's active grant, which names its tenant
    INTEGRATION = "integration"  # an integration token whose keyed digest matched its record


@dataclass(frozen=True, slots=True)
class GrantScope:
    """The staff grant a context acts under: tenant-scoped credentials carry its id and last
    no longer than its end (epoch seconds)."""

    grant_id: str
    ends_at: int


@dataclass(frozen=True, slots=True)
class TenantContext:
    tenant_id: str
    proof: Proof
    user_id: str | None = None  # the user, or under a grant the staff member
    role: Role | None = None
    grant: GrantScope | None = None

    def __post_init__(self) -> None:
        if not valid_id(self.tenant_id):
            raise ValueError("tenant id has an invalid form")
        if self.user_id is not None and not valid_id(self.user_id):
            raise ValueError("user id has an invalid form")

    @classmethod
    def from_verified_token(cls, tenant_id: str, user_id: str, role: str) -> TenantContext:
        """From the claims the authorizer verified (signature, issuer, audience, expiry)."""
        try:
            parsed = Role(role)
        except ValueError:
            raise Forbidden("Access to this resource is denied.") from None
        return cls(tenant_id=tenant_id, proof=Proof.TOKEN, user_id=user_id, role=parsed)

    @classmethod
    def for_sign_in(cls, tenant_id: str) -> TenantContext:
        """For sign-in flows: the tenant came from a server-side record (e-mail registry,
        invitation, refresh session) or a SAML ACS whose assertion is checked against this
        tenant's own IdP before anyone is signed in."""
        return cls(tenant_id=tenant_id, proof=Proof.SIGN_IN)

    @classmethod
    def for_operator(cls, tenant_id: str) -> TenantContext:
        """For platform staff's commands (``footprint tenant create``)."""
        return cls(tenant_id=tenant_id, proof=Proof.OPERATOR)

    @classmethod
    def for_workflow(cls, tenant_id: str) -> TenantContext:
        """For calculation and backup steps: the tenant came from the object key or upload
        record that an authenticated request wrote, never from a client's words."""
        return cls(tenant_id=tenant_id, proof=Proof.WORKFLOW)

    @classmethod
    def for_staff_grant(
        cls, tenant_id: str, staff_id: str, role: Role, grant: GrantScope
    ) -> TenantContext:
        """For a staff member's request under an active grant: the grant record, read from
        the platform's store, names the tenant and the role (never the request)."""
        if role is Role.ADMIN:
            raise Forbidden("Access to this resource is denied.")
        return cls(tenant_id=tenant_id, proof=Proof.GRANT, user_id=staff_id, role=role, grant=grant)

    @classmethod
    def for_grant_record(cls, tenant_id: str) -> TenantContext:
        """For recording a staff grant's stages in its tenant's log and reading the tenant's
        settings for it: the tenant comes from the grant record in the platform's store (or,
        as it is made, from the platform's tenant registry), not from a client's words."""
        return cls(tenant_id=tenant_id, proof=Proof.GRANT)

    @classmethod
    def for_integration_token(cls, tenant_id: str, token_id: str, role: Role) -> TenantContext:
        """For a machine client's request: the token's record, found under the tenant its
        value names and matched by keyed digest, gives the role; the token acts as itself."""
        if role not in (Role.EDITOR, Role.VIEWER):
            raise Forbidden("Access to this resource is denied.")
        return cls(tenant_id=tenant_id, proof=Proof.INTEGRATION, user_id=token_id, role=role)

    def require_user(self) -> str:
        """The acting user's id; a context without one may not act as a user."""
        if self.user_id is None:
            raise Forbidden("Access to this resource is denied.")
        return self.user_id

    def acting_as(self, user_id: str, role: Role) -> TenantContext:
        """The same tenant, now with the user a sign-in established."""
        return TenantContext(self.tenant_id, self.proof, user_id, role, self.grant)
