"""People of a tenant in the in-process identity stack: a tenant with its signed-in admin,
members of each role, their tokens and the authorizer context API Gateway passes on."""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass
from typing import Any

import boto3
import pyotp

from footprint.domain.tenancy import Role, TenantContext
from footprint.identity import onboarding, sessions, signin, users
from local.provision import local_name
from tests.support.clock import Clock

PASSWORD = "correct horse battery staple"
SOURCE_IP = "198.51.100.7"
TABLE = local_name("DataTable")


@dataclass
class Stack:
    """What the ``identity`` fixture provisions: the data table and the two KMS keys."""

    table: str
    signing_key: str
    data_key: str


def secret_of(uri: str | None) -> str:
    assert uri is not None
    found = re.search(r"secret=([A-Z2-7]+)", uri)
    assert found
    return found.group(1)


def first_sign_in(email: str, temporary: str, clock: Clock) -> tuple[str, signin.SignedIn]:
    """NEW_PASSWORD -> MFA_SETUP -> tokens; answers the TOTP secret and the tokens."""
    step = signin.login(email, temporary, source_ip=SOURCE_IP)
    assert step.challenge == "NEW_PASSWORD"
    step2 = signin.answer(step.session, new_password=PASSWORD, code=None, source_ip=SOURCE_IP)
    assert isinstance(step2, signin.Challenge)
    assert step2.challenge == "MFA_SETUP"
    secret = secret_of(step2.otpauth_uri)
    done = signin.answer(
        step2.session, new_password=None, code=pyotp.TOTP(secret).at(clock.now), source_ip=SOURCE_IP
    )
    assert isinstance(done, signin.SignedIn)
    return secret, done


def sign_in(email: str, secret: str, clock: Clock) -> signin.SignedIn:
    clock.advance(30)
    step = signin.login(email, PASSWORD, source_ip=SOURCE_IP)
    assert step.challenge == "MFA"
    done = signin.answer(
        step.session, new_password=None, code=pyotp.TOTP(secret).at(clock.now), source_ip=SOURCE_IP
    )
    assert isinstance(done, signin.SignedIn)
    return done


@dataclass
class Tenant:
    context: TenantContext
    admin_id: str
    admin_email: str
    admin_secret: str
    admin_tokens: signin.SignedIn


def make_tenant(name: str, email: str, clock: Clock) -> Tenant:
    created = onboarding.create_tenant(name, email)
    secret, tokens = first_sign_in(email, created.temporary_password, clock)
    context = TenantContext.for_operator(created.tenant_id)
    return Tenant(context, created.admin_user_id, email, secret, tokens)


def add_member(
    tenant: Tenant, role: Role, email: str, clock: Clock
) -> tuple[str, sessions.TokenSet]:
    """An active user of ``role`` with a session (invited, redeemed, MFA set up)."""
    admin = tenant.context.acting_as(tenant.admin_id, Role.ADMIN)
    user, invitation, _ = users.invite_user(
        admin, email=email, name="", role=role, source_ip=SOURCE_IP
    )
    setup = signin.redeem_invitation(invitation, PASSWORD, source_ip=SOURCE_IP)
    done = signin.answer(
        setup.session,
        new_password=None,
        code=pyotp.TOTP(secret_of(setup.otpauth_uri)).at(clock.now),
        source_ip=SOURCE_IP,
    )
    assert isinstance(done, signin.SignedIn)
    return user.user_id, done


def table_items() -> list[dict[str, Any]]:
    """Every item in the data table (tests only: the code never scans)."""
    return list(boto3.resource("dynamodb").Table(TABLE).scan()["Items"])


def expiry(tokens: sessions.TokenSet) -> int:
    """The access token's ``exp``."""
    claims = tokens.access_token.split(".")[1]
    return int(json.loads(base64.urlsafe_b64decode(claims + "=" * (-len(claims) % 4)))["exp"])


def authorizer_context(
    context: TenantContext, user_id: str, role: Role, tokens: sessions.TokenSet
) -> dict[str, str]:
    return {
        "tenant_id": context.tenant_id,
        "user_id": user_id,
        "role": role.value,
        "session_id": tokens.refresh_token.split(".")[2],
        "expires_at": str(expiry(tokens)),
        "principalId": user_id,
    }
