"""The calculation state machine, run by moto in-process with our handlers as its tasks."""

from __future__ import annotations

import csv
import io
import json
import math
import time
import uuid
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from boto3.dynamodb.conditions import Key

from footprint.adapters import calculation_files
from footprint.adapters.aggregates import AGGREGATE_SHARDS, AggregateStore
from footprint.adapters.inventory_records import InventoryRecords
from footprint.adapters.published_index import PublishedIndex
from footprint.adapters.tenant_objects import TenantObjects
from footprint.adapters.upload_files import put_source
from footprint.adapters.upload_records import Problems, UploadStore
from footprint.adapters.workflow import new_calculation_id, start_calculation
from footprint.baseline import base_year
from footprint.domain import keys, object_keys, results
from footprint.domain.batch import calculators
from footprint.domain.errors import NotFound
from footprint.domain.ids import new_upload_id
from footprint.domain.inventory import summarise
from footprint.domain.inventory.base_year import check
from footprint.domain.inventory.reporting_year import InventorySettings
from footprint.domain.results import LineFilter
from footprint.domain.tenancy import TenantContext
from footprint.domain.uncertainty import Part, StatedFigures, statement_digest
from footprint.domain.uploads import calculations
from footprint.domain.uploads.lifecycle import Status
from footprint.domain.uploads.pii import Finding, Kind
from footprint.identity import audit
from footprint.identity.audit import EventFilter
from footprint.uploads.impact import calculations_impact
from footprint.uploads.lines import read_filtered_lines, read_lines
from local.lambdas import Fault, FunctionRegistry
from local.provision import Deployment
from local.stepfunctions import dispatch_lambda_tasks
from local.template import ROOT
from tests.support.aws_faults import aws_faults, throttled_batch_writes, unavailable_reads

TEMPLATE_CSV = ROOT / "layers/footprint/footprint/data/templates/activity-template.csv"


@pytest.fixture(scope="module")
def registry(module_deployment: Deployment) -> Iterator[FunctionRegistry]:
    from moto.awslambda_simple.models import LambdaSimpleBackend

    functions = FunctionRegistry(module_deployment.template, module_deployment.resolver)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(LambdaSimpleBackend, "invoke", LambdaSimpleBackend.invoke)
        patch.setenv("FOOTPRINT_PART_ROWS", "3")  # several parts from a small file
        dispatch_lambda_tasks(functions)
        yield functions


@pytest.fixture
def workflow(registry: FunctionRegistry) -> Iterator[FunctionRegistry]:
    """The module's functions, with no faults left over from another test."""
    yield registry
    registry.faults.clear()


@pytest.fixture
def tenant() -> TenantContext:
    """A tenant of this test's own, so tests sharing the module's moto cannot see each other."""
    return TenantContext.for_workflow(f"tenant-{uuid.uuid4().hex[:12]}")


def sample_csv(rows: int = 7, **changes: dict[str, str]) -> bytes:
    with TEMPLATE_CSV.open(encoding="utf-8") as handle:
        records = list(csv.DictReader(handle))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(records[0]), lineterminator="\n")
    writer.writeheader()
    for index in range(rows):
        record = dict(records[index % len(records)])
        record.update(changes.get(str(index + 2), {}))
        writer.writerow(record)
    return out.getvalue().encode("utf-8")


def upload(
    tenant: TenantContext, body: bytes, gwp_set: str = "AR5", replaces: str | None = None
) -> tuple[str, str]:
    store = UploadStore(tenant)
    upload_id = new_upload_id()
    calculation_id = new_calculation_id()
    source_version = put_source(tenant, upload_id, body, "text/csv")
    store.create(
        upload_id,
        filename="activity.csv",
        content_type="text/csv",
        file_format="csv",
        size=len(body),
        gwp_set=gwp_set,
        status=Status.RECEIVED,
        source_version=source_version,
        calculation_id=calculation_id,
        replace=replaces is not None,
        replaces=replaces,
    )
    return upload_id, calculation_id


