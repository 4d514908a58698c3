"""``footprint backup run`` and ``footprint backup list``: the daily backup, on demand.

The stack's resources are found from ``--stack`` (its outputs), else from the explicit
options, else from ``FOOTPRINT_DATA_TABLE`` and ``FOOTPRINT_BACKUP_STATE_MACHINE``. boto3 reads
``AWS_ENDPOINT_URL``, so the commands work against the local platform too.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("backup", help="run or list the daily backups")
    commands = parser.add_subparsers(dest="backup_command", required=True)

    run = commands.add_parser("run", help="start the backup workflow now")
    where = run.add_mutually_exclusive_group()
    where.add_argument("--stack", help="a deployed stack: its BackupStateMachineArn output")
    where.add_argument("--state-machine", help="the backup state machine's ARN")
    run.add_argument(
        "--wait",
        type=float,
        metavar="SECONDS",
        default=0,
        help="wait up to SECONDS for the run to finish (exit 1 unless it succeeded)",
    )
    run.set_defaults(func=run_backup)

    listing = commands.add_parser("list", help="the backup catalogue, oldest first")
    add_table_options(listing)
    listing.add_argument("--format", choices=("text", "json"), default="text")
    listing.set_defaults(func=list_backups)


def add_table_options(parser: argparse.ArgumentParser) -> None:
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--stack", help="a deployed stack: its DataTableName output")
    where.add_argument("--table", help="the data table holding the backup catalogue")


def resolve(args: argparse.Namespace, option: str, output: str, variable: str) -> str:
    """An option's value, else the stack's output, else the environment variable."""
    from footprint.adapters.stack import stack_output

    value = getattr(args, option, None)
    if value:
        return str(value)
    if getattr(args, "stack", None):
        return stack_output(args.stack, output)
    if os.environ.get(variable):
        return os.environ[variable]
    raise LookupError(f"give --{option.replace('_', '-')} or --stack (or set {variable})")


def catalogue_for(args: argparse.Namespace) -> Any:
    import boto3

    from footprint.adapters.backup.catalogue import BackupCatalogue
    from footprint.adapters.repository import PlatformRepository

    table = resolve(args, "table", "DataTableName", "FOOTPRINT_DATA_TABLE")
    return BackupCatalogue(PlatformRepository(boto3.resource("dynamodb").Table(table)))


def run_backup(args: argparse.Namespace) -> int:
    from footprint.adapters.aws import client
    from footprint.adapters.backup.workflow import start_backup, wait_for_execution

    try:
        arn = resolve(
            args, "state_machine", "BackupStateMachineArn", "FOOTPRINT_BACKUP_STATE_MACHINE"
        )
    except LookupError as error:
        print(f"footprint backup run: {error}", file=sys.stderr)
        return 2
    stepfunctions = client("stepfunctions")
    execution_arn = start_backup(stepfunctions, arn)
    if not args.wait:
        print(json.dumps({"execution_arn": execution_arn, "status": "RUNNING"}))
        return 0
    execution = wait_for_execution(stepfunctions, execution_arn, timeout_seconds=args.wait)
    result: dict[str, Any] = {"execution_arn": execution_arn, "status": execution["status"]}
    if "output" in execution:
        result["backups"] = json.loads(execution["output"]).get("backups", [])
    print(json.dumps(result))
    return 0 if execution["status"] == "SUCCEEDED" else 1


def list_backups(args: argparse.Namespace) -> int:
    try:
        records = catalogue_for(args).records()
    except LookupError as error:
        print(f"footprint backup list: {error}", file=sys.stderr)
        return 2
    if args.format == "json":
        print(json.dumps([_summary(record) for record in records], indent=2))
        return 0
    for record in records:
        print(
            f"{record.backup_id}  {record.table_name}  {record.fingerprint.count} items  "
            f"kept until {record.retain_until:%Y-%m-%d}"
        )
    return 0


def _summary(record: Any) -> dict[str, Any]:
    attributes: dict[str, Any] = record.to_attributes()
    attributes.pop("table_schema")
    return attributes
