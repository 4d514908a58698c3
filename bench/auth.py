"""Password sign-in cost: ``POST /v1/auth/login`` p50 as a ratio to one bcrypt check at the
same cost, both measured here, in this run (target: at most 1.2). Also the p50 for an
unknown e-mail against a known one: the uniform-answer rule wants a ratio near 1.

The Auth function's handler runs in-process against moto (table, KMS keys, tenant-scoped
credentials as in AWS), so the figure is our code's overhead around the one bcrypt check.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from typing import Any

from local.provision import Provisioner
from local.template import ROOT, load_template

ROUNDS = 15
PASSWORD = "benchmark password, long enough"


def _environment() -> None:
    import boto3

    os.environ.update(
        {
            "AWS_ACCESS_KEY_ID": "bench",
            "AWS_SECRET_ACCESS_KEY": "bench",
            "AWS_DEFAULT_REGION": "us-east-2",
            "POWERTOOLS_METRICS_DISABLED": "true",
            "POWERTOOLS_SERVICE_NAME": "footprint",
            "POWERTOOLS_METRICS_NAMESPACE": "Footprint",
            "POWERTOOLS_LOG_LEVEL": "ERROR",
            "FOOTPRINT_TOKEN_ISSUER": "https://bench.footprint/dev",
            "FOOTPRINT_TENANT_DATA_ROLE_ARN": "arn:aws:iam::123456789012:role/bench-tenant-data",
        }
    )
    os.environ.pop("AWS_ENDPOINT_URL", None)
    # The data table and keys as the template declares them (not the whole stack).
    provisioned = Provisioner(load_template(), boto3.Session()).provision(
        only={"DataTable", "DataKey", "SigningKey"}
    )
    os.environ["FOOTPRINT_DATA_TABLE"] = provisioned.resolver.physical["DataTable"]
    os.environ["FOOTPRINT_SIGNING_KEY"] = provisioned.resolver.physical["SigningKey"]
    os.environ["FOOTPRINT_DATA_KEY"] = provisioned.resolver.physical["DataKey"]
    sys.path.insert(0, str(ROOT / "functions" / "auth"))


def _login_event(email: str) -> dict[str, Any]:
    return {
        "resource": "/v1/auth/login",
        "path": "/v1/auth/login",
        "httpMethod": "POST",
        "headers": {"Content-Type": "application/json"},
        "multiValueHeaders": {"Content-Type": ["application/json"]},
        "body": json.dumps({"email": email, "password": PASSWORD}),
        "isBase64Encoded": False,
        "requestContext": {"requestId": "bench", "identity": {"sourceIp": "192.0.2.1"}},
    }


def _p50(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def run() -> list[tuple[str, float, str]]:
    saved_environment, saved_path = dict(os.environ), list(sys.path)
    try:
        return _measure()
    finally:  # leave the process as found for the benchmarks that follow
        os.environ.clear()
        os.environ.update(saved_environment)
        sys.path[:] = saved_path


def _measure() -> list[tuple[str, float, str]]:
    from moto import mock_aws

    with mock_aws():
        _environment()
        from footprint.domain.auth import passwords
        from footprint.domain.tenancy import TenantContext
        from footprint.identity import onboarding, signin, users
        from fp_auth.app import lambda_handler
        from local.lambdas import LambdaContext

        created = onboarding.create_tenant("Bench", "bench@bench.example")
        context = TenantContext.for_operator(created.tenant_id)
        stored = passwords.hash_password(PASSWORD)
        users.set_password(context, created.admin_user_id, stored, temporary=False)
        signin.enroll_totp(context, created.admin_user_id, "JBSWY3DPEHPK3PXP", accepted_step=0)
        lambda_context = LambdaContext("bench-auth", 1024, 25)

        def login(email: str) -> float:
            started = time.perf_counter()
            answer = lambda_handler(_login_event(email), lambda_context)
            elapsed = time.perf_counter() - started
            assert answer["statusCode"] in (200, 401), answer
            return elapsed

        login("bench@bench.example")  # warm: imports, clients, the dummy hash
        login("warm-unknown@bench.example")
        bcrypt_samples, known, unknown = [], [], []
        for index in range(ROUNDS):
            started = time.perf_counter()
            passwords.verify_password(PASSWORD, stored)
            bcrypt_samples.append(time.perf_counter() - started)
            known.append(login("bench@bench.example"))
            unknown.append(login(f"nobody-{index}@bench.example"))
    baseline = _p50(bcrypt_samples)
    return [
        (f"one bcrypt check, cost {passwords.BCRYPT_COST}, p50", baseline, "ms"),
        ("POST /v1/auth/login (known e-mail) p50", _p50(known), "ms"),
        ("login p50 / one bcrypt check (target <= 1.2)", _p50(known) / baseline, "ratio"),
        (
            "login p50 unknown e-mail / known e-mail (uniform: ~1)",
            _p50(unknown) / _p50(known),
            "ratio",
        ),
    ]