def run(
    tenant: TenantContext, upload_id: str, calculation_id: str, gwp_set: str = "AR5"
) -> dict[str, Any]:
    arn = start_calculation(tenant, upload_id, calculation_id, gwp_set)
    client = boto3.client("stepfunctions")
    for _ in range(600):
        execution = client.describe_execution(executionArn=arn)
        if execution["status"] != "RUNNING":
            return execution
        time.sleep(0.05)
    raise AssertionError("the execution did not finish")


def engine_totals(body: bytes, gwp_set: str) -> float:
    records = [
        {k: v for k, v in row.items() if v != ""}
        for row in csv.DictReader(io.StringIO(body.decode("utf-8")))
    ]
    return sum(calculators()[gwp_set].calculate(record).co2e for record in records)


def published_summary(tenant: TenantContext, gwp_set: str = "AR5") -> dict[str, Any]:
    index = PublishedIndex(tenant)
    aggregates = AggregateStore(tenant).read(
        "2025-01", "2025-12", lambda: index.by_year("2025-01", "2025-12")
    )
    return summarise(aggregates, "scope", gwp_set)


def failed(tenant: TenantContext, upload_id: str, calculation_id: str, reason: str) -> None:
    """The calculation ends failed, with ``reason``, and publishes nothing."""
    assert run(tenant, upload_id, calculation_id)["status"] == "FAILED"
    record = UploadStore(tenant).require(upload_id)
    assert record.status is Status.FAILED
    assert record.reason == reason
    assert published_summary(tenant)["totals"]["co2e_kg"] == 0.0


def counted_once(tenant: TenantContext, upload_id: str, body: bytes, rows: int) -> None:
    """Every row of the completed upload counted, and counted once."""
    assert UploadStore(tenant).require(upload_id).rows_done == rows
    assert published_summary(tenant)["totals"]["co2e_kg"] == pytest.approx(
        engine_totals(body, "AR5"), rel=1e-9
    )


def test_an_upload_runs_to_completed_and_agrees_with_the_engine(
    workflow: FunctionRegistry, tenant: TenantContext
) -> None:
    body = sample_csv(rows=10)
    upload_id, calculation_id = upload(tenant, body)
    assert run(tenant, upload_id, calculation_id)["status"] == "SUCCEEDED"
    record = UploadStore(tenant).require(upload_id)
    assert record.status is Status.COMPLETED
    assert record.rows_total == record.rows_done == 10
    assert record.parts_total == 4
    for gwp_set in ("AR4", "AR5", "AR6"):
        assert published_summary(tenant, gwp_set)["totals"]["co2e_kg"] == pytest.approx(
            engine_totals(body, gwp_set), rel=1e-9
        )
    objects = TenantObjects(tenant)
    keys = calculation_files.results_keys(objects, upload_id, calculation_id)
    lines = [
        line for key in keys for line in results.lines(calculation_files.read_json_gz(objects, key))
    ]
    assert [line["row"] for line in lines] == list(range(2, 12))
    assert all(line["provenance"]["factors"] for line in lines)


def test_a_part_retried_after_its_work_was_done_counts_once(
    workflow: FunctionRegistry, tenant: TenantContext
) -> None:
    workflow.inject_fault("CalculatePartFunction", Fault(remaining=2, when="after"))
    body = sample_csv(rows=9)
    upload_id, calculation_id = upload(tenant, body)
    assert run(tenant, upload_id, calculation_id)["status"] == "SUCCEEDED"
    counted_once(tenant, upload_id, body, rows=9)


def rejected(tenant: TenantContext, upload_id: str, calculation_id: str, reason: str) -> Problems:
    """Run the upload's calculation, which must end with the upload rejected for ``reason``;
    answers the problems recorded."""
    assert run(tenant, upload_id, calculation_id)["status"] == "SUCCEEDED"
    store = UploadStore(tenant)
    assert store.require(upload_id).status is Status.REJECTED
    problems = store.problems(upload_id)
    assert problems is not None
    assert problems.reason == reason
    return problems


