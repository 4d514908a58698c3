"""Cold-import time of each API handler, as a ratio to ``import boto3; boto3.client("dynamodb")``.

Each import runs in a fresh interpreter (as a Lambda cold start does), with the function's
code folder and the layer on the path and the template's environment; the median of several
runs is kept. Target: every handler at most 1.5x the boto3 baseline.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
from typing import Any

from local.template import ROOT, Resolver, load_template

RUNS = 7
_TIMER = "import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"


def _seconds(statement: str, path: list[str], environment: dict[str, str]) -> float:
    samples = []
    for _ in range(RUNS):
        out = subprocess.run(
            [sys.executable, "-c", _TIMER.format(statement=statement)],
            env={**os.environ, **environment, "PYTHONPATH": os.pathsep.join(path)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        samples.append(float(out.strip().splitlines()[-1]))
    return statistics.median(samples)


def _api_facing(template: dict[str, Any]) -> set[str]:
    """Functions on a request's path: those serving Api events, and the API's authorizers."""
    found = set()
    for logical_id, spec in template["Resources"].items():
        if spec["Type"] == "AWS::Serverless::Function" and any(
            event["Type"] == "Api" for event in spec["Properties"].get("Events", {}).values()
        ):
            found.add(logical_id)
        if spec["Type"] == "AWS::Serverless::Api":
            for authorizer in spec["Properties"].get("Auth", {}).get("Authorizers", {}).values():
                found.add(authorizer["FunctionArn"]["Fn::GetAtt"][0])
    return found


def run() -> list[tuple[str, float, str]]:
    template = load_template()
    resolver = Resolver(template)
    environment = {
        "AWS_DEFAULT_REGION": "us-east-2",
        "AWS_ACCESS_KEY_ID": "bench",
        "AWS_SECRET_ACCESS_KEY": "bench",
        "POWERTOOLS_SERVICE_NAME": "footprint",
        "POWERTOOLS_METRICS_NAMESPACE": "Footprint",
        "FOOTPRINT_DATA_TABLE": "bench",
        "FOOTPRINT_STAGE": str(resolver.parameters.get("Stage")),
        "FOOTPRINT_ALLOWED_ORIGINS": "https://app.example",
    }
    layer = str(ROOT / "layers" / "footprint")
    baseline = _seconds('import boto3; boto3.client("dynamodb")', [layer], environment)
    rows = [("cold start: baseline import boto3 + dynamodb client (s)", baseline, "s")]
    for logical_id, spec in sorted(template["Resources"].items()):
        if logical_id not in _api_facing(template):
            continue
        module = spec["Properties"]["Handler"].rpartition(".")[0]
        code_dir = str(ROOT / spec["Properties"]["CodeUri"])
        seconds = _seconds(f"import {module}", [code_dir, layer], environment)
        rows.append(
            (
                f"cold start: {logical_id} import (x baseline, target <= 1.5)",
                seconds / baseline,
                "x",
            )
        )
    return rows
