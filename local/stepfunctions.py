"""Make moto's Step Functions run the template's state machines against our handlers.

moto executes ASL once ``execute_state_machine`` is on; its Lambda tasks call moto's
Docker-free Lambda backend, which only echoes. Its ``invoke`` is pointed here at the
in-process function registry, and a handler failure comes back as Lambda reports one (the
``x-amz-function-error`` header and an ``errorType`` payload) so Retry and Catch fire as in AWS.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator, Mapping
from typing import Any

from moto.awslambda_simple.models import LambdaSimpleBackend
from moto.core.config import default_user_config
from moto.core.models import botocore_stubber
from moto.settings import moto_server_port
from moto.stepfunctions.parser.asl.component.state.exec.state_task import lambda_eval_utils
from moto.stepfunctions.parser.asl.utils import boto_client

from local.lambdas import FunctionError, FunctionRegistry
from local.template import ROOT


def enable_execution() -> None:
    """Switch moto to executing state machines. Call before creating any: moto keeps
    executable state machines in another backend, so ones created earlier are not seen."""
    default_user_config["lambda"] = {"use_docker": False}
    default_user_config["stepfunctions"] = {"execute_state_machine": True}


def dispatch_lambda_tasks(registry: FunctionRegistry) -> None:
    """Answer moto's Lambda invocations (Step Functions tasks) with our handlers."""

    def invoke(
        backend: LambdaSimpleBackend,
        function_name: str,
        qualifier: str | None,
        body: Any,
        headers: Any,
        response_headers: Any,
    ) -> bytes:
        name = (
            function_name.rsplit(":", 1)[-1] if function_name.startswith("arn:") else function_name
        )
        function = registry.by_name(name)
        event = json.loads(body) if body else {}
        try:
            result = registry.invoke(function.logical_id, event)
        except FunctionError as error:
            response_headers["x-amz-function-error"] = "Unhandled"
            return json.dumps(error.payload()).encode("utf-8")
        return json.dumps(result).encode("utf-8")

    LambdaSimpleBackend.invoke = invoke  # type: ignore[method-assign,assignment]
    _reuse_task_clients()


def _reuse_task_clients() -> None:
    """Give moto's Lambda tasks one boto3 client per region instead of one per task.

    moto builds a new client for every Task it runs; building one loads the service model
    and a TLS context, which cost a Distributed Map of many parts more than the calls. The
    client depends on where calls go (moto's in-process interceptor or its server's port),
    so that is the key; moto's clients ignore a task's credentials, and so do these.
    """
    build = boto_client.boto_client_for
    if getattr(lambda_eval_utils, "boto_client_for", build) is not build:
        return
    clients: dict[tuple[str, str, bool, str], Any] = {}
    lock = threading.Lock()

    def boto_client_for(region: str, service: str, state_credentials: Any = None) -> Any:
        key = (region, service, botocore_stubber.enabled, moto_server_port())
        with lock:
            if key not in clients:
                clients[key] = build(region=region, service=service)
            return clients[key]

    lambda_eval_utils.boto_client_for = boto_client_for  # type: ignore[attr-defined]


def distributed_map_functions(template: Mapping[str, Any]) -> set[str]:
    """The functions a Distributed Map of the template's state machines fans out to (by
    logical id): in AWS their items run in parallel Lambdas."""
    found: set[str] = set()
    for spec in template["Resources"].values():
        if spec["Type"] != "AWS::Serverless::StateMachine":
            continue
        properties = spec["Properties"]
        definition = json.loads((ROOT / properties["DefinitionUri"]).read_text(encoding="utf-8"))
        substitutions = properties.get("DefinitionSubstitutions", {})
        for resource in _distributed_tasks(definition["States"]):
            name = resource.removeprefix("${").removesuffix("}")
            target = substitutions.get(name, {})
            if isinstance(target, dict) and "Fn::GetAtt" in target:
                found.add(target["Fn::GetAtt"][0])
    return found


def _distributed_tasks(states: Mapping[str, Any], inside: bool = False) -> Iterator[str]:
    """The Resource of every Task inside a DISTRIBUTED Map's item processor."""
    for state in states.values():
        if state.get("Type") == "Task" and inside:
            yield state["Resource"]
        processor = state.get("ItemProcessor")
        if processor is not None:
            mode = processor.get("ProcessorConfig", {}).get("Mode")
            yield from _distributed_tasks(processor["States"], inside or mode == "DISTRIBUTED")
