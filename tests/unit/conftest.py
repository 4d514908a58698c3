"""Unit tests run against moto in-process: no sockets, no real AWS, fake credentials.

The fixtures that tests in more than one folder use live here: moto and the provisioned
template, the publishers' factor files, identity's stack (table, keys, a tenant with its
signed-in admin, the clock), the uploads bucket and calculation state machine, the backup
workflow. The builders they rest on are in tests/support, imported inside the fixtures: the
layer reads the environment set below when it is first imported.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from local import emulator
from local.lambdas import FunctionRegistry
from local.provision import Deployment, Provisioner
from local.stepfunctions import dispatch_lambda_tasks
from local.template import REGION, ROOT, load_template

if TYPE_CHECKING:
    from tests.support.clock import Clock
    from tests.support.identity import Stack, Tenant
    from tests.support.uploads import UploadsStack

os.environ.update(
    {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_DEFAULT_REGION": REGION,
        "AWS_REGION": REGION,
        "AWS_MAX_ATTEMPTS": "1",
        "POWERTOOLS_METRICS_DISABLED": "true",
        "POWERTOOLS_SERVICE_NAME": "footprint",
        "POWERTOOLS_METRICS_NAMESPACE": "Footprint",
    }
)
os.environ.pop("AWS_ENDPOINT_URL", None)


_MOTO_CONFIG: Any = {
    "lambda": {"use_docker": False},
    "stepfunctions": {"execute_state_machine": True},
}


@pytest.fixture
def aws() -> Iterator[None]:
    """A fresh in-process moto for one test, with Step Functions executing, tuned as the
    local platform's (``local.emulator``)."""
    from moto import mock_aws

    emulator.tune()
    with mock_aws(config=_MOTO_CONFIG):
        yield


@contextmanager
def _provisioned() -> Iterator[Deployment]:
    """The whole template provisioned in a fresh moto, with every function's code importable
    and its environment set, as the local platform does it."""
    import boto3
    from moto import mock_aws

    saved = dict(os.environ)
    saved_path = list(sys.path)
    emulator.tune()
    with mock_aws(config=_MOTO_CONFIG):
        template = load_template()
        deployment = Provisioner(template, boto3.Session()).provision()
        FunctionRegistry(template, deployment.resolver).activate()
        try:
            yield deployment
        finally:
            os.environ.clear()
            os.environ.update(saved)
            sys.path[:] = saved_path


@pytest.fixture
def deployment() -> Iterator[Deployment]:
    with _provisioned() as provisioned:
        yield provisioned


@pytest.fixture(scope="module")
def module_deployment() -> Iterator[Deployment]:
    """One provisioned template for a whole test module (provisioning takes seconds): for
    tests that keep to a tenant of their own."""
    with _provisioned() as provisioned:
        yield provisioned


@pytest.fixture
def functions(deployment: Deployment) -> FunctionRegistry:
    return FunctionRegistry(deployment.template, deployment.resolver)