def test_a_file_with_row_errors_is_rejected_and_counts_nowhere(
    workflow: FunctionRegistry, tenant: TenantContext
) -> None:
    body = sample_csv(rows=8, **{"3": {"quantity": "-1"}, "8": {"unit": "parsec"}})
    upload_id, calculation_id = upload(tenant, body)
    problems = rejected(tenant, upload_id, calculation_id, "invalid_rows")
    assert [(e["row"], e["column"]) for e in problems.items] == [(3, "quantity"), (8, "unit")]
    assert published_summary(tenant)["totals"]["co2e_kg"] == 0.0
    prefix = object_keys.calculation_prefix(tenant, upload_id, calculation_id)
    assert TenantObjects(tenant).list_keys(prefix) == []


def test_a_row_s_problems_are_one_per_faulty_field_each_saying_how_to_fix_it(
    workflow: FunctionRegistry, tenant: TenantContext
) -> None:
    bad = {"period_start": "01/31/2025", "period_end": "02/28/2025", "quantity": "1,200"}
    body = sample_csv(rows=5, **{"2": {"activity": "natural gas"}, "4": bad})
    upload_id, calculation_id = upload(tenant, body)
    problems = rejected(tenant, upload_id, calculation_id, "invalid_rows")
    assert [(e["row"], e["column"]) for e in problems.items] == [
        (2, "activity"),
        (4, "period_start"),
        (4, "period_end"),
        (4, "quantity"),
    ]
    messages = [e["message"] for e in problems.items]
    assert "did you mean 'natural_gas'?" in messages[0]
    assert messages[1].startswith("period_start is not an ISO date (YYYY-MM-DD")
    assert "thousands separators" in messages[3]


def test_a_header_the_format_does_not_have_is_named_in_the_upload_s_problem(
    workflow: FunctionRegistry, tenant: TenantContext
) -> None:
    lines = sample_csv(rows=2).decode("utf-8").splitlines()
    lines[0] = lines[0].replace("facility", "Facility").replace("quantity", "Quantity") + ",notes"
    body = "\n".join([lines[0], *(line + "," for line in lines[1:])]) + "\n"
    upload_id, calculation_id = upload(tenant, body.encode("utf-8"))
    problems = rejected(tenant, upload_id, calculation_id, "invalid_file")
    (problem,) = problems.items
    assert problem["row"] == 1
    assert "unknown columns: 'Facility' (did you mean 'facility'?)" in problem["message"]
    assert "'notes'" in problem["message"]
    assert "missing columns: facility, quantity" in problem["message"]


def test_a_structural_error_deep_in_the_file_rejects_it_with_its_row(
    workflow: FunctionRegistry, tenant: TenantContext
) -> None:
    lines = sample_csv(rows=9).decode("utf-8").splitlines()
    lines[7] += ",a value beyond the header"  # file row 8, in the third part of 3 records
    upload_id, calculation_id = upload(tenant, ("\n".join(lines) + "\n").encode("utf-8"))
    problems = rejected(tenant, upload_id, calculation_id, "invalid_file")
    assert [problem["row"] for problem in problems.items] == [8]
    assert "beyond the header" in problems.items[0]["message"]
    assert published_summary(tenant)["totals"]["co2e_kg"] == 0.0
    prefix = object_keys.calculation_prefix(tenant, upload_id, calculation_id)
    assert TenantObjects(tenant).list_keys(prefix) == []  # the part written before it is gone


def test_personal_data_rejects_the_file_and_deletes_it(
    workflow: FunctionRegistry, tenant: TenantContext
) -> None:
    body = sample_csv(rows=5, **{"4": {"reference": "call jane.doe@example.com"}})
    upload_id, calculation_id = upload(tenant, body)
    problems = rejected(tenant, upload_id, calculation_id, "personal_data")
    assert [(f["row"], f["column"]) for f in problems.items] == [(4, "reference")]
    assert "jane" not in json.dumps(problems.items)
    assert TenantObjects(tenant).list_keys(object_keys.upload_prefix(tenant, upload_id)) == []


