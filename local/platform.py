"""Start the whole platform on this machine: moto, the template's resources, the functions,
the state machines, the schedules and the API front, all in one process.

State lives in memory: stopping the process forgets every tenant, upload and result.
"""

from __future__ import annotations

import gc
import json
import logging
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import boto3
from moto.server import ThreadedMotoServer
from werkzeug.serving import BaseWSGIServer, make_server

from local import emulator
from local.event_sources import SqsPoller, sqs_sources
from local.front import Front, distribution_origin_headers
from local.gateway import Gateway, RestApi
from local.lambdas import FunctionRegistry
from local.presigned import PRESIGNED_BUCKET, PresignedProxy
from local.provision import Deployment, Provisioner
from local.scheduler import Schedule, Scheduler, schedules, start_target
from local.stepfunctions import (
    dispatch_lambda_tasks,
    enable_execution,
    task_functions,
)
from local.template import REGION, ROOT, STACK_NAME, load_template
from local.web import WebApp

# Where the running platform says how to reach it; `footprint` (the operator CLI) finds it by
# this path from the current directory upward, so the name is part of the CLI's contract.
STATE_FILE = ROOT / ".local" / "platform.json"
# Beside the state file: the TXT records the local DNS answers for domain verification (a
# JSON object, record name -> values; ``footprint.adapters.dns.FileTxtLookup``), edited by
# hand or by the seed.
DNS_FILE_NAME = "dns.json"

# Credentials moto accepts; they reach nothing but the in-process emulator.
_EMULATOR_ENVIRONMENT = {
    "AWS_ACCESS_KEY_ID": "local",
    "AWS_SECRET_ACCESS_KEY": "local",
    "AWS_SESSION_TOKEN": "local",
    "AWS_DEFAULT_REGION": REGION,
    "AWS_REGION": REGION,
    # botocore retries an emulator 500 for a minute by default; fail fast instead.
    "AWS_MAX_ATTEMPTS": "2",
    "AWS_RETRY_MODE": "standard",
    "POWERTOOLS_METRICS_DISABLED": "true",
    "POWERTOOLS_DEV": "false",
}


