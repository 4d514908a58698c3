"""The per-request check behind every protected route, shared by the authorizer and the
handlers' access middleware.

API Gateway caches the authorizer's answer for 300 s per token and source address, which
would let a disabled user, a revoked session, a new IP allowlist, a demotion or the token's
own expiry wait up to five minutes. So the handlers run this same check again on every
request (the token's ``exp``, carried in the authorizer's context, then three consistent
reads: tenant, user, session): expiry, disabling, sign-out and role changes take effect at
once, and the role a route is checked against is the one stored now, not the one in the token.

A member of staff is checked the same way (token expiry, their record, their session), and
reaches a tenant's routes only under a grant, checked here on every request as well.
"""

from __future__ import annotations

from footprint.adapters.repository import TenantRepository
from footprint.domain.auth import network
from footprint.domain.errors import Forbidden, Unauthenticated
from footprint.domain.staff_access import Grant
from footprint.domain.tenancy import GrantScope, Role, TenantContext
from footprint.identity import clock, sessions, staff, staff_access, tenants, users
from footprint.identity.accounts import StaffAccount, tenant_cut_off


def current_principal(
    token_context: TenantContext, session_id: str, source_ip: str, *, expires_at: int
) -> TenantContext:
    """The context with the user's current role; raises Unauthenticated (token no longer
    good: expired, disabled tenant or user, revoked session) or Forbidden (address not
    allowed). ``expires_at``: the token's ``exp``."""
    user_id = token_context.user_id
    if user_id is None or expires_at <= clock.now():
        raise Unauthenticated("A valid bearer token is required.")
    repository = TenantRepository(token_context)
    tenant_item, user_item, session_item = repository.get_many(
        [
            tenants.PROFILE,
            users.profile(user_id),
            (("USER", user_id), ("SESSION", session_id)),
        ]
    )
    if tenant_item is None or tenant_item.get("status") != tenants.ACTIVE:
        raise Unauthenticated("A valid bearer token is required.")
    if user_item is None or user_item.get("status") != users.ACTIVE:
        raise Unauthenticated("A valid bearer token is required.")
    if session_item is None or session_item.get("status") != sessions.ACTIVE:
        raise Unauthenticated("A valid bearer token is required.")
    if tenant_cut_off(session_item, user_item, tenant_item):
        raise Unauthenticated("A valid bearer token is required.")
    allowlist = [str(entry) for entry in tenant_item.get("ip_allowlist", [])]
    if not network.allowed(source_ip, allowlist):
        raise Forbidden("Access from this address is not allowed.")
    return token_context.acting_as(user_id, Role(str(user_item["role"])))


def current_staff(staff_id: str, session_id: str, *, expires_at: int) -> staff.StaffMember:
    """The member of staff with their current role; raises Unauthenticated when their token
    is no longer good (expired, member disabled, session ended)."""
    refused = Unauthenticated("A valid bearer token is required.")
    if expires_at <= clock.now():
        raise refused
    account = StaffAccount(staff_id)
    session, record, ended = account.standing(session_id)
    if record is None or not account.active(record):
        raise refused
    if session is None or session.get("status") != sessions.ACTIVE:
        raise refused
    if ended:
        raise refused
    return staff.to_member(record)


def current_grant(
    member: staff.StaffMember, grant_id: str, source_ip: str
) -> tuple[TenantContext, Grant]:
    """The tenant context a member's request acts in under grant ``grant_id``: the grant's
    tenant and role, its credentials scoped to the grant. Read on every request, so a grant
    is refused from the second its end passes and from the request after its revocation,
    whatever the authorizer cached and whenever the access token was issued; a grant is
    judged alone, so another grant's end never touches it. Raises Forbidden: a grant that
    is not the member's, not active, of a disabled tenant, or an address outside the
    tenant's allowlist."""
    grant = staff_access.get_grant(grant_id)
    if grant is None or grant.staff_id != member.staff_id:
        raise Forbidden("No such grant of yours.")
    if not grant.active_at(clock.now()) or grant.ends_at is None:
        state = grant.state_at(clock.now()).value
        raise Forbidden(f"This grant is not active ({state}).", state=state)
    context = TenantContext.for_staff_grant(
        grant.tenant_id, member.staff_id, grant.role, GrantScope(grant.grant_id, grant.ends_at)
    )
    tenant_item = TenantRepository(context).get(*tenants.PROFILE)
    if tenant_item is None or tenant_item.get("status") != tenants.ACTIVE:
        raise Forbidden("This grant's tenant is not active.")
    allowlist = [str(entry) for entry in tenant_item.get("ip_allowlist", [])]
    if not network.allowed(source_ip, allowlist):
        raise Forbidden("Access from this address is not allowed.")
    return context, grant
