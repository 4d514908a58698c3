"""Cold-import time of each API handler, as a ratio to ``import boto3; boto3.client("dynamodb")``.

Each import runs in a fresh interpreter (as a Lambda cold start does), with the function's
code folder, the ``footprint`` layer as ``sam build`` makes it (compiled by the layer's own
Makefile, since Lambda cannot write bytecode to a read-only layer) and the template's
environment. Third-party packages come from ``.venv``, compiled by pip as the dependencies
layer's Makefile compiles them. The baseline and the handlers take turns round after round,
so a slow spell on a shared machine falls on all of them alike; each keeps its median.
Target: every handler at most 1.5x the boto3 baseline.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from local.template import ROOT, Resolver, load_template

ROUNDS = 15
BASELINE = 'import boto3; boto3.client("dynamodb")'
_TIMER = "import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"


def _seconds(statement: str, path: list[str], environment: dict[str, str]) -> float:
    out = subprocess.run(
        [sys.executable, "-c", _TIMER.format(statement=statement)],
        env={**os.environ, **environment, "PYTHONPATH": os.pathsep.join(path)},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return float(out.strip().splitlines()[-1])


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


def _built_layer(artifacts: Path) -> str:
    """The footprint layer built by the same make target ``sam build`` runs."""
    subprocess.run(
        [
            "make",
            "--silent",
            "-C",
            str(ROOT / "layers" / "footprint"),
            "build-FootprintLayer",
            f"ARTIFACTS_DIR={artifacts}",
            f"PYTHON={sys.executable}",
        ],
        check=True,
        capture_output=True,
    )
    return str(artifacts / "python")


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
    handlers = {
        logical_id: (
            f"import {spec['Properties']['Handler'].rpartition('.')[0]}",
            str(ROOT / spec["Properties"]["CodeUri"]),
        )
        for logical_id, spec in sorted(template["Resources"].items())
        if logical_id in _api_facing(template)
    }
    with tempfile.TemporaryDirectory(prefix="footprint-layer-") as artifacts:
        layer = _built_layer(Path(artifacts))
        baseline: list[float] = []
        samples: dict[str, list[float]] = {logical_id: [] for logical_id in handlers}
        for _ in range(ROUNDS):
            baseline.append(_seconds(BASELINE, [layer], environment))
            for logical_id, (statement, code_dir) in handlers.items():
                samples[logical_id].append(_seconds(statement, [code_dir, layer], environment))
    base = statistics.median(baseline)
    rows = [("cold start: baseline import boto3 + dynamodb client (s)", base, "s")]
    for logical_id, seconds in samples.items():
        rows.append(
            (
                f"cold start: {logical_id} import (x baseline, target <= 1.5)",
                statistics.median(seconds) / base,
                "x",
            )
        )
    return rows
