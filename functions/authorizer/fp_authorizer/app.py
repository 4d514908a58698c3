"""API Gateway REQUEST authorizer: a KMS-signed access token, its tenant, user and session,
and the tenant's IP allowlist.

The token's signature is checked with the signing key's public half (fetched from KMS once
per execution environment), the algorithm pinned to RS256, and ``iss``, ``aud``, ``exp`` and
``token_use`` checked. The caller's address is ``footprint.api.caller``'s, as the handlers
see it: the TCP peer API Gateway saw, or behind our CloudFront distribution the viewer's
address it vouches for; never a header such as X-Forwarded-For. API Gateway caches the answer
for 300 s per token and peer address (behind CloudFront, an edge's), so the policy covers
every method of the API and the handlers re-run the expiry/tenant/user/session/allowlist
check on each request with the caller's own address (``footprint.identity.guard``): an
expired token, a disabled user or another viewer's address is refused at once, not five
minutes later.

A staff token (the staff audience and realm) is checked against the member's record and
session in the platform's store and allowed with ``realm=staff`` in the context, naming no
tenant: the handlers refuse it on every tenant route unless the request names an active grant
(``X-Footprint-Grant``). The grant is not checked here: this answer is cached per token and
address, not per grant (and a header API Gateway keys its cache on must be on every request,
which tenant users' requests never carry), so the handlers' guard checks the grant, and the
tenant's allowlist, on every request.

An integration token (``fpt_...``, a tenant's machine client) is matched by keyed digest
against its record (``footprint.identity.integration_tokens``) and allowed with
``kind=token`` in the context. As with staff grants, the handlers read the token's record
again on every request, so a revoked or expired token is refused on its next call whatever
was cached here, and count and audit each use there.

Answers: no or bad token, disabled user, member of staff or tenant, revoked session ->
``Unauthorized`` (401); an address outside the allowlist -> a Deny policy (403).
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from footprint.api.caller import caller_address
from footprint.domain.auth import integration_tokens as integration_tokens_rules
from footprint.domain.auth import tokens
from footprint.domain.errors import Forbidden, Unauthenticated
from footprint.domain.tenancy import TenantContext
from footprint.identity import guard, integration_tokens, sessions
from footprint.observability import logger


def _api_arn(method_arn: str) -> str:
    # arn:aws:execute-api:region:account:api-id/stage/METHOD/path -> .../api-id/stage/*/*
    prefix, _, path = method_arn.partition(":execute-api:")
    region_account_api = path.split("/", 2)
    return f"{prefix}:execute-api:{region_account_api[0]}/{region_account_api[1]}/*/*"


def _policy(
    principal: str, effect: str, method_arn: str, context: dict[str, str]
) -> dict[str, Any]:
    return {
        "principalId": principal,
        "policyDocument": {
            "Version": "2012-10-17",
            "Statement": [
                {"Action": "execute-api:Invoke", "Effect": effect, "Resource": _api_arn(method_arn)}
            ],
        },
        "context": context,
    }


def _bearer(event: dict[str, Any]) -> str:
    headers = {key.lower(): value for key, value in (event.get("headers") or {}).items()}
    scheme, _, token = str(headers.get("authorization", "")).partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated("A valid bearer token is required.")
    return token.strip()


def _staff(claims: tokens.AccessClaims, method_arn: str) -> dict[str, Any]:
    member = guard.current_staff(claims.user_id, claims.session_id, expires_at=claims.expires_at)
    return _policy(
        claims.user_id,
        "Allow",
        method_arn,
        {
            "realm": tokens.Realm.STAFF.value,
            "user_id": claims.user_id,
            "role": member.role.value,
            "session_id": claims.session_id,
            "expires_at": str(claims.expires_at),
        },
    )


def _integration(bearer: str, source_ip: str, method_arn: str) -> dict[str, Any]:
    try:
        context, token = integration_tokens.authenticate(bearer, source_ip)
    except (Unauthenticated, ValueError) as error:
        logger.info("token refused", extra={"event": "authorizer.denied", "reason": str(error)})
        raise Exception("Unauthorized") from None  # the exact message API Gateway expects
    except Forbidden:
        logger.info("address not allowed", extra={"event": "authorizer.denied", "reason": "ip"})
        return _policy(token_principal(bearer), "Deny", method_arn, {})
    return _policy(
        token_principal(bearer),
        "Allow",
        method_arn,
        {
            "kind": "token",
            "tenant_id": context.tenant_id,
            "token_id": token.token_id,
            "role": token.role.value,
        },
    )


def token_principal(bearer: str) -> str:
    # The token's id, never its value (principalId is logged by API Gateway).
    presented = integration_tokens_rules.parse(bearer)
    return f"token:{presented.token_id}" if presented else "token"


def authorize(event: dict[str, Any]) -> dict[str, Any]:
    method_arn = str(event["methodArn"])
    peer = str(((event.get("requestContext") or {}).get("identity") or {}).get("sourceIp", ""))
    source_ip = caller_address(peer, event.get("headers"))
    try:
        bearer = _bearer(event)
    except Unauthenticated:
        raise Exception("Unauthorized") from None  # the exact message API Gateway expects
    if integration_tokens_rules.looks_like_token(bearer):
        return _integration(bearer, source_ip, method_arn)
    try:
        claims = sessions.verify_access_token(bearer)
        if claims.realm is tokens.Realm.STAFF:
            return _staff(claims, method_arn)
        token_context = TenantContext.from_verified_token(
            claims.tenant_id, claims.user_id, claims.role
        )
        context = guard.current_principal(
            token_context, claims.session_id, source_ip, expires_at=claims.expires_at
        )
    except (tokens.InvalidToken, Unauthenticated, ValueError) as error:
        logger.info("token refused", extra={"event": "authorizer.denied", "reason": str(error)})
        raise Exception("Unauthorized") from None  # the exact message API Gateway expects
    except Forbidden:
        logger.info(
            "address not allowed",
            extra={"event": "authorizer.denied", "tenant_id": claims.tenant_id, "reason": "ip"},
        )
        return _policy(claims.user_id, "Deny", method_arn, {})
    role = context.role.value if context.role else ""
    return _policy(
        claims.user_id,
        "Allow",
        method_arn,
        {
            "tenant_id": context.tenant_id,
            "user_id": claims.user_id,
            "role": role,
            "session_id": claims.session_id,
            # The answer is cached for 300 s, beyond the token's expiry: the handlers' guard
            # refuses it once this has passed.
            "expires_at": str(claims.expires_at),
        },
    )


@logger.inject_lambda_context
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return authorize(event)
