"""Scale, measured per part and modelled on paper: a 10,000,000-row upload in AWS.

Measured here: the calculation workflow's step handlers called in-process on moto, as the
unit tests call them, on an upload of ``MEASURED_ROWS`` rows (parts of the template's
``FOOTPRINT_PART_ROWS``): CPU seconds per step and per part (``time.process_time``, which
counts moto's side of each call too, so an upper bound), a part's peak Python heap
(``tracemalloc``, in a second run of the same part, which is idempotent) over the RSS of an
interpreter that has imported the step (an execution environment after its init), and every
AWS call each step makes (a botocore hook on every session): S3 requests and bytes written,
DynamoDB items written and their write units by partition.

Then the model (``model``, pure arithmetic, tested): the Distributed Map's concurrency, Lambda
GB-seconds, Step Functions transitions and Express child executions, DynamoDB write units
(replicated to every region of ``ReplicaRegions``), S3 requests, cost per million rows at the
list prices of ``PRICES``, wall time, and each partition's write rate against DynamoDB's 1,000
write units a second. docs/scale.md says what it leaves out.
"""

from __future__ import annotations

import io
import json
import math
import os
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any

from local.template import ROOT, load_template

MEASURED_ROWS = 300_000
MODELLED_ROWS = 10_000_000
PARTITION_WCU_PER_SECOND = 1_000  # DynamoDB's limit for one partition
AGGREGATE_BURST_SECONDS = 1.0  # an aggregate partition's items go in one batch write
CALCULATION_ASL = ROOT / "statemachines/calculation.asl.json"
STEPS = {
    "validate": "CalculationValidateFunction",
    "part": "CalculatePartFunction",
    "aggregate": "CalculationAggregateFunction",
    "publish": "CalculationPublishFunction",
}


@dataclass(frozen=True)
class Prices:
    """us-east-2 list prices in USD, as listed July 2025 on the AWS pricing pages named; not
    re-checked from this machine (no web): check them before quoting a cost."""

    lambda_gb_second: float = 0.0000133334  # AWS Lambda pricing: Arm, first tier
    lambda_request: float = 0.20 / 1e6  # AWS Lambda pricing
    standard_transition: float = 0.025 / 1000  # AWS Step Functions pricing: Standard
    express_request: float = 1.00 / 1e6  # AWS Step Functions pricing: Express
    express_gb_second: float = 0.00001667  # Express duration, first tier; 64 MB, 100 ms steps
    replicated_write_unit: float = 0.625 / 1e6  # Amazon DynamoDB pricing: on-demand rWRU
    s3_put_list: float = 0.005 / 1000  # Amazon S3 pricing: Standard PUT, COPY, POST, LIST
    s3_get: float = 0.0004 / 1000  # Amazon S3 pricing: Standard GET, SELECT and others
    s3_gb_month: float = 0.023  # Amazon S3 pricing: Standard storage, first 50 TB a month


PRICES = Prices()


@dataclass(frozen=True)
class StepCost:
    """What one invocation of a step did."""

    cpu_seconds: float = 0.0
    s3_put_list: int = 0  # PUT, COPY, POST and LIST requests (DELETE is free)
    s3_get: int = 0  # GET and HEAD requests
    s3_bytes: int = 0  # written
    items: int = 0  # DynamoDB items written (put, updated or deleted)
    wcu: int = 0  # their write units
    wcu_by_partition: Mapping[str, int] = field(default_factory=dict)  # by key, tenant left out


@dataclass(frozen=True)
class Measured:
    rows: int  # of the measured upload
    source_bytes: int  # its file
    upload_limit_bytes: int  # the largest file a presigned upload takes (footprint.uploads.intake)
    parts: int
    part_rows: int
    validate: StepCost  # the whole upload's
    part: StepCost  # one part's (the median part by CPU)
    part_imported_mb: float  # RSS of an interpreter that has imported the step
    part_heap_mb: float  # the part's peak Python heap above that

    @property
    def part_peak_mb(self) -> float:
        return self.part_imported_mb + self.part_heap_mb

    aggregate: StepCost
    publish: StepCost


