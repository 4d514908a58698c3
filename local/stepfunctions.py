"""Make moto's Step Functions run the template's state machines against our handlers.

moto executes ASL once ``execute_state_machine`` is on; its Lambda tasks call moto's
Docker-free Lambda backend, which only echoes. Its ``invoke`` is pointed here at the
in-process function registry, and a handler failure comes back as Lambda reports one (the
``x-amz-function-error`` header and an ``errorType`` payload) so Retry and Catch fire as in AWS.
A Wait until a timestamp waits by the platform's clock (``footprint.identity.clock``), which
tests move: a workflow that waits 14 days runs through in a test that moves the clock.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator, Mapping
from datetime import UTC
from typing import Any

from moto.awslambda_simple.models import LambdaSimpleBackend
from moto.core.config import default_user_config
from moto.core.models import botocore_stubber
from moto.settings import moto_server_port
from moto.stepfunctions.parser.asl.component.state.exec.state_task import lambda_eval_utils
from moto.stepfunctions.parser.asl.component.state.wait.wait_function.timestamp import Timestamp
from moto.stepfunctions.parser.asl.eval.environment import Environment
from moto.stepfunctions.parser.asl.utils import boto_client

from footprint.identity import clock
from local.lambdas import FunctionError, FunctionRegistry
from local.template import ROOT

# A Task that invokes a function through the Lambda integration names it in its Parameters.
_LAMBDA_INVOKE = "arn:aws:states:::lambda:invoke"
# How often a Wait until a timestamp looks at the clock again.
_WAIT_POLL_SECONDS = 0.1


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
    _wait_by_the_platform_clock()


def _wait_by_the_platform_clock() -> None:
    """Make a Wait with ``Timestamp`` or ``TimestampPath`` end when the platform's clock
    reaches the timestamp (moto sleeps the difference from the real time once)."""
    measure = Timestamp._get_wait_seconds

    def wait_until_due(self: Timestamp, env: Environment) -> None:
        measure(self, env)  # moto's checks of the timestamp: a malformed one fails the state
        self.string.eval(env=env)
        due = Timestamp._from_timestamp_string(str(env.stack.pop()))
        assert due is not None  # measure refused a malformed timestamp
        deadline = due.replace(tzinfo=UTC).timestamp()
        while env.is_running() and clock.now() < deadline:
            env.program_state_event.wait(_WAIT_POLL_SECONDS)

    Timestamp._eval_body = wait_until_due  # type: ignore[method-assign,assignment]


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


def task_functions(template: Mapping[str, Any]) -> dict[str, bool]:
    """The functions the template's state machines run as Tasks (by logical id), each with
    whether a Distributed Map fans out to it: in AWS its items run in parallel Lambdas."""
    found: dict[str, bool] = {}
    for spec in template["Resources"].values():
        if spec["Type"] != "AWS::Serverless::StateMachine":
            continue
        properties = spec["Properties"]
        definition = json.loads((ROOT / properties["DefinitionUri"]).read_text(encoding="utf-8"))
        substitutions = properties.get("DefinitionSubstitutions", {})
        for reference, distributed in _tasks(definition["States"]):
            target = substitutions.get(reference.removeprefix("${").removesuffix("}"), {})
            if isinstance(target, dict) and "Fn::GetAtt" in target:
                logical_id = target["Fn::GetAtt"][0]
                found[logical_id] = found.get(logical_id, False) or distributed
    return found


def _tasks(states: Mapping[str, Any], distributed: bool = False) -> Iterator[tuple[str, bool]]:
    """Each Task's function reference (``${...}``), and whether it lies inside a DISTRIBUTED
    Map's item processor. A Task names its function as its Resource, or as the FunctionName
    of the Lambda invoke integration."""
    for state in states.values():
        if state.get("Type") == "Task":
            resource = str(state["Resource"])
            if resource == _LAMBDA_INVOKE:
                resource = str(state.get("Parameters", {}).get("FunctionName", ""))
            yield resource, distributed
        processor = state.get("ItemProcessor")
        if processor is not None:
            mode = processor.get("ProcessorConfig", {}).get("Mode")
            yield from _tasks(processor["States"], distributed or mode == "DISTRIBUTED")
        for branch in state.get("Branches", []):
            yield from _tasks(branch["States"], distributed)