def test_a_step_that_keeps_failing_marks_the_upload_failed(
    workflow: FunctionRegistry, tenant: TenantContext
) -> None:
    workflow.inject_fault(
        "CalculationAggregateFunction", Fault(remaining=99, error_type="KeyError")
    )
    upload_id, calculation_id = upload(tenant, sample_csv(rows=4))
    failed(tenant, upload_id, calculation_id, "an internal error stopped the calculation")


def test_recalculation_keeps_the_old_result_until_the_new_one_is_published(
    workflow: FunctionRegistry, tenant: TenantContext
) -> None:
    body = sample_csv(rows=6)
    upload_id, first = upload(tenant, body)
    assert run(tenant, upload_id, first)["status"] == "SUCCEEDED"
    before = published_summary(tenant, "AR4")["totals"]["co2e_kg"]
    store = UploadStore(tenant)
    second = new_calculation_id()
    store.start_calculation(upload_id, second, "AR6")
    assert published_summary(tenant, "AR4")["totals"]["co2e_kg"] == pytest.approx(before)
    assert run(tenant, upload_id, second, "AR6")["status"] == "SUCCEEDED"
    record = store.require(upload_id)
    assert record.current_calculation == second
    assert published_summary(tenant, "AR4")["totals"]["co2e_kg"] == pytest.approx(before)
    # The superseded calculation keeps its per-line results only, for comparing.
    objects = TenantObjects(tenant)
    assert objects.list_keys(object_keys.parts_prefix(tenant, upload_id, first)) == []
    assert objects.list_keys(object_keys.aggregates_prefix(tenant, upload_id, first)) == []
    assert calculation_files.results_keys(objects, upload_id, first)
    assert [kept.calculation_id for kept in record.calculations] == [second, first]


def recalculated(tenant: TenantContext, upload_id: str, gwp_set: str) -> str:
    """Calculate the upload again under ``gwp_set`` to its publish; answers the calculation."""
    calculation_id = new_calculation_id()
    UploadStore(tenant).start_calculation(upload_id, calculation_id, gwp_set)
    assert run(tenant, upload_id, calculation_id, gwp_set)["status"] == "SUCCEEDED"
    return calculation_id


def held(tenant: TenantContext, upload_id: str, calculation_id: str) -> list[str]:
    """The keys of every file of the calculation still in S3."""
    prefix = object_keys.calculation_prefix(tenant, upload_id, calculation_id)
    return TenantObjects(tenant).list_keys(prefix)


def test_three_calculations_are_listed_and_the_first_compares_with_the_third(
    workflow: FunctionRegistry, tenant: TenantContext
) -> None:
    body = sample_csv(rows=7)
    upload_id, first = upload(tenant, body)
    assert run(tenant, upload_id, first)["status"] == "SUCCEEDED"
    second = recalculated(tenant, upload_id, "AR6")
    third = recalculated(tenant, upload_id, "AR4")
    record = UploadStore(tenant).require(upload_id)
    listed = {kept.calculation_id: kept for kept in record.calculations}
    assert list(listed) == [third, second, first]
    assert [kept.gwp_set for kept in listed.values()] == ["AR4", "AR6", "AR5"]
    assert all(kept.editions for kept in listed.values())
    assert record.totals == listed[third].totals
    for calculation_id, gwp_set in ((first, "AR5"), (third, "AR4")):
        assert listed[calculation_id].totals["co2e_kg"] == pytest.approx(
            engine_totals(body, gwp_set), rel=1e-9
        )
    page = calculations_impact(tenant, upload_id, first, third, 0, 100)
    expected = listed[third].totals["co2e_kg"] - listed[first].totals["co2e_kg"]
    assert expected != 0.0
    assert abs(page.answer["change_kg"] - expected) <= 1e-9 * abs(expected)
    assert page.answer["lines_total"] == 7
    # The summary counts the published calculation alone, once.
    assert published_summary(tenant, "AR4")["totals"]["co2e_kg"] == pytest.approx(
        engine_totals(body, "AR4"), rel=1e-9
    )


