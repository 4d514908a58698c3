"""The scale model's arithmetic from given per-part figures, and what it reads of the template,
the state machine and the AWS calls a step makes."""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

import pytest

from bench.scale import (
    CALCULATION_ASL,
    Calls,
    Deployed,
    Measured,
    Prices,
    StepCost,
    model,
    success_path,
    write_units,
)

# Every price one dollar a unit, so the cost is the sum of the units it prices.
UNIT_PRICES = Prices(*(1.0,) * 9)
DEPLOYED = Deployed(
    max_concurrency=40,
    part_reserved=100,
    memory_mb={"validate": 2048, "part": 1024, "aggregate": 1024, "publish": 1024},
    transitions=6,
    replicas=4,
)


def measured(aggregate_units: dict[str, int]) -> Measured:
    return Measured(
        rows=300_000,
        source_bytes=30_000_000,
        upload_limit_bytes=2**30,
        parts=3,
        part_rows=100_000,
        validate=StepCost(3.0, 4, 1, 30_000_000, 2, 2, {"UPLOADS": 2}),
        part=StepCost(2.0, 2, 1, 5_000_000, 1, 1, {"UPLOADS": 1}),
        part_imported_mb=100.0,
        part_heap_mb=200.0,
        aggregate=StepCost(0.6, 1, 3, 0, 48, sum(aggregate_units.values()), dict(aggregate_units)),
        publish=StepCost(0.1, 0, 0, 0, 1, 1, {"UPLOADS": 1}),
    )


def test_ten_million_rows_from_three_measured_parts() -> None:
    modelled = model(measured({"AGG#0": 40, "AGG#1": 60}), DEPLOYED, 10_000_000, UNIT_PRICES)
    assert (modelled.parts, modelled.concurrency, modelled.waves) == (100, 40, 3)
    # validate 2 GB x 100 s, parts 1 GB x 2 s x 100, aggregate 1 GB x 20 s, publish 0.1 s
    assert modelled.gb_seconds == pytest.approx(420.1)
    assert modelled.lambda_requests == 103
    assert modelled.write_units == 2 + 100 + 100 + 1
    assert modelled.replicated_write_units == 4 * 203
    # validate's 4 PUT/LIST grow with parts (133), parts 2 each, aggregate's LIST, ItemReader
    assert modelled.s3_put_list == 133 + 200 + 1 + 1
    assert modelled.s3_get == 1 + 100 + 100
    assert modelled.s3_bytes == 1_000_000_000 + 500_000_000
    assert modelled.cost == pytest.approx(
        {
            "Lambda": 420.1 + 103,
            # 6 transitions; 100 Express children, each 1 request and 2 s at 64 MB
            "Step Functions": 6 + 100 * (1 + 0.0625 * 2.0),
            "DynamoDB": 812,
            "S3 requests": 335 + 201,
            "S3 storage, a month of what it writes": 1.5e9 / 2**30,
        }
    )
    assert modelled.source_bytes == 1_000_000_000
    assert modelled.cost_per_million_rows == pytest.approx((1989.6 + 1.5e9 / 2**30) / 10)
    assert modelled.wall_seconds == pytest.approx(100 + 3 * 2.0 + 20 + 0.1)
    # 40 parts at once, each one write unit on the uploads partition every 2 s
    assert modelled.partition_wcu_per_second == pytest.approx(
        {"UPLOADS": 20.0, "AGG#0": 40.0, "AGG#1": 60.0}
    )
    assert modelled.hot_partitions == []


def test_a_partition_over_a_thousand_write_units_a_second_is_hot() -> None:
    modelled = model(measured({"AGG#0": 1_500, "AGG#1": 60}), DEPLOYED, 10_000_000, UNIT_PRICES)
    assert modelled.hot_partitions == ["AGG#0"]


def test_concurrency_is_bounded_by_the_reserved_concurrency_and_the_parts() -> None:
    reserved = Deployed(10, 8, DEPLOYED.memory_mb, 6, 4)
    assert model(measured({}), reserved, 10_000_000).concurrency == 8
    assert model(measured({}), reserved, 10_000_000).waves == 13
    assert model(measured({}), DEPLOYED, 250_000).concurrency == 3


def test_the_success_path_of_the_calculation_state_machine() -> None:
    asl = json.loads(CALCULATION_ASL.read_text(encoding="utf-8"))
    assert success_path(asl) == [
        "ValidateAndSplit",
        "IsValid",
        "CalculateParts",
        "Aggregate",
        "IsComplete",
        "Publish",
    ]


def test_write_units_are_a_unit_a_started_kilobyte() -> None:
    assert write_units({"pk": {"S": "x"}}) == 1
    assert write_units({"pk": {"S": "x" * 1022}}) == 1  # 2 + 1022 bytes
    assert write_units({"pk": {"S": "x" * 1023}}) == 2
    assert write_units({"n": {"N": "12345678901234567890"}, "s": {"SS": ["ab", "cd"]}}) == 1


def _call(service: str, name: str, body: Any) -> tuple[Any, dict[str, Any]]:
    model_ = SimpleNamespace(service_model=SimpleNamespace(service_name=service), name=name)
    return model_, {"body": body if isinstance(body, bytes) else json.dumps(body).encode()}


def test_the_call_hook_counts_writes_by_partition_and_bytes_only_while_recording() -> None:
    calls = Calls()
    big = {"pk": {"S": "TENANT#t1#AGG#2"}, "sk": {"S": "2025-01"}, "a": {"S": "x" * 3000}}
    batch = {"RequestItems": {"T": [{"PutRequest": {"Item": big}}]}}
    calls(*_call("dynamodb", "BatchWriteItem", batch))
    assert calls.items == 0  # not recording
    calls.recording = True
    calls(*_call("dynamodb", "BatchWriteItem", batch))
    calls(*_call("dynamodb", "DeleteItem", {"Key": {"pk": {"S": "TENANT#t1#UPLOADS"}}}))
    calls(*_call("s3", "PutObject", b"12345"))
    uploads = {"pk": {"S": "TENANT#t1#UPLOADS"}, "sk": {"S": "u1"}}
    transaction = {
        "TransactItems": [
            {"Put": {"TableName": "T", "Item": {**uploads, "a": {"S": "x" * 1500}}}},
            {"Update": {"TableName": "T", "Key": uploads}},
            {"ConditionCheck": {"TableName": "T", "Key": uploads}},
        ]
    }
    calls(*_call("dynamodb", "TransactWriteItems", transaction))
    assert calls.items == 4  # the update is sized after the step, from the table
    assert calls.updated == [("T", uploads, 2)]
    assert calls.wcu_by_partition == {"AGG#2": 3, "UPLOADS": 1 + 2 * 2 + 2}
    assert calls.s3_bytes == 5
    assert calls.operations["s3:PutObject"] == 1
