"""Make moto's Step Functions run the template's state machines against our handlers.

moto executes ASL once ``execute_state_machine`` is on; its Lambda tasks call moto's
Docker-free Lambda backend, which only echoes. Its ``invoke`` is pointed here at the
in-process function registry, and a handler failure comes back as Lambda reports one (the
``x-amz-function-error`` header and an ``errorType`` payload) so Retry and Catch fire as in AWS.
"""

from __future__ import annotations

import json
from typing import Any

from moto.awslambda_simple.models import LambdaSimpleBackend
from moto.core.config import default_user_config

from local.lambdas import FunctionError, FunctionRegistry


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