@pytest.fixture
def assumed_roles(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Every sts:AssumeRole call's arguments, as the calls are made (the tenant sessions)."""
    from footprint.adapters import aws as adapters

    calls: list[dict[str, Any]] = []
    sts = adapters.client("sts")
    real = sts.assume_role

    def spy(**arguments: Any) -> Any:
        calls.append(arguments)
        return real(**arguments)

    monkeypatch.setattr(sts, "assume_role", spy)
    return calls


@pytest.fixture(scope="session")
def factor_sources(repo_root: Path) -> Path:
    folder = repo_root / "data" / "factor-sources"
    assert folder.is_dir(), f"the publishers' files are missing: {folder}"
    return folder


@pytest.fixture
def identity(aws: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[Stack]:
    import boto3

    from footprint.adapters.aws import forget_cached_clients
    from footprint.domain.auth import passwords
    from tests.support.identity import TABLE, Stack

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
        # The key of the audit chain's address digests (footprint.identity.audit).
        "FOOTPRINT_AUDIT_DIGEST_KEY": "a-test-key-of-the-audit-chain",
        # Exercise the tenant-scoped credentials path (moto's STS answers the AssumeRole).
        "FOOTPRINT_TENANT_DATA_ROLE_ARN": f"arn:aws:iam::123456789012:role/{table}-tenant",
    }.items():
        monkeypatch.setenv(name, value)
    for group in ("auth", "users", "authorizer", "staff"):
        monkeypatch.syspath_prepend(str(ROOT / "functions" / group))
    # bcrypt at cost 12 takes most of a second here; the cost itself is tested in
    # tests/unit/domain/auth/test_passwords.py, the flows need not pay it on every step.
    monkeypatch.setattr(passwords, "BCRYPT_COST", 4)
    passwords._dummy_hash.cache_clear()
    yield Stack(table, signing, data)
    passwords._dummy_hash.cache_clear()
    forget_cached_clients()


@pytest.fixture
def clock(identity: Stack, monkeypatch: pytest.MonkeyPatch) -> Clock:
    from tests.support.clock import Clock

    return Clock(monkeypatch)


@pytest.fixture
def tenant(clock: Clock) -> Tenant:
    from tests.support.identity import make_tenant

    return make_tenant("Acme", "admin@acme.example", clock)


@pytest.fixture
def review_topics(identity: Stack, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The security and access-review topics, each with a queue that reads what reaches it
    (``tests.support.notifications.received``): the queue URL by "security", "reviewers"."""
    from tests.support.notifications import create_topic, subscribe

    queues = {}
    for kind, variable in (
        ("security", "FOOTPRINT_SECURITY_TOPIC"),
        ("reviewers", "FOOTPRINT_ACCESS_REVIEW_TOPIC"),
    ):
        arn = create_topic(kind)
        monkeypatch.setenv(variable, arn)
        queues[kind] = subscribe(arn)
    return queues


@pytest.fixture
def uploads(identity: Stack, monkeypatch: pytest.MonkeyPatch) -> UploadsStack:
    import boto3

    from tests.support.uploads import BUCKET, UploadsStack

    s3 = boto3.client("s3")
    s3.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "us-east-2"})
    s3.put_bucket_versioning(Bucket=BUCKET, VersioningConfiguration={"Status": "Enabled"})
    s3.put_bucket_encryption(
        Bucket=BUCKET,
        ServerSideEncryptionConfiguration={
            "Rules": [
                {
                    "ApplyServerSideEncryptionByDefault": {
                        "SSEAlgorithm": "aws:kms",
                        "KMSMasterKeyID": identity.data_key,
                    }
                }
            ]
        },
    )
    role = boto3.client("iam").create_role(
        RoleName="calculation", AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17"})
    )["Role"]["Arn"]
    definition = {"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}}
    machine = boto3.client("stepfunctions").create_state_machine(
        name="calculation", definition=json.dumps(definition), roleArn=role
    )["stateMachineArn"]
    monkeypatch.setenv("FOOTPRINT_UPLOADS_BUCKET", BUCKET)
    monkeypatch.setenv("FOOTPRINT_CALCULATION_STATE_MACHINE", machine)
    return UploadsStack(identity, BUCKET, machine)


@pytest.fixture
def backup(deployment: Deployment, functions: FunctionRegistry) -> dict[str, str]:
    """Names and ARNs of what the backup workflow touches, with execution switched on."""
    from footprint.adapters.aws import forget_cached_clients

    forget_cached_clients()
    dispatch_lambda_tasks(functions)
    physical = deployment.resolver.physical
    return {
        "table": physical["DataTable"],
        "bucket": physical["BackupBucket"],
        "state_machine": physical["BackupStateMachine"],
    }


@pytest.fixture
def access_review(
    deployment: Deployment, functions: FunctionRegistry, monkeypatch: pytest.MonkeyPatch
) -> Iterator[dict[str, str]]:
    """The access-review state machine and its topics, with execution switched on; runs still
    waiting at the end are stopped (their Waits follow the test's clock)."""
    import boto3

    from footprint.adapters.aws import forget_cached_clients
    from footprint.domain.auth import passwords

    forget_cached_clients()
    dispatch_lambda_tasks(functions)
    monkeypatch.setattr(passwords, "BCRYPT_COST", 4)
    passwords._dummy_hash.cache_clear()
    physical = deployment.resolver.physical
    machine = physical["AccessReviewStateMachine"]
    yield {
        "state_machine": machine,
        "security_topic": physical["SecurityTopic"],
        "reviewers_topic": physical["AccessReviewTopic"],
    }
    client = boto3.client("stepfunctions")
    running = client.list_executions(stateMachineArn=machine, statusFilter="RUNNING")
    for execution in running["executions"]:
        client.stop_execution(executionArn=execution["executionArn"])
    passwords._dummy_hash.cache_clear()
