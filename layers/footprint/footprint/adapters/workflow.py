"""Start the calculation state machine for an upload.

The execution name is the calculation id: Step Functions refuses a second execution of the
same name, so a repeated start (an S3 event delivered twice, a double click) cannot run one
calculation twice.
"""

from __future__ import annotations

import json
import os
import secrets
import time

from botocore.exceptions import ClientError

from footprint.adapters.aws import client
from footprint.domain.tenancy import TenantContext


def new_calculation_id() -> str:
    """Sortable by start time, unique by its random tail: ``c<ms>-<hex>``."""
    return f"c{int(time.time() * 1000):013d}-{secrets.token_hex(4)}"


def start_calculation(
    context: TenantContext, upload_id: str, calculation_id: str, gwp_set: str
) -> str:
    """Start (or find already started) the calculation; answers the execution ARN."""
    arn = os.environ["FOOTPRINT_CALCULATION_STATE_MACHINE"]
    job = {
        "tenant_id": context.tenant_id,
        "upload_id": upload_id,
        "calculation_id": calculation_id,
        "gwp_set": gwp_set,
    }
    try:
        response = client("stepfunctions").start_execution(
            stateMachineArn=arn, name=calculation_id, input=json.dumps(job)
        )
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") != "ExecutionAlreadyExists":
            raise
        return f"{arn.replace(':stateMachine:', ':execution:')}:{calculation_id}"
    execution: str = response["executionArn"]
    return execution
