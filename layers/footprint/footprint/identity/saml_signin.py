"""SAML single sign-on for a tenant, end to end: its settings, its SP, and signing users in.

The checks on a response are ``footprint.domain.auth.saml``'s; this module gives them the
tenant's stored settings, a replay store and a store of our outstanding requests (both in the
tenant's own key space, so one tenant's request ids and assertion ids can never answer for
another's), then provisions the user just in time, opens a session, and audits the outcome.

The tenant id comes from the ACS URL, so it is only a claim until the response has been
verified against the IdP *that tenant* configured: nothing is read or written for it before
that except its own settings and an audit event.

A browser does not receive tokens from the ACS (the IdP's form posts there, so the answer is
a page load, not something the app's script reads): it receives a one-time code in the
address fragment of its redirect to the app, and the app exchanges the code for tokens.
The code is good once, for 60 seconds, in the tenant it names; only its SHA-256 digest is
stored, so a read of the table yields no usable code.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from dataclasses import dataclass

from boto3.dynamodb.conditions import Attr

from footprint.adapters.repository import ConditionFailed, TenantRepository
from footprint.domain.auth.domains import domain_of
from footprint.domain.auth.saml import (
    PendingSignIn,
    SamlRejected,
    ServiceProvider,
    SignInRequest,
    public_base_url_checked,
    safe_relay_state,
    sp_metadata,
    start_sign_in,
    verify_response,
)
from footprint.domain.auth.sso_settings import SsoBinding, SsoConfiguration
from footprint.domain.errors import Conflict, Forbidden, InvalidInput, NotFound, Unauthenticated
from footprint.domain.tenancy import TenantContext
from footprint.identity import audit, clock, domains, replay, sessions, sso, tenants, users
from footprint.observability import logger

PUBLIC_BASE_URL_VARIABLE = "FOOTPRINT_PUBLIC_BASE_URL"
WEB_BASE_URL_VARIABLE = "FOOTPRINT_WEB_BASE_URL"
_REPLAY_NAMESPACE = "saml-assertion"
_REQUESTS = ("SAML", "REQUEST")
_FAILURES = ("SAML", "FAILURES")
_BROWSER_CODES = ("SAML", "BROWSER_CODE")
FAILURE_WINDOW_SECONDS = 300
BROWSER_CODE_SECONDS = 60
MAX_BROWSER_CODE_CHARS = 200


def service_provider(context: TenantContext) -> ServiceProvider:
    """The tenant's SP, under the API's configured public URL (never the request's Host)."""
    return ServiceProvider.for_tenant(context.tenant_id, os.environ[PUBLIC_BASE_URL_VARIABLE])


def app_url(relay_state: str | None, fragment: str) -> str:
    """An address in the web application (configured, never the request's Host): the page
    the person asked for, with ``fragment`` for the app's script. A fragment never reaches a
    server or its logs."""
    base = public_base_url_checked(os.environ[WEB_BASE_URL_VARIABLE])
    path = (safe_relay_state(relay_state) or "/").split("#", 1)[0]
    return f"{base}{path}#{fragment}"


def configuration(context: TenantContext) -> SsoConfiguration | None:
    stored = sso.load_sso_settings(context)
    return SsoConfiguration.from_record(stored.model_dump(mode="json")) if stored else None


def save(context: TenantContext, settings: sso.SsoSettings, *, source_ip: str) -> SsoConfiguration:
    """Check an admin's settings (the metadata above all), then store and audit them."""
    checked = SsoConfiguration.create(**settings.model_dump(mode="json"))
    sso.save_sso_settings(
        context, settings, actor_user_id=context.require_user(), source_ip=source_ip
    )
    return checked


def sign_in_context(tenant_id: str) -> TenantContext:
    """The tenant a public SAML URL names, if it is an active tenant; else 404 (the same
    answer for a malformed id, an unknown tenant and a disabled one)."""
    try:
        context = TenantContext.for_sign_in(tenant_id)
    except ValueError:
        raise NotFound("No such organisation.") from None
    if not tenants.tenant_exists(context):
        raise NotFound("No such organisation.")
    return context


def _configured(context: TenantContext) -> SsoConfiguration:
    settings = configuration(context)
    if settings is None:
        raise NotFound("Single sign-on is not set up for this organisation.")
    return settings


def metadata(tenant_id: str) -> str:
    """The SP metadata, also before SSO is configured: admins need it to register the app."""
    return sp_metadata(service_provider(sign_in_context(tenant_id)))


def binding(tenant_id: str) -> SsoBinding:
    """How the tenant's IdP takes sign-in requests (404 without SSO)."""
    return _configured(sign_in_context(tenant_id)).identity_provider.sso_binding


def begin(tenant_id: str, relay_state: str | None) -> SignInRequest:
    """Start SP-initiated sign-in: remember our request, answer what to send the IdP."""
    context = sign_in_context(tenant_id)
    request = start_sign_in(service_provider(context), _configured(context), relay_state)
    _PendingSignIns(context).remember(request.pending)
    return request


def begin_for_address(email: str, relay_state: str | None) -> SignInRequest:
    """Start SP-initiated sign-in at the IdP of the tenant that has verified the address's
    domain. One answer (404) for a malformed address, a domain no tenant has verified and a
    tenant without SSO: the caller learns only whether the domain signs in here by SSO, which
    its public ``_footprint`` TXT record shows anyway, never whether the address has an account."""
    unknown = NotFound("No organisation signs in with single sign-on at this address.")
    try:
        address = users.normalise_email(email)
    except InvalidInput:
        raise unknown from None
    tenant_id = domains.holder(domain_of(address))
    if tenant_id is None:
        raise unknown
    try:
        return begin(tenant_id, relay_state)
    except NotFound:
        raise unknown from None


@dataclass(frozen=True)
class SamlSignedIn:
    tokens: sessions.TokenSet
    relay_state: str | None


@dataclass(frozen=True)
class BrowserSignIn:
    """What the ACS hands a browser: a one-time code for the app to exchange, and the path
    on this site the person asked for."""

    code: str
    relay_state: str | None


@dataclass(frozen=True)
class _Vouched:
    context: TenantContext
    user: users.User
    relay_state: str | None


def complete(
    tenant_id: str,
    saml_response: str,
    relay_state: str | None,
    *,
    source_ip: str,
    device: str | None = None,
) -> SamlSignedIn:
    """The ACS for an API client: verify the IdP's response, provision the user, open a
    session."""
    vouched = _vouched(tenant_id, saml_response, relay_state, source_ip=source_ip)
    tokens = sessions.issue_tokens(
        vouched.context, vouched.user, source_ip=source_ip, method="saml", device=device
    )
    return SamlSignedIn(tokens=tokens, relay_state=vouched.relay_state)


def complete_in_browser(
    tenant_id: str, saml_response: str, relay_state: str | None, *, source_ip: str
) -> BrowserSignIn:
    """The ACS for a browser: the same checks, then a one-time code instead of tokens."""
    vouched = _vouched(tenant_id, saml_response, relay_state, source_ip=source_ip)
    secret = secrets.token_urlsafe(32)
    TenantRepository(vouched.context).put(
        _BROWSER_CODES,
        (_digest(secret),),
        {"user_id": vouched.user.user_id},
        expires_at=int(clock.now()) + BROWSER_CODE_SECONDS,
        if_absent=True,
    )
    return BrowserSignIn(
        code=f"{vouched.context.tenant_id}.{secret}", relay_state=vouched.relay_state
    )


def exchange(code: str, *, source_ip: str, device: str | None = None) -> sessions.TokenSet:
    """Tokens for a code the ACS handed a browser: once, within its minute, for a user who
    is still active. Every failure is the same 401."""
    refused = Unauthenticated("The sign-in code is invalid or has expired: sign in again.")
    tenant_id, _, secret = code.partition(".")
    if not secret:
        raise refused
    try:
        context = sign_in_context(tenant_id)
    except NotFound:
        raise refused from None
    repository = TenantRepository(context)
    address = (_BROWSER_CODES, (_digest(secret),))
    item = repository.get(*address)
    if item is None:
        raise refused
    try:
        # Of two exchanges of one code, only one deletes it; an expired one TTL has not yet
        # removed is refused here too.
        repository.delete(
            *address,
            condition=Attr("pk").exists() & Attr("expires_at").gt(int(clock.now())),
        )
    except ConditionFailed:
        raise refused from None
    try:
        user = users.get_user(context, str(item["user_id"]))
    except NotFound:
        raise refused from None
    if user.status != users.ACTIVE:
        raise refused
    return sessions.issue_tokens(context, user, source_ip=source_ip, method="saml", device=device)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _vouched(
    tenant_id: str, saml_response: str, relay_state: str | None, *, source_ip: str
) -> _Vouched:
    """The tenant's user the IdP's response vouches for, provisioned on first sign-in."""
    context = sign_in_context(tenant_id)
    settings = _configured(context)
    try:
        identity = verify_response(
            sp=service_provider(context),
            settings=settings,
            saml_response=saml_response,
            relay_state=relay_state,
            pending_sign_ins=_PendingSignIns(context),
            replay_store=_ReplayStore(context),
        )
    except SamlRejected as rejection:
        _failed(context, rejection.reason.value, source_ip)
        raise
    if not domains.sso_allows(context, identity.email.strip().lower()):
        _failed(context, "domain not verified", source_ip)
        raise Forbidden("This account cannot sign in here.")
    known = users.lookup_email(identity.email) is not None
    try:
        user = users.provision_sso_user(
            context,
            email=identity.email,
            name=identity.name or identity.email,
            default_role=settings.default_role,
        )
    except (Conflict, Forbidden, InvalidInput):
        _failed(context, "account refused", source_ip)
        raise Forbidden("This account cannot sign in here.") from None
    if not known:
        audit.record(
            context,
            action="user.provisioned",
            outcome="success",
            source_ip=source_ip,
            actor=user.user_id,
            target=user.user_id,
            details={"method": "saml", "role": user.role.value, "idp": identity.idp_entity_id},
        )
    return _Vouched(context=context, user=user, relay_state=identity.relay_state)


def _failed(context: TenantContext, reason: str, source_ip: str) -> None:
    # Counted with password failures by the FailedSignIns metric filter.
    logger.warning(
        "sign-in failed",
        extra={
            "event": "auth.login_failed",
            "tenant_id": context.tenant_id,
            "reason": "saml",
            "saml_reason": reason,
        },
    )
    # Anyone may post to the ACS: repeated failures are audited as the first of a window and
    # then the count at 10, 100, 1000 ..., so a flood cannot fill the audit log.
    window = int(clock.now()) // FAILURE_WINDOW_SECONDS * FAILURE_WINDOW_SECONDS
    count = int(
        TenantRepository(context).update(
            _FAILURES,
            (str(window), reason),
            add={"count": 1},
            set_values={"expires_at": window + 2 * FAILURE_WINDOW_SECONDS},
            must_exist=False,
        )["count"]
    )
    if str(count).rstrip("0") != "1":  # not 1, 10, 100 ...
        return
    details = {"method": "saml", "reason": reason}
    if count > 1:
        details.update(count=str(count), since=clock.iso(window))
    audit.record(
        context,
        action="signin.failure",
        outcome="failure",
        source_ip=source_ip,
        details=details,
    )


class _PendingSignIns:
    """Our outstanding AuthnRequests, in the tenant's key space; each answered once."""

    def __init__(self, context: TenantContext) -> None:
        self._repository = TenantRepository(context)

    def remember(self, pending: PendingSignIn) -> None:
        self._repository.put(
            _REQUESTS,
            (pending.request_id,),
            {"relay_state": pending.relay_state},
            expires_at=pending.expires_at,
            if_absent=True,
        )

    def consume(self, request_id: str) -> PendingSignIn | None:
        item = self._repository.get(_REQUESTS, (request_id,))
        if item is None:
            return None
        try:
            # Of two concurrent answers to one request, only one deletes it.
            self._repository.delete(_REQUESTS, (request_id,), condition=Attr("pk").exists())
        except ConditionFailed:
            return None
        relay_state = item.get("relay_state")
        return PendingSignIn(
            request_id=request_id,
            relay_state=str(relay_state) if relay_state is not None else None,
            expires_at=int(item["expires_at"]),
        )


class _ReplayStore:
    """Assertion ids already used, in the tenant's key space."""

    def __init__(self, context: TenantContext) -> None:
        self._context = context

    def first_use(self, assertion_id: str, expires_at: int) -> bool:
        return replay.remember_once(
            self._context, _REPLAY_NAMESPACE, assertion_id, expires_at=expires_at
        )