@dataclass
class LocalPlatform:
    """One running local platform; ``start`` returns once the API answers.

    The API port is bound first and answers 503 ``starting`` (``local.front``) until the
    platform is ready: at the end of ``start``, or, with ``start(open_front=False)``, when the
    caller calls ``open`` (``python -m local`` does once the demo data is in)."""

    api_port: int = 3000
    aws_port: int = 0
    host: str = "127.0.0.1"
    template_path: Path = ROOT / "template.yaml"
    state_file: Path = STATE_FILE
    moto: ThreadedMotoServer | None = None
    deployment: Deployment | None = None
    functions: FunctionRegistry | None = None
    scheduler: Scheduler | None = None
    schedules: dict[str, Schedule] = field(default_factory=dict)
    sqs_poller: SqsPoller | None = None
    # Function environment variables set differently here (tests: smaller parts).
    environment: dict[str, str] = field(default_factory=dict)
    _api_server: BaseWSGIServer | None = None
    _front: Front | None = None
    _state_written: bool = False
    _gateway: Gateway | None = None

    @property
    def api_url(self) -> str:
        return f"http://{self.host}:{self.api_port}"

    @property
    def aws_url(self) -> str:
        return f"http://{self.host}:{self.aws_port}"

    def start(self, open_front: bool = True) -> LocalPlatform:
        template = load_template(self.template_path)
        self._bind_front(template)
        try:
            self._start(template)
        except BaseException:
            self.stop()
            raise
        if open_front:
            self.open()
        return self

    def open(self) -> None:
        """Serve the API: until now the front answered 503 ``starting``."""
        assert self._front is not None
        assert self._gateway is not None
        assert self.deployment is not None
        self._front.open(
            self._gateway,
            distribution_origin_headers(self.deployment.template, self.deployment.resolver.resolve),
        )

    def _bind_front(self, template: dict[str, Any]) -> None:
        stage = template.get("Parameters", {}).get("Stage", {}).get("Default", "unknown")
        self._front = Front(str(stage), web=WebApp(template))
        # The request log of the front (werkzeug's) is replaced by the gateway's access log.
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
        self._api_server = make_server(self.host, self.api_port, self._front, threaded=True)
        self.api_port = self._api_server.server_port
        # SAML service-provider URLs derive from the public base URL, and the ACS sends a
        # browser on to the web application: both are the local front here. Set over the
        # template's values once the functions' environment is in place (``_start``).
        for variable in ("FOOTPRINT_PUBLIC_BASE_URL", "FOOTPRINT_WEB_BASE_URL"):
            self.environment.setdefault(variable, self.api_url)
        dns_file = self.state_file.parent / DNS_FILE_NAME
        self.environment.setdefault("FOOTPRINT_DNS_TXT_FILE", str(dns_file))
        threading.Thread(
            target=self._api_server.serve_forever, name="api-front", daemon=True
        ).start()

    def _start(self, template: dict[str, Any]) -> None:
        os.environ.update(_EMULATOR_ENVIRONMENT)
        emulator.tune()
        self.moto = ThreadedMotoServer(ip_address=self.host, port=self.aws_port, verbose=False)
        self.moto.start()
        self.aws_port = self.moto.get_host_and_port()[1]
        # moto's Step Functions tasks call back to the server on this port.
        os.environ["MOTO_PORT"] = str(self.aws_port)
        os.environ["AWS_ENDPOINT_URL"] = self.aws_url

        enable_execution()
        self.deployment = Provisioner(template, boto3.Session()).provision()
        self.functions = FunctionRegistry(template, self.deployment.resolver)
        self.functions.activate()
        os.environ.update(self.environment)
        dispatch_lambda_tasks(self.functions)
        # Each workflow step runs in processes of its own, as each is a Lambda of its own in
        # AWS: a step's work then leaves this interpreter, where the emulator serves the
        # step's own calls (validate streams the whole upload through moto as it splits).
        for logical_id, fanned_out in task_functions(template).items():
            workers = (os.cpu_count() or 1) if fanned_out else 1
            self.functions.run_in_processes([logical_id], workers)

        apis = self.deployment.resources_of("AWS::Serverless::Api")
        if len(apis) != 1:
            raise ValueError(
                f"the local front serves exactly one API, the template has {len(apis)}"
            )
        api = RestApi(template, self.deployment.resolver, next(iter(apis)))
        self._gateway = Gateway(api, self.functions)
        assert self._front is not None
        bucket = self.deployment.resolver.physical[PRESIGNED_BUCKET]
        self._front.forward_presigned(f"/{bucket}/", PresignedProxy(self.aws_url))

        self.schedules = schedules(template, self.deployment.resolver)
        self.scheduler = Scheduler(self.schedules, self.fire)
        self.scheduler.start()
        self.sqs_poller = SqsPoller(sqs_sources(template, self.deployment.resolver), self.functions)
        self.sqs_poller.start()
        self._write_state()
        # This process holds the emulator's heap beside the handlers (in AWS a handler's
        # process holds no emulator), and a full collection walks all of it in the middle of
        # a request. Objects made so far live as long as the platform: keep them out of full
        # collections, and make full collections ten times rarer.
        gc.collect()
        gc.freeze()
        young, middle, _ = gc.get_threshold()
        gc.set_threshold(young, middle, 100)

    def fire(self, schedule: Schedule) -> str:
        """Start a schedule's target now; answers the execution ARN (a state machine) or the
        function's answer (a Lambda function)."""
        return start_target(
            lambda service, region: boto3.client(service, region_name=region),  # type: ignore[call-overload]
            schedule.logical_id,
            schedule.target_arn,
            schedule.input,
        )

    def stop(self) -> None:
        if self.scheduler:
            self.scheduler.stop()
        if self.sqs_poller:
            self.sqs_poller.stop()
        if self._api_server:
            self._api_server.shutdown()
        if self.functions:
            self.functions.stop()
        if self.moto:
            self.moto.stop()
        if self._state_written:  # not another platform's, when this one failed to start
            self.state_file.unlink(missing_ok=True)

    def _write_state(self) -> None:
        assert self.deployment is not None
        self.state_file.parent.mkdir(parents=True, exist_ok=True)
        state: dict[str, Any] = {
            "pid": os.getpid(),
            "api_url": self.api_url,
            "aws_url": self.aws_url,
            "region": REGION,
            "stack": STACK_NAME,
            # What `--stack` finds in AWS, for the CLI: moto holds no CloudFormation stack.
            # The stage and the web application are served by the local front here.
            "outputs": {
                **self.deployment.outputs(),
                "ApiUrl": self.api_url,
                "WebUrl": self.api_url,
            },
            "schedules": {
                name: {"target": entry.target_arn, "input": entry.input}
                for name, entry in self.schedules.items()
            },
        }
        self.state_file.write_text(json.dumps(state, indent=2), encoding="utf-8")
        self._state_written = True