@dataclass(frozen=True)
class Deployed:
    """What the template and state machine fix."""

    max_concurrency: int  # the Distributed Map's MaxConcurrency
    part_reserved: int  # CalculatePartFunction's ReservedConcurrentExecutions
    memory_mb: Mapping[str, int]  # by step
    transitions: int  # states a successful execution enters
    replicas: int  # regions of the global table


@dataclass(frozen=True)
class Model:
    rows: int
    parts: int
    concurrency: int
    waves: int
    gb_seconds: float
    lambda_requests: int
    transitions: int
    express_children: int
    write_units: int  # in one region
    replicated_write_units: int  # in every region
    s3_put_list: int
    s3_get: int
    s3_bytes: int
    source_bytes: int
    cost: Mapping[str, float]
    wall_seconds: float
    partition_wcu_per_second: Mapping[str, float]

    @property
    def cost_per_million_rows(self) -> float:
        return sum(self.cost.values()) / (self.rows / 1e6)

    @property
    def hot_partitions(self) -> list[str]:
        return [
            key
            for key, rate in self.partition_wcu_per_second.items()
            if rate > PARTITION_WCU_PER_SECOND
        ]


def model(measured: Measured, deployed: Deployed, rows: int, prices: Prices = PRICES) -> Model:
    """A ``rows``-row upload in AWS from the per-part figures: the validate step's CPU and
    bytes grow with rows, its PUTs with parts; a part's cost is the measured part's; the
    aggregate step reads every part's summary, so its CPU and GETs grow with parts, while its
    items depend on the facilities, months and kinds, not on rows; publish is fixed."""
    scale = rows / measured.rows
    parts = math.ceil(rows / measured.part_rows)
    per_part = parts / measured.parts
    validate = replace(
        measured.validate,
        cpu_seconds=measured.validate.cpu_seconds * scale,
        s3_bytes=round(measured.validate.s3_bytes * scale),
        s3_put_list=round(measured.validate.s3_put_list * per_part),
    )
    aggregate = replace(
        measured.aggregate,
        cpu_seconds=measured.aggregate.cpu_seconds * per_part,
        s3_get=round(measured.aggregate.s3_get * per_part),
    )
    part, publish = measured.part, measured.publish
    concurrency = min(deployed.max_concurrency, deployed.part_reserved, parts)
    waves = math.ceil(parts / concurrency)
    memory_gb = {step: mb / 1024 for step, mb in deployed.memory_mb.items()}
    gb_seconds = (
        memory_gb["validate"] * validate.cpu_seconds
        + memory_gb["part"] * part.cpu_seconds * parts
        + memory_gb["aggregate"] * aggregate.cpu_seconds
        + memory_gb["publish"] * publish.cpu_seconds
    )
    fixed = (validate, aggregate, publish)
    write_units = sum(step.wcu for step in fixed) + part.wcu * parts
    # One ListObjectsV2 a thousand parts: the Distributed Map's ItemReader.
    s3_put_list = sum(s.s3_put_list for s in fixed) + part.s3_put_list * parts + -(-parts // 1000)
    s3_get = sum(step.s3_get for step in fixed) + part.s3_get * parts
    # An Express child is billed at 64 MB in steps of 100 ms; it waits on its part.
    child_seconds = math.ceil(part.cpu_seconds * 10) / 10
    written = validate.s3_bytes + part.s3_bytes * parts
    cost = {
        "Lambda": gb_seconds * prices.lambda_gb_second
        + (parts + len(fixed)) * prices.lambda_request,
        "Step Functions": deployed.transitions * prices.standard_transition
        + parts * (prices.express_request + 0.0625 * child_seconds * prices.express_gb_second),
        "DynamoDB": write_units * deployed.replicas * prices.replicated_write_unit,
        "S3 requests": s3_put_list * prices.s3_put_list + s3_get * prices.s3_get,
        "S3 storage, a month of what it writes": written / 2**30 * prices.s3_gb_month,
    }
    # The uploads partition takes a part's counted rows from every running part at once; an
    # aggregate partition takes all its items in one batch write, within a second in AWS.
    rates: dict[str, float] = {}
    for key, units in part.wcu_by_partition.items():
        rates[key] = concurrency * units / part.cpu_seconds
    for key, units in aggregate.wcu_by_partition.items():
        rates[key] = max(rates.get(key, 0.0), units / AGGREGATE_BURST_SECONDS)
    return Model(
        rows=rows,
        parts=parts,
        concurrency=concurrency,
        waves=waves,
        gb_seconds=gb_seconds,
        lambda_requests=parts + len(fixed),
        transitions=deployed.transitions,
        express_children=parts,
        write_units=write_units,
        replicated_write_units=write_units * deployed.replicas,
        s3_put_list=s3_put_list,
        s3_get=s3_get,
        s3_bytes=written,
        source_bytes=round(measured.source_bytes * scale),
        cost=cost,
        wall_seconds=validate.cpu_seconds
        + waves * part.cpu_seconds
        + aggregate.cpu_seconds
        + publish.cpu_seconds,
        partition_wcu_per_second=rates,
    )


def success_path(asl: Mapping[str, Any]) -> list[str]:
    """The states a successful execution enters: each ``Next``, a Choice's ``Default``."""
    states, path = asl["States"], [asl["StartAt"]]
    while True:
        state = states[path[-1]]
        following = state.get("Default") if state["Type"] == "Choice" else state.get("Next")
        if following is None:
            return path
        path.append(following)


def deployed_from_template() -> Deployed:
    template = load_template()
    resources = template["Resources"]
    memory_default = template["Globals"]["Function"]["MemorySize"]
    asl = json.loads(CALCULATION_ASL.read_text(encoding="utf-8"))
    replicas = template["Parameters"]["ReplicaRegions"]["Default"].split(",")
    (map_state,) = [state for state in asl["States"].values() if state["Type"] == "Map"]
    return Deployed(
        max_concurrency=int(map_state["MaxConcurrency"]),
        part_reserved=int(resources[STEPS["part"]]["Properties"]["ReservedConcurrentExecutions"]),
        memory_mb={
            step: int(resources[logical]["Properties"].get("MemorySize", memory_default))
            for step, logical in STEPS.items()
        },
        transitions=len(success_path(asl)),
        replicas=len(replicas),
    )


# DynamoDB's item size: names and values in bytes; a number about one byte per two digits.
def value_bytes(value: Mapping[str, Any]) -> int:
    ((kind, content),) = value.items()
    if kind == "S":
        return len(content.encode("utf-8"))
    if kind == "N":
        return len(content.strip("-").replace(".", "").lstrip("0")) // 2 + 1
    if kind == "B":
        return len(content) * 3 // 4  # base64 in the request
    if kind in ("SS", "NS", "BS"):
        return sum(value_bytes({kind[0]: element}) for element in content)
    if kind == "L":
        return 3 + sum(1 + value_bytes(element) for element in content)
    if kind == "M":
        return 3 + item_bytes(content) + len(content)
    return 1  # BOOL, NULL


def item_bytes(item: Mapping[str, Mapping[str, Any]]) -> int:
    return sum(len(name.encode("utf-8")) + value_bytes(value) for name, value in item.items())


def write_units(item: Mapping[str, Mapping[str, Any]]) -> int:
    return max(1, math.ceil(item_bytes(item) / 1024))


def partition_label(pk: str) -> str:
    """``TENANT#<id>#AGG#2`` as ``AGG#2``: the model speaks of one tenant's partitions."""
    return pk.split("#", 2)[2] if pk.startswith("TENANT#") else pk


class Calls:
    """Every AWS call made while recording, seen by a botocore ``before-call`` handler that
    every session gets (``BUILTIN_HANDLERS``): the handlers make their own clients and
    tenant-scoped sessions, which no client of ours could watch."""

    def __init__(self) -> None:
        self.recording = False
        self.operations: Counter[str] = Counter()
        self.s3_bytes = 0
        self.items = 0
        self.wcu_by_partition: Counter[str] = Counter()
        self.updated: list[tuple[str, dict[str, Any], int]] = []  # sized after the step

    def install(self) -> None:
        from botocore.handlers import BUILTIN_HANDLERS

        BUILTIN_HANDLERS.append(("before-call", self))

    def __call__(self, model: Any, params: Mapping[str, Any], **_: Any) -> None:
        if not self.recording:
            return
        service, name = model.service_model.service_name, model.name
        self.operations[f"{service}:{name}"] += 1
        if service == "s3" and name == "PutObject":
            self.s3_bytes += _length(params["body"])
        elif service == "dynamodb":
            self._dynamodb(name, json.loads(params["body"]))

    def _dynamodb(self, name: str, body: dict[str, Any]) -> None:
        if name == "PutItem":
            self._written(body["Item"])
        elif name == "UpdateItem":
            self._updated(body)
        elif name == "DeleteItem":
            self._written(body["Key"])
        elif name == "BatchWriteItem":
            for requests in body["RequestItems"].values():
                for request in requests:
                    put = request.get("PutRequest")
                    self._written(put["Item"] if put else request["DeleteRequest"]["Key"])
        elif name == "TransactWriteItems":
            # A transaction's writes cost twice the units; a condition check writes nothing
            # but is charged as a write.
            for action in body["TransactItems"]:
                ((kind, detail),) = action.items()
                if kind == "Put":
                    self._written(detail["Item"], 2)
                elif kind == "Update":
                    self._updated(detail, 2)
                elif kind == "Delete":
                    self._written(detail["Key"], 2)
                else:
                    self.charge(detail["Key"], 2 * write_units(detail["Key"]))

    def _written(self, item: Mapping[str, Mapping[str, Any]], factor: int = 1) -> None:
        self.items += 1
        self.charge(item, factor * write_units(item))

    def _updated(self, request: Mapping[str, Any], factor: int = 1) -> None:
        self.items += 1
        self.updated.append((request["TableName"], request["Key"], factor))

    def charge(self, item: Mapping[str, Mapping[str, Any]], units: int) -> None:
        self.wcu_by_partition[partition_label(item["pk"]["S"])] += units

    @contextmanager
    def step(self) -> Iterator[list[StepCost]]:
        """Record one step; the list gets its cost, the updated items sized as they are
        after it (an update's write units are the larger item's, which here is the after)."""
        import boto3

        self.operations.clear()
        self.wcu_by_partition.clear()
        self.updated.clear()
        self.s3_bytes = self.items = 0
        answer: list[StepCost] = []
        self.recording = True
        started = time.process_time()
        try:
            yield answer
        finally:
            cpu = time.process_time() - started
            self.recording = False
        dynamodb = boto3.client("dynamodb")
        for table, key, factor in self.updated:
            item = dynamodb.get_item(TableName=table, Key=key, ConsistentRead=True)["Item"]
            self.charge(key, factor * write_units(item))
        count = self.operations
        answer.append(
            StepCost(
                cpu_seconds=cpu,
                s3_put_list=sum(n for op, n in count.items() if op.startswith(_PUT_LIST)),
                s3_get=count["s3:GetObject"] + count["s3:HeadObject"],
                s3_bytes=self.s3_bytes,
                items=self.items,
                wcu=sum(self.wcu_by_partition.values()),
                wcu_by_partition=dict(self.wcu_by_partition),
            )
        )


def _length(body: Any) -> int:
    """A request body's bytes: the bytes, or what is left of a file (botocore's BytesIO)."""
    if isinstance(body, bytes | bytearray):
        return len(body)
    position = int(body.tell())
    end = int(body.seek(0, io.SEEK_END))
    body.seek(position)
    return end - position


_PUT_LIST = ("s3:Put", "s3:Copy", "s3:List", "s3:CreateMultipart", "s3:UploadPart", "s3:Complete")


def _imported_rss_mb(module: str) -> float:
    """Peak RSS of a fresh interpreter once it has imported ``module``: a warm execution
    environment before its first event. Read from VmHWM, which starts afresh with the new
    program; ``ru_maxrss`` would keep this process's peak across the fork and exec."""
    code = (
        f"import re, {module}; "
        "print(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1))"
    )
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True
    )
    return int(done.stdout.strip()) / 1024


