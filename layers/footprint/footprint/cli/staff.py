"""``footprint staff create|disable|enable|list``: the platform's staff, run with the
operator's AWS credentials as ``footprint tenant`` is.

``create`` prints ``{"staff_id", "temporary_password"}``: the member signs in at
``/v1/staff/auth/login`` with it, chooses their own password and sets up TOTP (always). A
member's role is ``engineer`` (asks for access to a tenant), ``lead`` (asks, and approves or
denies others' requests) or ``security`` (reads every grant, revokes any, approves nothing).
The data table is found as for ``footprint tenant`` (``--table``, ``--stack``,
``FOOTPRINT_DATA_TABLE``, or the running local platform).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys

from footprint.cli.aws import add_parser, add_table_options, use_data_table
from footprint.cli.help import described
from footprint.domain.errors import FootprintError
from footprint.domain.staff_access import StaffRole


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = add_parser(
        subparsers,
        "staff",
        "create, disable, enable or list the platform's staff (who may ask for tenant access)",
        "footprint staff create --name 'Ada Lovelace' --email ada@footprint.example --role lead",
        "footprint staff list --stack footprint-dev",
        "footprint staff disable STAFF_ID",
        "footprint staff enable STAFF_ID",
    )
    commands = parser.add_subparsers(dest="staff_command", required=True)
    create = commands.add_parser(
        "create",
        **described(
            "create a member of staff",
            "footprint staff create --name 'Ada Lovelace' --email ada@footprint.example "
            "--role engineer",
            more="Prints the staff id and a temporary password (good for 7 days): the member "
            "sets their own\nand sets up TOTP at the first sign-in (/v1/staff/auth/login).",
        ),
    )
    create.add_argument("--name", required=True, help="the member's name, as tenants see it")
    create.add_argument("--email", required=True, help="the member's e-mail")
    create.add_argument(
        "--role", required=True, choices=[role.value for role in StaffRole], help="their role"
    )
    add_table_options(create)
    create.set_defaults(func=run_create)
    listing = commands.add_parser(
        "list",
        **described(
            "list the staff, their roles and status",
            "footprint staff list --stack footprint-dev",
        ),
    )
    add_table_options(listing)
    listing.set_defaults(func=run_list)
    for name, active in (("disable", False), ("enable", True)):
        command = commands.add_parser(
            name,
            **described(
                f"{name} a member of staff"
                + ("" if active else ": their sessions end at once, for good"),
                f"footprint staff {name} STAFF_ID",
            ),
        )
        command.add_argument("staff_id")
        add_table_options(command)
        command.set_defaults(func=run_status, active=active)


def _refused(command: str, error: FootprintError) -> int:
    print(f"footprint staff {command}: {error.message}", file=sys.stderr)
    return 2


def run_create(args: argparse.Namespace) -> int:
    use_data_table(args)
    from footprint.identity.staff import create_member

    try:
        created = create_member(args.name, args.email, StaffRole(args.role))
    except FootprintError as error:
        return _refused("create", error)
    print(json.dumps(dataclasses.asdict(created)))
    return 0


def run_list(args: argparse.Namespace) -> int:
    use_data_table(args)
    from footprint.identity.staff import list_members

    print(json.dumps([dataclasses.asdict(member) for member in list_members()]))
    return 0


def run_status(args: argparse.Namespace) -> int:
    from footprint.domain.ids import valid_id

    command = "enable" if args.active else "disable"
    if not valid_id(args.staff_id):
        print(f"footprint staff {command}: not a staff id", file=sys.stderr)
        return 2
    use_data_table(args)
    from footprint.identity.staff import set_status

    try:
        member = set_status(args.staff_id, active=args.active)
    except FootprintError as error:
        return _refused(command, error)
    print(json.dumps({"staff_id": member.staff_id, "status": member.status}))
    return 0
