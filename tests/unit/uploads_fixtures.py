"""Fixtures the upload tests share: identity's moto stack (table, keys, a signed-in tenant)
plus the uploads bucket (versioned, KMS-encrypted as in the template) and a calculation
state machine to start."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass

import pytest

from footprint.adapters import calculation_files
from footprint.adapters.aggregates import AggregateStore
from footprint.adapters.published_index import PublishedIndex
from footprint.adapters.tenant_objects import TenantObjects
from footprint.adapters.upload_records import UploadStore
from footprint.adapters.workflow import new_calculation_id
from footprint.domain import object_keys
from footprint.domain.batch import calculate_table
from footprint.domain.ids import new_upload_id
from footprint.domain.inventory import SummedAggregates
from footprint.domain.tenancy import TenantContext
from footprint.domain.uploads.lifecycle import Status
from footprint.domain.uploads.parsing import FileFormat, read_table, split_table
from tests.unit.identity.conftest import Stack

BUCKET = "footprint-test-uploads"


@dataclass
class UploadsStack:
    identity: Stack
    bucket: str
    state_machine: str


@pytest.fixture
def uploads(identity: Stack, monkeypatch: pytest.MonkeyPatch) -> UploadsStack:
    import boto3

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


def executions(stack: UploadsStack) -> list[dict[str, str]]:
    """The calculation executions started, oldest first, with their input."""
    import boto3

    sfn = boto3.client("stepfunctions")
    found = sfn.list_executions(stateMachineArn=stack.state_machine)["executions"]
    return [
        {
            "name": e["name"],
            **json.loads(sfn.describe_execution(executionArn=e["executionArn"])["input"]),
        }
        for e in sorted(found, key=lambda e: e["startDate"])
    ]


def received_upload(store: UploadStore, calculation_id: str = "c1") -> str:
    """A received upload of ``calculation_id``, as a direct upload leaves it."""
    upload_id = new_upload_id()
    store.create(
        upload_id,
        filename="a.csv",
        content_type="text/csv",
        file_format="csv",
        size=10,
        gwp_set="AR5",
        status=Status.RECEIVED,
        content_sha256="0" * 64,
        calculation_id=calculation_id,
    )
    return upload_id


def published_upload(context: TenantContext, body: bytes, part_rows: int) -> tuple[str, str]:
    """A CSV calculated in parts of ``part_rows`` rows and published, as the workflow leaves
    it (its results, its aggregates and its index entries), without running the workflow:
    answers the upload and calculation ids."""
    store, objects = UploadStore(context), TenantObjects(context)
    calculation_id = new_calculation_id()
    upload_id = received_upload(store, calculation_id)
    store.mark_validating(upload_id, calculation_id)
    outcomes = [
        calculate_table(read_table(part.text, part.first_row), "AR5")
        for part in split_table(io.BytesIO(body), FileFormat.CSV, part_rows)
    ]
    store.mark_calculating(upload_id, calculation_id, rows_total=0, parts=len(outcomes))
    for index, outcome in enumerate(outcomes):
        key = object_keys.results_key(context, upload_id, calculation_id, index)
        calculation_files.write_json_gz(objects, key, outcome.results_document())
    aggregates = SummedAggregates.of_tables(o.summary()["aggregates"] for o in outcomes)
    AggregateStore(context).write(upload_id, calculation_id, aggregates)
    PublishedIndex(context).publish(
        upload_id, calculation_id, totals={}, months=aggregates.months()
    )
    return upload_id, calculation_id