def test_beyond_the_limit_the_oldest_calculation_is_deleted(
    workflow: FunctionRegistry, tenant: TenantContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(calculations, "SUPERSEDED_KEPT", 1)
    upload_id, first = upload(tenant, sample_csv(rows=4))
    assert run(tenant, upload_id, first)["status"] == "SUCCEEDED"
    second = recalculated(tenant, upload_id, "AR5")
    assert held(tenant, upload_id, first)
    third = recalculated(tenant, upload_id, "AR5")
    record = UploadStore(tenant).require(upload_id)
    assert [kept.calculation_id for kept in record.calculations] == [third, second]
    assert held(tenant, upload_id, first) == []
    assert calculation_files.results_keys(TenantObjects(tenant), upload_id, second)
    with pytest.raises(NotFound) as gone:
        calculations_impact(tenant, upload_id, first, third, 0, 10)
    assert gone.value.details["field"] == "from_calculation"


def test_personal_data_found_on_recalculation_withdraws_the_upload_from_every_total(
    workflow: FunctionRegistry, tenant: TenantContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    import fp_calculation.calculate

    body, other_body = sample_csv(rows=4), sample_csv(rows=5)
    upload_id, first = upload(tenant, body)
    assert run(tenant, upload_id, first)["status"] == "SUCCEEDED"
    second = recalculated(tenant, upload_id, "AR6")
    other, other_calculation = upload(tenant, other_body)
    assert run(tenant, other, other_calculation)["status"] == "SUCCEEDED"
    snapshot = base_year.take_snapshot(
        tenant, InventorySettings(base_year=2025, consolidation="operational"), reason="test"
    )
    both = engine_totals(body, "AR5") + engine_totals(other_body, "AR5")
    assert published_summary(tenant)["totals"]["co2e_kg"] == pytest.approx(both, rel=1e-9)
    # A screen that has learned to find something in the same file.
    found = [Finding(2, "reference", Kind.EMAIL)]
    monkeypatch.setattr(fp_calculation.calculate, "screen_table", lambda *_: found)
    third = new_calculation_id()
    UploadStore(tenant).start_calculation(upload_id, third, "AR5")
    problems = rejected(tenant, upload_id, third, "personal_data")
    # The stand-in screen finds it in each of the two parts.
    assert problems.items == [{"row": 2, "column": "reference", "kind": "email"}] * 2

    def withdrawn_everywhere() -> None:
        record = UploadStore(tenant).require(upload_id)
        assert (record.reason, record.withdrawn_calculation) == ("personal_data", second)
        assert (record.current_calculation, record.totals, record.calculations) == (None, None, [])
        # The summary counts the other upload alone, to the kg.
        assert published_summary(tenant)["totals"]["co2e_kg"] == pytest.approx(
            engine_totals(other_body, "AR5"), rel=1e-9
        )
        assert aggregate_items(tenant, upload_id) == []
        assert TenantObjects(tenant).list_keys(object_keys.upload_prefix(tenant, upload_id)) == []
        with pytest.raises(NotFound):
            read_lines(tenant, upload_id, 10, None)
        span = LineFilter(first_month="2025-01", last_month="2025-12")
        lines = read_filtered_lines(tenant, span, 100, None).lines
        assert {line["upload_id"] for line in lines} == {other}
        events, _ = audit.list_events(tenant, where=EventFilter(action="upload.withdrawn"))
        assert [(event.target, event.details["withdrawn_calculation"]) for event in events] == [
            (upload_id, second)
        ]
        assert events[0].details["first_finding"] == "row 2, reference: email"
        now, _ = base_year.published_sources(tenant, snapshot.start, snapshot.end)
        causes = check(snapshot.sources, now, 5.0, "AR5").causes
        assert [(cause.kind, cause.upload_id) for cause in causes] == [
            ("upload_withdrawn", upload_id)
        ]

    withdrawn_everywhere()
    # The step again, as after a timeout: nothing more is withdrawn, rejected or audited, and
    # a deletion cut short (a file left under the upload) is finished.
    left = object_keys.source_key(tenant, upload_id)
    TenantObjects(tenant).put(left, b"left behind", "text/csv")
    event = {
        "tenant_id": tenant.tenant_id,
        "upload_id": upload_id,
        "calculation_id": third,
        "gwp_set": "AR5",
        "validation": {"parts": 2},
    }
    answer = workflow.invoke("CalculationAggregateFunction", event)
    assert answer == {"accepted": False, "reason": "personal_data"}
    withdrawn_everywhere()
    for calculation_id in (first, second, third):
        assert held(tenant, upload_id, calculation_id) == []


def aggregate_items(tenant: TenantContext, upload_id: str) -> list[dict[str, Any]]:
    store = AggregateStore(tenant)
    return [
        item
        for shard in range(AGGREGATE_SHARDS)
        for item in store.table.query(KeyConditionExpression=Key("pk").eq(store._pk(shard)))[
            "Items"
        ]
        if item["upload_id"] == upload_id
    ]


def test_a_replaced_upload_leaves_every_total_and_its_stored_results_are_deleted(
    workflow: FunctionRegistry, tenant: TenantContext
) -> None:
    body = sample_csv(rows=6)
    first, first_calculation = upload(tenant, body)
    assert run(tenant, first, first_calculation)["status"] == "SUCCEEDED"
    assert aggregate_items(tenant, first)
    second, second_calculation = upload(tenant, body, replaces=first)
    assert run(tenant, second, second_calculation)["status"] == "SUCCEEDED"
    store = UploadStore(tenant)
    replaced = store.require(first)
    assert (replaced.replaced_by, replaced.current_calculation) == (second, None)
    assert replaced.totals is not None  # the record still says what it was
    assert published_summary(tenant)["totals"]["co2e_kg"] == pytest.approx(
        engine_totals(body, "AR5"), rel=1e-9
    )
    assert aggregate_items(tenant, first) == []
    assert TenantObjects(tenant).list_keys(object_keys.calculations_prefix(tenant, first)) == []
    assert aggregate_items(tenant, second)


def test_a_replaced_upload_s_kept_calculations_are_deleted_with_it(
    workflow: FunctionRegistry, tenant: TenantContext
) -> None:
    body = sample_csv(rows=5)
    first, first_calculation = upload(tenant, body)
    assert run(tenant, first, first_calculation)["status"] == "SUCCEEDED"
    recalculated(tenant, first, "AR6")
    assert len(UploadStore(tenant).require(first).calculations) == 2
    second, second_calculation = upload(tenant, body, replaces=first)
    assert run(tenant, second, second_calculation)["status"] == "SUCCEEDED"
    replaced = UploadStore(tenant).require(first)
    assert replaced.replaced_by == second
    assert replaced.calculations == []
    assert TenantObjects(tenant).list_keys(object_keys.calculations_prefix(tenant, first)) == []
    assert [kept.calculation_id for kept in UploadStore(tenant).require(second).calculations] == [
        second_calculation
    ]


def test_aggregates_beyond_one_items_size_are_packed_into_several_and_read_whole(
    workflow: FunctionRegistry, tenant: TenantContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = sample_csv(rows=10)
    upload_id, calculation_id = upload(tenant, body)
    assert run(tenant, upload_id, calculation_id)["status"] == "SUCCEEDED"
    whole = published_summary(tenant, "AR5")
    packed = len(aggregate_items(tenant, upload_id))
    # The same aggregates written again in packs of a few hundred bytes.
    monkeypatch.setattr("footprint.adapters.aggregates._PACKED_BYTES", 600)
    store = AggregateStore(tenant)
    aggregates = store.read("2025-01", "2025-12", lambda: {(upload_id, calculation_id)})
    store.delete(upload_id, aggregates.months())
    assert store.write(upload_id, calculation_id, aggregates) > packed
    assert len(aggregate_items(tenant, upload_id)) > packed
    assert published_summary(tenant, "AR5") == whole


def test_aggregate_writes_throttled_then_admitted_count_every_row_once(
    workflow: FunctionRegistry, tenant: TenantContext
) -> None:
    body = sample_csv(rows=7)
    upload_id, calculation_id = upload(tenant, body)
    throttled = throttled_batch_writes(2, keys.tenant_key(tenant, "AGG"))
    with aws_faults(throttled):
        assert run(tenant, upload_id, calculation_id)["status"] == "SUCCEEDED"
    assert throttled.raised == 2
    counted_once(tenant, upload_id, body, rows=7)


def test_aggregate_writes_throttled_through_every_retry_fail_the_upload_with_no_totals(
    workflow: FunctionRegistry, tenant: TenantContext
) -> None:
    upload_id, calculation_id = upload(tenant, sample_csv(rows=4))
    with aws_faults(throttled_batch_writes(99, keys.tenant_key(tenant, "AGG"))):
        failed(tenant, upload_id, calculation_id, "a service was unavailable after several retries")


def test_a_part_read_that_s3_answers_503_is_retried_and_counted_once(
    workflow: FunctionRegistry, tenant: TenantContext
) -> None:
    body = sample_csv(rows=7)
    upload_id, calculation_id = upload(tenant, body)
    parts = object_keys.parts_prefix(tenant, upload_id, calculation_id)
    with aws_faults(unavailable_reads(2, parts)) as (unavailable,):
        assert run(tenant, upload_id, calculation_id)["status"] == "SUCCEEDED"
    assert unavailable.raised == 2
    counted_once(tenant, upload_id, body, rows=7)


def _tasks(states: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for name, state in states.items():
        if state["Type"] == "Task":
            yield name, state
        if state["Type"] == "Map":
            yield from _tasks(state["ItemProcessor"]["States"])


@pytest.mark.parametrize("machine", ["calculation", "backup"])
def test_every_task_retries_timeouts_and_transient_errors(machine: str) -> None:
    definition = json.loads((ROOT / f"statemachines/{machine}.asl.json").read_text())
    for name, task in _tasks(definition["States"]):
        retried = {error for retry in task.get("Retry", []) for error in retry["ErrorEquals"]}
        assert {"Sandbox.Timedout", "TransientError"} <= retried or "States.ALL" in retried, name


def test_a_part_that_times_out_after_its_work_is_retried_and_counted_once(
    workflow: FunctionRegistry, tenant: TenantContext
) -> None:
    # Lambda's error name for a function that ran out of time; its writes may have landed.
    workflow.inject_fault(
        "CalculatePartFunction", Fault(remaining=1, when="after", error_type="Sandbox.Timedout")
    )
    body = sample_csv(rows=7)
    upload_id, calculation_id = upload(tenant, body)
    assert run(tenant, upload_id, calculation_id)["status"] == "SUCCEEDED"
    counted_once(tenant, upload_id, body, rows=7)


# The tenant's uncertainty statement (test inputs, not published figures): stationary
# combustion's activity ±2 % and factor ±3 %, so a line's ±sqrt(2² + 3²) = ±3.6056 %.
METER = Part(2.0, "meter class 2 per the site's calibration certificate")
SUPPLIER = Part(3.0, "the gas supplier's stated tolerance")
STATED = {"stationary_combustion": StatedFigures(METER, SUPPLIER)}


def stored_lines(tenant: TenantContext, upload_id: str, calculation_id: str) -> list[Any]:
    objects = TenantObjects(tenant)
    keys = calculation_files.results_keys(objects, upload_id, calculation_id)
    return [
        line for key in keys for line in results.lines(calculation_files.read_json_gz(objects, key))
    ]


def ranges(lines: list[Any]) -> list[float | None]:
    """Each line's half-width in %, None where it has no range."""
    return [
        None if line["uncertainty"] is None else line["uncertainty"]["half_width_pct"]
        for line in lines
    ]


def test_every_part_takes_the_statement_the_calculation_began_with_until_recalculated(
    workflow: FunctionRegistry, tenant: TenantContext
) -> None:
    InventoryRecords(tenant).put_uncertainty_statement(STATED, "2026-01-01T00:00:00.000000Z")
    body = sample_csv(rows=10)  # rows 2 and 9 burn natural gas, in the first and third parts
    upload_id, first = upload(tenant, body)
    assert run(tenant, upload_id, first)["status"] == "SUCCEEDED"
    lines = stored_lines(tenant, upload_id, first)
    gas = [line for line in lines if line["category"] == "stationary_combustion"]
    assert [line["row"] for line in gas] == [2, 9]
    assert ranges(gas) == pytest.approx([math.sqrt(13.0)] * 2)
    assert gas[0]["uncertainty"]["factor_source"] == (
        "stated by the organisation: the gas supplier's stated tolerance"
    )
    assert all(line["uncertainty"] is None for line in lines if line not in gas)
    assert UploadStore(tenant).require(upload_id).uncertainty_digest == statement_digest(STATED)
    # The total's range: Equation 3.2 over the two lines, covering their CO2e only.
    total = published_summary(tenant)["totals"]["uncertainty"]
    half_widths = [line["co2e_kg"] * math.sqrt(13.0) / 100.0 for line in gas]
    assert total["half_width_kg"] == pytest.approx(math.hypot(*half_widths), rel=1e-9)
    assert total["covered_co2e_kg"] == pytest.approx(sum(line["co2e_kg"] for line in gas))

    # A new statement changes no stored figure...
    wider = {"stationary_combustion": StatedFigures(Part(4.0, "meter class 4"), SUPPLIER)}
    InventoryRecords(tenant).put_uncertainty_statement(wider, "2026-01-02T00:00:00.000000Z")
    assert stored_lines(tenant, upload_id, first) == lines
    assert published_summary(tenant)["totals"]["uncertainty"] == total
    # ...until the upload is recalculated: ±sqrt(4² + 3²) = ±5 % a line.
    second = new_calculation_id()
    UploadStore(tenant).start_calculation(upload_id, second, "AR5")
    assert run(tenant, upload_id, second)["status"] == "SUCCEEDED"
    again = [
        line
        for line in stored_lines(tenant, upload_id, second)
        if line["category"] == "stationary_combustion"
    ]
    assert ranges(again) == pytest.approx([5.0, 5.0])
    # The first calculation, kept for comparison, still reads back with its own figures.
    assert stored_lines(tenant, upload_id, first) == lines
    assert published_summary(tenant)["totals"]["uncertainty"]["half_width_kg"] == pytest.approx(
        math.hypot(*(line["co2e_kg"] * 0.05 for line in again)), rel=1e-9
    )


def test_another_tenant_s_statement_never_applies(
    workflow: FunctionRegistry, tenant: TenantContext
) -> None:
    other = TenantContext.for_workflow(f"tenant-{uuid.uuid4().hex[:12]}")
    InventoryRecords(other).put_uncertainty_statement(STATED, "2026-01-01T00:00:00.000000Z")
    upload_id, calculation_id = upload(tenant, sample_csv(rows=3))
    assert run(tenant, upload_id, calculation_id)["status"] == "SUCCEEDED"
    assert ranges(stored_lines(tenant, upload_id, calculation_id)) == [None, None, None]
    assert published_summary(tenant)["totals"]["uncertainty"] is None
