"""``footprint backup run`` and ``footprint backup list``: the daily backup, on demand.

The stack's resources are found from the explicit options, else from ``--stack`` (its
outputs), else from ``FOOTPRINT_DATA_TABLE`` and ``FOOTPRINT_BACKUP_STATE_MACHINE``, else from
the local platform while ``make local`` runs (see ``footprint.cli.aws``).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from footprint.cli.aws import add_parser, add_table_options, resolve
from footprint.cli.help import described


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = add_parser(
        subparsers,
        "backup",
        "run or list the daily backups (platform staff)",
        "footprint backup run",
        "footprint backup run --wait 300",
        "footprint backup list",
        "footprint backup list --stack footprint-dev --format json",
    )
    commands = parser.add_subparsers(dest="backup_command", required=True)

    run = commands.add_parser(
        "run",
        **described(
            "start the backup workflow now",
            "footprint backup run                  start it; prints the execution",
            "footprint backup run --wait 300       and wait up to 5 minutes for the result",
            "footprint backup run --stack footprint-dev",
        ),
    )
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

    listing = commands.add_parser(
        "list",
        **described(
            "the backup catalogue, oldest first",
            "footprint backup list",
            "footprint backup list --format json",
        ),
    )
    add_table_options(listing)
    listing.add_argument("--format", choices=("text", "json"), default="text")
    listing.set_defaults(func=list_backups)


def catalogue_for(args: argparse.Namespace) -> Any:
    import boto3

    from footprint.adapters.backup.catalogue import BackupCatalogue
    from footprint.adapters.repository import PlatformRepository

    table = resolve(args, "table", "DataTableName", "FOOTPRINT_DATA_TABLE")
    return BackupCatalogue(PlatformRepository(boto3.resource("dynamodb").Table(table)))


def run_backup(args: argparse.Namespace) -> int:
    from footprint.adapters.aws import client
    from footprint.adapters.runs import start_run, wait_for_execution

    arn = resolve(args, "state_machine", "BackupStateMachineArn", "FOOTPRINT_BACKUP_STATE_MACHINE")
    stepfunctions = client("stepfunctions")
    execution_arn = start_run(stepfunctions, arn)
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
    records = catalogue_for(args).records()
    if args.format == "json":
        print(json.dumps([_summary(record) for record in records], indent=2))
        return 0
    if not records:
        print("no backups yet: `footprint backup run` makes one now", file=sys.stderr)
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
