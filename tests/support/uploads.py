"""Uploads as the tests need them: the stack the ``uploads`` fixture provisions, uploads
received or published without running the workflow, and the calculations started."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass

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
from tests.support.identity import Stack

BUCKET = "footprint-test-uploads"


@dataclass
class UploadsStack:
    identity: Stack
    bucket: str
    state_machine: str


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


def write_parts(
    context: TenantContext, upload_id: str, calculation_id: str, body: bytes, part_rows: int
) -> int:
    """The parts the validate step leaves under a calculation (a CSV split in ``part_rows``
    rows each), as an upload that ``published_upload`` published keeps them; answers how many."""
    objects = TenantObjects(context)
    parts = list(split_table(io.BytesIO(body), FileFormat.CSV, part_rows))
    for index, part in enumerate(parts):
        key = object_keys.part_key(
            context, upload_id, calculation_id, index, object_keys.TABLE_PART
        )
        calculation_files.write_table_part(objects, key, part)
    return len(parts)
