"""``footprint tenant create|disable|enable``: platform staff onboard a tenant and its first
admin, or suspend and restore a tenant.

``create`` prints ``{"tenant_id", "admin_user_id", "temporary_password"}``. The data table is found,
in this order, from ``--table``, from ``--stack`` (the stack's ``DataTableName`` output), or
from ``FOOTPRINT_DATA_TABLE``. boto3 reads ``AWS_ENDPOINT_URL``, so the same command works
against the local platform (``AWS_ENDPOINT_URL=<aws_url from .local/platform.json>
footprint tenant create --table footprint-local-DataTable ...``) and a deployed stack
(``footprint tenant create --stack footprint-dev ...`` with the operator's credentials).
"""

from __future__ import annotations

import argparse
import json
import os
import sys


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("tenant", help="operator commands for tenants")
    commands = parser.add_subparsers(dest="tenant_command", required=True)
    create = commands.add_parser("create", help="create a tenant and its first admin")
    create.add_argument("--name", required=True, help="the organisation's name")
    create.add_argument("--admin-email", required=True, help="the first admin's e-mail")
    _where(create)
    create.set_defaults(func=run_create)
    for name, active in (("disable", False), ("enable", True)):
        effect = "resumes" if active else "stops"
        command = commands.add_parser(name, help=f"{name} a tenant: its users' access {effect}")
        command.add_argument("tenant_id")
        _where(command)
        command.set_defaults(func=run_status, active=active)


def _where(parser: argparse.ArgumentParser) -> None:
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--table", help="the data table's name")
    where.add_argument("--stack", help="a deployed stack: its DataTableName output is used")


def _table_from_stack(stack: str) -> str:
    import boto3

    described = boto3.client("cloudformation").describe_stacks(StackName=stack)["Stacks"][0]
    for output in described.get("Outputs", []):
        if output.get("OutputKey") == "DataTableName":
            return str(output["OutputValue"])
    raise LookupError(f"stack {stack} has no DataTableName output")


def _use_table(args: argparse.Namespace) -> bool:
    """Point the identity code at the right table; False (after saying why) if none is known."""
    try:
        table = args.table or (_table_from_stack(args.stack) if args.stack else None)
    except LookupError as error:
        print(f"footprint tenant: {error}", file=sys.stderr)
        return False
    if table:
        os.environ["FOOTPRINT_DATA_TABLE"] = table
    if not os.environ.get("FOOTPRINT_DATA_TABLE"):
        print("footprint tenant: give --table or --stack", file=sys.stderr)
        return False
    # Operators act with their own credentials: no tenant-scoped role to assume.
    os.environ.pop("FOOTPRINT_TENANT_DATA_ROLE_ARN", None)
    return True


def run_create(args: argparse.Namespace) -> int:
    from footprint.domain.errors import FootprintError

    if not _use_table(args):
        return 2
    from footprint.identity.onboarding import create_tenant

    try:
        created = create_tenant(args.name, args.admin_email)
    except FootprintError as error:
        print(f"footprint tenant create: {error.message}", file=sys.stderr)
        return 1
    print(
        json.dumps(
            {
                "tenant_id": created.tenant_id,
                "admin_user_id": created.admin_user_id,
                "temporary_password": created.temporary_password,
            }
        )
    )
    return 0


def run_status(args: argparse.Namespace) -> int:
    from footprint.domain.errors import FootprintError
    from footprint.domain.tenancy import valid_id

    if not valid_id(args.tenant_id):
        print("footprint tenant: not a tenant id", file=sys.stderr)
        return 2
    if not _use_table(args):
        return 2
    from footprint.identity.onboarding import set_tenant_status

    try:
        set_tenant_status(args.tenant_id, active=args.active)
    except FootprintError as error:
        print(f"footprint tenant: {error.message}", file=sys.stderr)
        return 1
    print(
        json.dumps({"tenant_id": args.tenant_id, "status": "active" if args.active else "disabled"})
    )
    return 0