def _measure() -> Measured:
    import boto3
    from moto import mock_aws

    from bench.pipeline import _csv_bytes, _records
    from local.lambdas import FunctionRegistry, LambdaContext
    from local.provision import Provisioner

    # Fake credentials for moto, and quiet handlers (their metrics and logs are not measured).
    os.environ.update(
        {
            "AWS_ACCESS_KEY_ID": "bench",
            "AWS_SECRET_ACCESS_KEY": "bench",
            "AWS_DEFAULT_REGION": "us-east-2",
            "POWERTOOLS_METRICS_DISABLED": "true",
            "POWERTOOLS_LOG_LEVEL": "ERROR",
        }
    )
    os.environ.pop("AWS_ENDPOINT_URL", None)
    calls = Calls()
    calls.install()  # before any session is made, so that every one gets the handler
    config: Any = {"lambda": {"use_docker": False}}
    with mock_aws(config=config):
        template = load_template()
        deployment = Provisioner(template, boto3.Session()).provision()
        registry = FunctionRegistry(template, deployment.resolver)
        registry.activate()
        from footprint.domain.tenancy import TenantContext
        from local.seed import store_received_csv

        tenant = TenantContext.for_workflow("bench-scale")
        header, records = _records(MEASURED_ROWS)
        body = _csv_bytes(header, records)
        upload_id, calculation_id = store_received_csv(tenant, body, "scale.csv")
        job = {
            "tenant_id": tenant.tenant_id,
            "upload_id": upload_id,
            "calculation_id": calculation_id,
            "gwp_set": "AR5",
        }

        def handler(step: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
            function = registry.functions[STEPS[step]]
            entry = function.load()
            return lambda event: entry(
                event, LambdaContext(function.name, function.memory, function.timeout)
            )

        with calls.step() as validate_cost:
            validation = handler("validate")(job)
        # As the Distributed Map's ItemReader lists them (one page: a few parts).
        listed = boto3.client("s3").list_objects_v2(
            Bucket=validation["bucket"], Prefix=validation["prefix"]
        )
        keys = [item["Key"] for item in listed["Contents"]]
        part_costs = []
        for key in keys:
            with calls.step() as cost:
                handler("part")({**job, "key": key})
            part_costs.extend(cost)
        tracemalloc.start()
        handler("part")({**job, "key": keys[0]})  # again: idempotent, counted once
        heap_peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        with calls.step() as aggregate_cost:
            aggregated = handler("aggregate")({**job, "validation": validation})
        with calls.step() as publish_cost:
            handler("publish")({**job, "aggregate": aggregated})
        part_rows = int(registry.functions[STEPS["validate"]].environment["FOOTPRINT_PART_ROWS"])
        module = registry.functions[STEPS["part"]].handler.rpartition(".")[0]
        imported = _imported_rss_mb(module)
        from footprint.uploads.intake import MAX_PRESIGNED_BYTES
    median = statistics.median_low(cost.cpu_seconds for cost in part_costs)
    return Measured(
        rows=int(validation["rows_total"]),
        source_bytes=len(body),
        upload_limit_bytes=MAX_PRESIGNED_BYTES,
        parts=len(keys),
        part_rows=part_rows,
        validate=validate_cost[0],
        part=next(cost for cost in part_costs if cost.cpu_seconds == median),
        part_imported_mb=imported,
        part_heap_mb=heap_peak / 2**20,
        aggregate=aggregate_cost[0],
        publish=publish_cost[0],
    )


def rows(measured: Measured, deployed: Deployed, modelled: Model) -> list[tuple[str, float, str]]:
    part, per = measured.part, f"per {measured.part_rows:,}-row part"
    m = f"scale: {modelled.rows:,} rows:"
    answer: list[tuple[str, float, str]] = [
        (
            f"scale: measured {measured.rows:,} rows in {measured.parts} parts, CPU {per}",
            part.cpu_seconds,
            "s",
        ),
        (
            f"scale: peak memory {per} (of {deployed.memory_mb['part']} MB)",
            measured.part_peak_mb,
            "MB",
        ),
        ("scale: of which the interpreter with the step imported", measured.part_imported_mb, "MB"),
        (f"scale: S3 bytes written {per}", part.s3_bytes / 2**20, "MiB"),
        (f"scale: DynamoDB items written {per}", part.items, "n"),
        (
            f"scale: validate and split CPU per {measured.part_rows:,} rows",
            measured.validate.cpu_seconds * measured.part_rows / measured.rows,
            "s",
        ),
        ("scale: aggregate step, DynamoDB items written", measured.aggregate.items, "n"),
        ("scale: aggregate step, their write units", measured.aggregate.wcu, "WRU"),
        (f"{m} parts", modelled.parts, "n"),
        (f"{m} Distributed Map concurrency ({modelled.waves} waves)", modelled.concurrency, "n"),
        (f"{m} Lambda GB-seconds", modelled.gb_seconds, "GB-s"),
        (f"{m} Step Functions transitions (Standard parent)", modelled.transitions, "n"),
        (f"{m} Express child executions", modelled.express_children, "n"),
        (f"{m} DynamoDB write units, one region", modelled.write_units, "WRU"),
        (
            f"{m} DynamoDB replicated write units ({deployed.replicas} regions)",
            modelled.replicated_write_units,
            "rWRU",
        ),
        (f"{m} S3 PUT/LIST requests", modelled.s3_put_list, "n"),
        (f"{m} S3 GET requests", modelled.s3_get, "n"),
        (f"{m} S3 bytes written", modelled.s3_bytes / 2**30, "GiB"),
        (
            f"{m} source file (the presigned upload takes "
            f"{measured.upload_limit_bytes / 2**30:g} GiB)",
            modelled.source_bytes / 2**30,
            "GiB",
        ),
    ]
    # In cents: in dollars, three decimals would show most of them as nothing.
    for service, dollars in modelled.cost.items():
        cents = dollars * 100 * 1e6 / modelled.rows
        answer.append((f"{m} cost per million rows, {service}", cents, "cents"))
    answer += [
        (
            f"{m} cost per million rows, us-east-2 list prices July 2025",
            modelled.cost_per_million_rows * 100,
            "cents",
        ),
        (f"{m} expected wall time", modelled.wall_seconds, "s"),
    ]
    for key, rate in sorted(modelled.partition_wcu_per_second.items()):
        answer.append((f"{m} partition {key} write units per second", rate, "WCU/s"))
    answer.append(
        (f"{m} partitions over 1,000 WCU/s (target 0)", len(modelled.hot_partitions), "n")
    )
    return answer


def run() -> list[tuple[str, float, str]]:
    measured = _measure()
    deployed = deployed_from_template()
    return rows(measured, deployed, model(measured, deployed, MODELLED_ROWS))
