"""Who may call a route: declared on the route, enforced here, once, for every function.

Each route passes ``openapi_extensions=roles(Role.ADMIN, ...)`` (or ``public()`` for the few
routes without the authorizer), so the declaration is part of the OpenAPI document and a
test walks it against the template. ``enforce_access`` runs before every handler
(``make_resolver`` installs it): it builds the ``TenantContext`` from the authorizer's
verified claims, re-checks the token's expiry, then tenant, user, session and IP allowlist
against the table (``footprint.identity.guard``: this is what makes expiry and disabling
immediate despite the authorizer cache) and compares the user's *current* role with the
route's declaration. A route that declares nothing is refused when the request came through
the authorizer (fail closed) and served when the template runs it without one.

Staff routes declare ``staff_roles(...)`` instead, and admit only staff tokens (the
authorizer's ``realm=staff``), re-checked against the member's record and session. A staff
token on a tenant's route is refused unless the request names an active grant of the
member's (``X-Footprint-Grant``), read on every request (``guard.current_grant``); the route
then runs in the grant's tenant with the grant's role (viewer or editor, never admin), and
the request and its status are written to that tenant's audit log.

An integration token (the authorizer's ``kind=token``) is handled like a grant: its record
is read again on every request (revoked or expired: refused at once, whatever the authorizer
cached; the tenant's allowlist applied), it reaches only routes that admit its role and are
not identity routes (declared ``roles(..., identity=True)``), and each request is counted on
the token and written to the tenant's audit log with its status.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response
from aws_lambda_powertools.event_handler.middlewares import NextMiddleware
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError
from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from footprint.api.caller import caller_address
from footprint.domain.auth.devices import device_label
from footprint.domain.auth.tokens import Realm
from footprint.domain.errors import FootprintError, Forbidden, Unauthenticated
from footprint.domain.staff_access import SCOPE_ROLES, StaffRole
from footprint.domain.tenancy import Role, TenantContext

if TYPE_CHECKING:
    from footprint.identity.staff import StaffMember

ROLES_EXTENSION = "x-footprint-roles"
# Set on an identity route: one about people and the tenant's access (users, the signed-in
# user, sign-in settings, tokens, access reviews, the audit log), which no integration token
# reaches whatever roles it admits.
IDENTITY_EXTENSION = "x-footprint-identity"
STAFF_ROLES_EXTENSION = "x-footprint-staff-roles"
PUBLIC = "public"
_CONTEXT_KEY = "footprint_tenant_context"
_STAFF_KEY = "footprint_staff_member"
NO_GRANT = "Staff reach a tenant's data only under an active grant (X-Footprint-Grant)."
GRANT_HEADER = "X-Footprint-Grant"
# The tenant roles a grant acts with (footprint.domain.staff_access.SCOPE_ROLES).
GRANTABLE = frozenset(role.value for role in SCOPE_ROLES.values())

TOKEN_KIND = "token"  # noqa: S105 - the authorizer's kind for an integration token
NO_TOKEN = "Integration tokens do not reach this route."  # noqa: S105 - a message

# A handler module's resolver, or one of its routers (which share the resolver's event).
Routing = APIGatewayRestResolver | APIGatewayRouter


def roles(*allowed: Role, identity: bool = False) -> dict[str, Any]:
    """The declaration for a protected route: the roles it admits, and whether it is an
    identity route (``IDENTITY_EXTENSION``: no integration token reaches it)."""
    if not allowed:
        raise ValueError("a protected route admits at least one role")
    declaration: dict[str, Any] = {ROLES_EXTENSION: [role.value for role in allowed]}
    if identity:
        declaration[IDENTITY_EXTENSION] = True
    return declaration


def staff_roles(*allowed: StaffRole) -> dict[str, Any]:
    """The declaration for a staff route: the staff roles it admits (never a tenant's user)."""
    if not allowed:
        raise ValueError("a staff route admits at least one staff role")
    return {STAFF_ROLES_EXTENSION: [role.value for role in allowed]}


def public() -> dict[str, Any]:
    """The declaration for a route served without the authorizer (sign-in, SAML, health)."""
    return {ROLES_EXTENSION: [PUBLIC]}


# The declarations most routes make: every role may read the tenant's data, admins and
# editors may change it (upload, recalculate).
READERS = roles(*Role)
WRITERS = roles(Role.ADMIN, Role.EDITOR)
# Every role reads it, and it is about people or the tenant's access (the signed-in user).
IDENTITY_READERS = roles(*Role, identity=True)


def _extensions(app: APIGatewayRestResolver) -> dict[str, Any]:
    route = app.context.get("_route")
    return getattr(route, "openapi_extensions", None) or {}


def declared_roles(
    app: APIGatewayRestResolver, extension: str = ROLES_EXTENSION
) -> list[str] | None:
    value = _extensions(app).get(extension)
    return [str(role) for role in value] if isinstance(value, list) else None


def is_identity_route(app: APIGatewayRestResolver) -> bool:
    """Whether the route declares itself an identity route (``roles(..., identity=True)``)."""
    return _extensions(app).get(IDENTITY_EXTENSION) is True


def source_ip(app: Routing) -> str:
    """The caller's address (``footprint.api.caller``: the connection's, or the viewer's
    behind our CloudFront distribution; never X-Forwarded-For)."""
    event = app.current_event
    return caller_address(str(event.request_context.identity.source_ip or ""), event.headers)


def device(app: Routing) -> str:
    """The caller's device as a session keeps it: a coarse label read from the User-Agent,
    which itself is never kept (``footprint.domain.auth.devices``)."""
    return device_label(app.current_event.headers.get("User-Agent"))


def current_context(app: Routing) -> TenantContext:
    """The verified caller of a protected route (set by ``enforce_access``)."""
    context = app.context.get(_CONTEXT_KEY)
    if not isinstance(context, TenantContext):
        raise Forbidden("Access to this resource is denied.")
    return context


def current_session(app: Routing) -> str:
    """The session id of the caller's verified access token."""
    authorizer = app.current_event.request_context.authorizer.raw_event or {}
    return str(authorizer.get("session_id", ""))


def current_staff(app: Routing) -> StaffMember:
    """The verified member of staff calling a staff route (set by ``enforce_access``)."""
    from footprint.identity.staff import StaffMember

    member = app.context.get(_STAFF_KEY)
    if not isinstance(member, StaffMember):
        raise Forbidden("Access to this resource is denied.")
    return member


def _enforce_staff(
    app: APIGatewayRestResolver,
    authorizer: dict[str, Any],
    next_middleware: Callable[[APIGatewayRestResolver], Response[Any]],
) -> Response[Any]:
    """A staff token: on a staff route, the member's current role against the declaration;
    on a tenant's route, refused without an active grant."""
    from footprint.identity.guard import current_staff as verified_staff

    try:
        staff_id, session_id = str(authorizer["user_id"]), str(authorizer["session_id"])
        expires_at = int(str(authorizer["expires_at"]))
    except (KeyError, ValueError):
        raise Unauthenticated("A valid bearer token is required.") from None
    member = verified_staff(staff_id, session_id, expires_at=expires_at)
    declared = declared_roles(app, STAFF_ROLES_EXTENSION)
    if declared is None:
        return _under_grant(app, member, next_middleware)
    if member.role.value not in declared:
        raise Forbidden("Access to this resource is denied.")
    app.context[_STAFF_KEY] = member
    return next_middleware(app)


def _under_grant(
    app: APIGatewayRestResolver,
    member: StaffMember,
    next_middleware: Callable[[APIGatewayRestResolver], Response[Any]],
) -> Response[Any]:
    """A staff member on a tenant's route: only under an active grant of theirs, with the
    grant's role (never admin); the request and its status go to the tenant's audit log."""
    from footprint.identity import staff_access
    from footprint.identity.guard import current_grant

    grant_id = app.current_event.headers.get(GRANT_HEADER)  # case-insensitive
    declared = declared_roles(app) or []
    if not grant_id or not set(declared) & GRANTABLE:
        # No grant, or a route no grant reaches (users, SSO, allowlist, settings, audit).
        raise Forbidden(NO_GRANT)
    context, grant = current_grant(member, grant_id, source_ip(app))
    event = app.current_event
    route = f"{event.http_method} {event.request_context.resource_path}"
    return _run_recorded(
        app,
        context,
        declared,
        "This grant's scope does not reach this route.",
        next_middleware,
        lambda status: staff_access.record_use(
            context, grant, route=route, status=status, source_ip=source_ip(app)
        ),
    )


def _run_recorded(
    app: APIGatewayRestResolver,
    context: TenantContext,
    declared: Sequence[str],
    refusal: str,
    next_middleware: Callable[[APIGatewayRestResolver], Response[Any]],
    record: Callable[[int], None],
) -> Response[Any]:
    """The route run as ``context`` when its role is ``declared`` (else 403 ``refusal``), its
    answer's status handed to ``record`` whatever happens (500 for an unexpected failure):
    a grant's and a token's every request are counted and audited alike."""
    status = 500
    try:
        if context.role is None or context.role.value not in declared:
            raise Forbidden(refusal)
        app.context[_CONTEXT_KEY] = context
        answer = next_middleware(app)
        status = answer.status_code
        return answer
    except FootprintError as error:
        status = error.status
        raise
    except RequestValidationError:
        status = 400
        raise
    finally:
        record(status)


def _enforce_token(
    app: APIGatewayRestResolver,
    authorizer: dict[str, Any],
    next_middleware: Callable[[APIGatewayRestResolver], Response[Any]],
) -> Response[Any]:
    """An integration token: its record re-read, its role against the declaration, never an
    identity route; the request and its status counted and audited."""
    from footprint.identity import integration_tokens

    event = app.current_event
    resource_path = str(event.request_context.resource_path)
    declared = declared_roles(app) or []
    if is_identity_route(app):
        raise Forbidden(NO_TOKEN)
    try:
        tenant_id, token_id = str(authorizer["tenant_id"]), str(authorizer["token_id"])
    except KeyError:
        raise Unauthenticated("A valid bearer token is required.") from None
    context, token = integration_tokens.current(tenant_id, token_id, source_ip(app))
    route = f"{event.http_method} {resource_path}"
    return _run_recorded(
        app,
        context,
        declared,
        "Access to this resource is denied.",
        next_middleware,
        lambda status: integration_tokens.record_use(
            context, token, route=route, status=status, source_ip=source_ip(app)
        ),
    )


def enforce_access(
    app: APIGatewayRestResolver, next_middleware: Callable[[APIGatewayRestResolver], Response[Any]]
) -> Response[Any]:
    from footprint.identity.guard import current_principal

    declared = declared_roles(app)
    staff_declared = declared_roles(app, STAFF_ROLES_EXTENSION)
    authorizer = app.current_event.request_context.authorizer.raw_event or {}
    if declared == [PUBLIC] or (declared is None and staff_declared is None and not authorizer):
        # Served without the authorizer (the template's ``Auth: Authorizer: NONE``).
        return next_middleware(app)
    if authorizer.get("realm") == Realm.STAFF.value:
        return _enforce_staff(app, authorizer, next_middleware)
    if authorizer.get("kind") == TOKEN_KIND:
        return _enforce_token(app, authorizer, next_middleware)
    if not declared:
        # A protected route that declares no roles admits no one.
        raise Forbidden("Access to this resource is denied.")
    try:
        token_context = TenantContext.from_verified_token(
            str(authorizer["tenant_id"]), str(authorizer["user_id"]), str(authorizer["role"])
        )
        session_id = str(authorizer["session_id"])
        expires_at = int(str(authorizer["expires_at"]))
    except (KeyError, ValueError):
        raise Unauthenticated("A valid bearer token is required.") from None
    context = current_principal(token_context, session_id, source_ip(app), expires_at=expires_at)
    if context.role is None or context.role.value not in declared:
        raise Forbidden("Access to this resource is denied.")
    app.context[_CONTEXT_KEY] = context
    return next_middleware(app)


def install_access_control(app: APIGatewayRestResolver) -> None:
    """Run ``enforce_access`` before anything else looks at the request.

    Powertools always runs its request validation first, so a caller without the role
    would learn from a 400 how the body should look; access is checked ahead of validation
    by putting ``enforce_access`` in front of Powertools' validation middleware (a test
    checks that a refused role gets 403 whatever its body).
    """
    validation = getattr(app, "_request_validation_middleware", None)
    if validation is None:
        app.use(middlewares=[enforce_access])
        return

    def access_then_validation(
        current: APIGatewayRestResolver, next_middleware: NextMiddleware
    ) -> Response[Any]:
        def validate(resolver: APIGatewayRestResolver) -> Response[Any]:
            answer: Response[Any] = validation(resolver, next_middleware)
            return answer

        return enforce_access(current, validate)

    setattr(app, "_request_validation_middleware", access_then_validation)  # noqa: B010
