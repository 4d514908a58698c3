"""The template's functions, run in-process as Lambda would run them.

Each function's code folder goes on the import path (its package name is unique, so folders
never shadow each other) and its handler is called with a Lambda-like context. One lock per
function stands for Lambda's one-event-per-execution-environment: Powertools resolvers keep
the current event in module state, so two events must not share a module at once.

A function that a state machine runs as a Task can instead run in worker processes
(``run_in_processes``), each one an execution environment of its own: in AWS a Map's items
run in parallel Lambdas, and threads of one interpreter would run them one at a time.
Workers reach the emulator over HTTP, as every handler here does.
"""

from __future__ import annotations

import importlib
import json
import multiprocessing
import os
import select
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ProcessPoolExecutor
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import Any

from local.template import ACCOUNT_ID, REGION, ROOT, Resolver

Handler = Callable[[Any, Any], Any]
# Libraries every handler imports, loaded once before workers are forked (forkserver preload).
_SHARED_LIBRARIES = ("boto3", "boto3.dynamodb.conditions", "pydantic", "aws_lambda_powertools")


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
    _callable: Handler | None = None

    def load(self) -> Handler:
        if self._callable is None:
            self._callable = _handler(self.handler)
        return self._callable


def _handler(path: str) -> Handler:
    module_name, _, attribute = path.rpartition(".")
    return getattr(importlib.import_module(module_name), attribute)  # type: ignore[no-any-return]


def _start_worker(
    path: list[str], environment: dict[str, str], handler: str, platform_pid: int
) -> None:
    """A worker process starts with the platform's import path and environment, and imports
    its handler (a Lambda execution environment's init phase)."""
    _end_with(platform_pid)
    sys.path[:] = path
    os.environ.clear()
    os.environ.update(environment)
    _handler(handler)


def _end_with(pid: int) -> None:
    """End this worker when process ``pid`` (the platform) ends, however it ends. A worker
    left waiting on its call queue after ``kill -9`` of ``make local`` would otherwise live
    on, and keep the forkserver alive with it. Linux only (a pidfd); elsewhere a no-op."""
    if not hasattr(os, "pidfd_open"):
        return
    platform = os.pidfd_open(pid)

    def wait() -> None:
        select.select([platform], [], [])  # readable once the process has ended
        os._exit(1)

    threading.Thread(target=wait, name="end-with-platform", daemon=True).start()


def _run_in_worker(
    handler: str, event: Any, name: str, memory: int, timeout: int
) -> tuple[bool, Any, str]:
    """``(True, result, "")`` or ``(False, error type, message)``: a handler's exception
    need not survive pickling to be reported as Lambda reports it."""
    try:
        return True, _handler(handler)(event, LambdaContext(name, memory, timeout)), ""
    except Exception as error:  # a handler failure, reported as Lambda reports it
        return False, type(error).__name__, str(error)


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
        self._workers: dict[str, ProcessPoolExecutor] = {}
        self._faults_lock = threading.Lock()
        # One handler at a time in this process, whatever its function: Powertools keeps the
        # request being resolved on a class every resolver shares (BaseRouter.current_event),
        # so two API functions running at once here would read each other's request, tenant
        # included. In AWS each execution environment is a process of its own.
        self._in_process = threading.Lock()

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

    def run_in_processes(self, logical_ids: Iterable[str], workers: int) -> None:
        """Run these functions' events in ``workers`` processes each, in parallel. Call after
        ``activate``: workers start with this process's import path and environment."""
        # forkserver: a clean interpreter forks the workers, and preloading this module
        # instead of ``__main__`` keeps them from importing whatever script started us. It
        # preloads the libraries every handler imports too (boto3 alone is half a handler's
        # init), so each worker imports only its own code.
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([__name__, *_SHARED_LIBRARIES])
        for logical_id in logical_ids:
            function = self.functions[logical_id]
            pool = self._workers[logical_id] = ProcessPoolExecutor(
                workers,
                mp_context=context,
                initializer=_start_worker,
                initargs=(list(sys.path), dict(os.environ), function.handler, os.getpid()),
            )
            # Start every worker now, as a platform start starts every function.
            for _ in range(workers):
                pool.submit(int)

    def stop(self) -> None:
        for pool in self._workers.values():
            pool.shutdown(cancel_futures=True)
        self._workers.clear()

    def _fault(self, logical_id: str, when: str) -> None:
        with self._faults_lock:
            fault = self.faults.get(logical_id)
            if fault and fault.remaining > 0 and fault.when == when:
                fault.remaining -= 1
                raise FunctionError(fault.error_type, f"injected fault {when} the handler ran")

    def invoke(self, logical_id: str, event: Any) -> Any:
        """Run one event through a function; a failure raises ``FunctionError``."""
        function = self.functions[logical_id]
        event = json.loads(json.dumps(event))
        pool = self._workers.get(logical_id)
        # A worker process is an execution environment of its own; in-process, the lock is.
        environment: AbstractContextManager[Any] = nullcontext() if pool else self._in_process
        with environment:
            self._fault(logical_id, "before")
            if pool is not None:
                ok, result, message = pool.submit(
                    _run_in_worker,
                    function.handler,
                    event,
                    function.name,
                    function.memory,
                    function.timeout,
                ).result()
                if not ok:
                    raise FunctionError(result, message)
            else:
                context = LambdaContext(function.name, function.memory, function.timeout)
                try:
                    result = function.load()(event, context)
                except Exception as error:  # a handler failure, reported as Lambda reports it
                    raise FunctionError(type(error).__name__, str(error)) from error
            self._fault(logical_id, "after")
        return result
