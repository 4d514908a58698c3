"""Identity tests run against moto in-process: the data table and the two KMS keys
provisioned from the template alone (not the whole stack, which takes seconds), and the
functions' identity environment."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pyotp
import pytest

from footprint.adapters.aws import forget_cached_clients
from footprint.domain.auth import passwords
from footprint.domain.tenancy import Role, TenantContext
from footprint.identity import onboarding, sessions, signin, users
from local.provision import Provisioner, local_name
from local.template import ROOT, load_template

PASSWORD = "correct horse battery staple"
SOURCE_IP = "198.51.100.7"
TABLE = local_name("DataTable")


@dataclass
class Stack:
    table: str
    signing_key: str
    data_key: str


@pytest.fixture
def identity(aws: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[Stack]:
    import boto3

    forget_cached_clients()
    provisioned = Provisioner(load_template(), boto3.Session()).provision(
        only={"DataTable", "DataKey", "SigningKey"}
    )
    table = provisioned.resolver.physical["DataTable"]
    assert table == TABLE
    signing = provisioned.resolver.physical["SigningKey"]
    data = provisioned.resolver.physical["DataKey"]
    for name, value in {
        "FOOTPRINT_DATA_TABLE": table,
        "FOOTPRINT_SIGNING_KEY": signing,
        "FOOTPRINT_DATA_KEY": data,
        "FOOTPRINT_TOKEN_ISSUER": "https://footprint-test.footprint/dev",
        # Exercise the tenant-scoped credentials path (moto's STS answers the AssumeRole).
        "FOOTPRINT_TENANT_DATA_ROLE_ARN": f"arn:aws:iam::123456789012:role/{table}-tenant",
    }.items():
        monkeypatch.setenv(name, value)
    for group in ("auth", "users", "authorizer"):
        monkeypatch.syspath_prepend(str(ROOT / "functions" / group))
    # bcrypt at cost 12 takes most of a second here; the cost itself is tested in
    # tests/unit/domain/auth/test_passwords.py, the flows need not pay it on every step.
    monkeypatch.setattr(passwords, "BCRYPT_COST", 4)
    passwords._dummy_hash.cache_clear()
    yield Stack(table, signing, data)
    passwords._dummy_hash.cache_clear()
    forget_cached_clients()


@dataclass
class Account:
    context: TenantContext
    user_id: str
    email: str
    totp_secret: str
    tokens: signin.SignedIn
    clock: list[float]  # steps forward between sign-ins, so each TOTP code is fresh

    def code(self) -> str:
        self.clock[0] += 30
        return pyotp.TOTP(self.totp_secret).at(self.clock[0])


def secret_of(uri: str | None) -> str:
    assert uri is not None
    found = re.search(r"secret=([A-Z2-7]+)", uri)
    assert found
    return found.group(1)


class Clock:
    """identity.clock.now, moved by tests (TOTP steps, lock expiry)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        import time

        self.now = time.time()
        monkeypatch.setattr("footprint.identity.clock.now", lambda: self.now)

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock(identity: Stack, monkeypatch: pytest.MonkeyPatch) -> Clock:
    return Clock(monkeypatch)


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


@pytest.fixture
def tenant(clock: Clock) -> Tenant:
    return make_tenant("Acme", "admin@acme.example", clock)


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
    import boto3

    return list(boto3.resource("dynamodb").Table(TABLE).scan()["Items"])


def proxy_event(
    method: str,
    resource: str,
    *,
    path_parameters: dict[str, str] | None = None,
    body: Any = None,
    authorizer: dict[str, str] | None = None,
    source_ip: str = SOURCE_IP,
) -> dict[str, Any]:
    """An API Gateway REST proxy event as the gateway sends it after the authorizer."""
    import json

    path = resource
    for name, value in (path_parameters or {}).items():
        path = path.replace("{" + name + "}", value)
    return {
        "resource": resource,
        "path": path,
        "httpMethod": method,
        "headers": {"Content-Type": "application/json"},
        "multiValueHeaders": {"Content-Type": ["application/json"]},
        "queryStringParameters": None,
        "multiValueQueryStringParameters": None,
        "pathParameters": path_parameters,
        "body": None if body is None else json.dumps(body),
        "isBase64Encoded": False,
        "requestContext": {
            "resourcePath": resource,
            "httpMethod": method,
            "path": f"/dev{path}",
            "stage": "dev",
            "requestId": "test-request",
            "identity": {"sourceIp": source_ip},
            "authorizer": authorizer,
        },
    }


def invoke(module: str, event: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """Run a handler module's ``lambda_handler``; answers (status, JSON body)."""
    import importlib
    import json

    from local.lambdas import LambdaContext

    handler = importlib.import_module(module).lambda_handler
    result = handler(event, LambdaContext(module, 1024, 25))
    text = result.get("body") or "{}"
    return int(result["statusCode"]), json.loads(text) if text.strip() else {}


def expiry(tokens: sessions.TokenSet) -> int:
    """The access token's ``exp``."""
    import base64
    import json

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


@pytest.fixture
def atomic_dynamodb(monkeypatch: pytest.MonkeyPatch) -> None:
    """moto's DynamoDB checks a condition and then writes, in the calling thread; DynamoDB
    does both at once. Concurrent tests serialise moto's item calls so that it does too."""
    import threading

    from moto.dynamodb.models import DynamoDBBackend

    lock = threading.RLock()
    for name in ("get_item", "put_item", "update_item", "delete_item", "transact_write_items"):
        real = getattr(DynamoDBBackend, name)

        def serialised(*args: Any, _real: Any = real, **kwargs: Any) -> Any:
            with lock:
                return _real(*args, **kwargs)

        monkeypatch.setattr(DynamoDBBackend, name, serialised)


def at_once(count: int, call: Callable[[int], object]) -> list[object]:
    """Run ``call(0..count-1)`` in ``count`` threads started together; answers each one's
    result or the exception it raised, in order."""
    import threading

    start = threading.Barrier(count)
    results: list[object] = [None] * count

    def run(index: int) -> None:
        start.wait()
        try:
            results[index] = call(index)
        except Exception as error:
            results[index] = error

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def hold(monkeypatch: pytest.MonkeyPatch, target: str, parties: int) -> list[object]:
    """Replace the function at ``target`` by one that waits (up to a second) until
    ``parties`` callers have reached it, then calls it: every request that gets that far in
    a burst is in flight at once. Answers the list of calls, one entry each."""
    import contextlib
    import importlib
    import threading

    module_name, _, name = target.rpartition(".")
    module = importlib.import_module(module_name)
    real = getattr(module, name)
    gate = threading.Barrier(parties, timeout=1.0)
    calls: list[object] = []

    def held(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        # Fewer callers than parties: they go on after the timeout.
        with contextlib.suppress(threading.BrokenBarrierError):
            gate.wait()
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, held)
    return calls
