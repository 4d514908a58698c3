"""The template's functions, run in-process as Lambda would run them.

Each function's code folder goes on the import path (its package name is unique, so folders
never shadow each other) and its handler is called with a Lambda-like context. One lock per
function stands for Lambda's one-event-per-execution-environment: Powertools resolvers keep
the current event in module state, so two events must not share a module at once.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from local.template import ACCOUNT_ID, REGION, ROOT, Resolver

Handler = Callable[[Any, Any], Any]


@dataclass
class LambdaContext:
    """What Powertools and our handlers read from Lambda's context object."""

    function_name: str
    memory_limit_in_mb: int
    timeout_seconds: int
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    function_version: str = "$LATEST"
    log_group_name: str = ""
    log_stream_name: str = "local"
    _deadline: float = 0.0

    def __post_init__(self) -> None:
        self._deadline = time.monotonic() + self.timeout_seconds

    @property
    def invoked_function_arn(self) -> str:
        return f"arn:aws:lambda:{REGION}:{ACCOUNT_ID}:function:{self.function_name}"

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._deadline - time.monotonic()) * 1000))


class FunctionError(Exception):
    """A handler failed; ``error_type`` is what Lambda reports as ``errorType``."""

    def __init__(self, error_type: str, message: str) -> None:
        super().__init__(message)
        self.error_type = error_type
        self.message = message

    def payload(self) -> dict[str, str]:
        return {"errorType": self.error_type, "errorMessage": self.message}


@dataclass
class Fault:
    """A failure injected into a function's next invocations, to drive Retry and Catch.

    ``when`` is ``before`` (the invocation fails before the handler runs, as a throttle or a
    service error does) or ``after`` (the handler's work is done but its answer is lost, as
    with a timeout): the second is what exactly-once processing has to survive.
    """

    remaining: int
    when: str = "before"
    error_type: str = "Lambda.ServiceException"


@dataclass
class LocalFunction:
    logical_id: str
    name: str
    code_uri: str
    handler: str
    timeout: int
    memory: int
    environment: dict[str, str]
    events: dict[str, Any]
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _callable: Handler | None = None

    def load(self) -> Handler:
        if self._callable is None:
            module_name, _, attribute = self.handler.rpartition(".")
            self._callable = getattr(importlib.import_module(module_name), attribute)
        return self._callable


class FunctionRegistry:
    """Every ``AWS::Serverless::Function`` of the template, to invoke by logical id or name."""

    def __init__(self, template: Mapping[str, Any], resolver: Resolver) -> None:
        globals_ = template.get("Globals", {}).get("Function", {})
        self.functions: dict[str, LocalFunction] = {}
        self.faults: dict[str, Fault] = {}
        for logical_id, spec in template["Resources"].items():
            if spec["Type"] != "AWS::Serverless::Function":
                continue
            properties = spec["Properties"]
            variables = {
                **globals_.get("Environment", {}).get("Variables", {}),
                **properties.get("Environment", {}).get("Variables", {}),
            }
            self.functions[logical_id] = LocalFunction(
                logical_id=logical_id,
                name=resolver.physical.get(logical_id, logical_id),
                code_uri=properties["CodeUri"],
                handler=properties["Handler"],
                timeout=int(properties.get("Timeout", globals_.get("Timeout", 3))),
                memory=int(properties.get("MemorySize", globals_.get("MemorySize", 128))),
                environment={k: str(v) for k, v in resolver.resolve(variables).items()},
                events=properties.get("Events", {}),
            )
        self._by_name = {function.name: function for function in self.functions.values()}

    def shared_environment(self) -> dict[str, str]:
        """The union of every function's environment.

        All handlers share one process here, so a variable must mean the same in every
        function that sets it; a clash is a template error worth stopping for.
        """
        merged: dict[str, str] = {}
        for function in self.functions.values():
            for key, value in function.environment.items():
                if merged.setdefault(key, value) != value:
                    raise ValueError(
                        f"{function.logical_id} sets {key}={value!r}, another function "
                        f"{merged[key]!r}: give the two different names"
                    )
        return merged

    def activate(self) -> None:
        """Put every function's code on the import path and its environment in place."""
        os.environ.update(self.shared_environment())
        for function in self.functions.values():
            code_dir = str(ROOT / function.code_uri)
            if code_dir not in sys.path:
                sys.path.insert(0, code_dir)
        layer_dir = str(ROOT / "layers" / "footprint")
        if layer_dir not in sys.path:
            sys.path.insert(0, layer_dir)

    def by_name(self, name: str) -> LocalFunction:
        return self._by_name[name]

    def inject_fault(self, logical_id: str, fault: Fault) -> None:
        self.faults[logical_id] = fault

    def invoke(self, logical_id: str, event: Any) -> Any:
        """Run one event through a function; a failure raises ``FunctionError``."""
        function = self.functions[logical_id]
        handler = function.load()
        context = LambdaContext(function.name, function.memory, function.timeout)
        fault = self.faults.get(logical_id)
        with function._lock:
            if fault and fault.remaining > 0 and fault.when == "before":
                fault.remaining -= 1
                raise FunctionError(fault.error_type, "injected fault before the handler ran")
            try:
                result = handler(json.loads(json.dumps(event)), context)
            except Exception as error:  # a handler failure, reported as Lambda reports it
                raise FunctionError(type(error).__name__, str(error)) from error
            if fault and fault.remaining > 0 and fault.when == "after":
                fault.remaining -= 1
                raise FunctionError(fault.error_type, "injected fault after the handler ran")
        return result
