"""``footprint tenant create|reissue|reindex|disable|enable``: platform staff onboard a tenant
and its first admin, give that admin a new temporary password (the first lasts 7 days), index
the tenant's published uploads by month (for uploads published before that index existed), or
suspend and restore a tenant.

``create`` and ``reissue`` print ``{"tenant_id", "admin_user_id", "temporary_password"}``. The
data table is found, in this order, from ``--table``, from ``--stack`` (the stack's
``DataTableName`` output), from ``FOOTPRINT_DATA_TABLE``, or from the local platform while
``make local`` runs (see ``footprint.cli.aws``): ``footprint tenant create --name X
--admin-email Y`` just works there, and ``footprint tenant create --stack footprint-dev ...``
acts on a deployed stack with the operator's credentials.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys

from footprint.cli.aws import add_parser, add_table_options, use_data_table
from footprint.cli.help import described
from footprint.domain.errors import Conflict, FootprintError


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = add_parser(
        subparsers,
        "tenant",
        "create, disable or enable a tenant; its first admin's password (platform staff)",
        "footprint tenant create --name Acme --admin-email admin@acme.example",
        "footprint tenant create --name Acme --admin-email admin@acme.example "
        "--stack footprint-dev",
        "footprint tenant reissue TENANT_ID ADMIN_USER_ID",
        "footprint tenant reindex TENANT_ID",
        "footprint tenant disable TENANT_ID",
        "footprint tenant enable TENANT_ID",
    )
    commands = parser.add_subparsers(dest="tenant_command", required=True)
    create = commands.add_parser(
        "create",
        **described(
            "create a tenant and its first admin",
            "footprint tenant create --name Acme --admin-email admin@acme.example",
            more="Prints the tenant id, the admin's user id and a temporary password (good "
            "for 7 days):\ngive them to the admin, who sets their own at the first sign-in.",
        ),
    )
    create.add_argument("--name", required=True, help="the organisation's name")
    create.add_argument("--admin-email", required=True, help="the first admin's e-mail")
    add_table_options(create)
    create.set_defaults(func=run_create)
    reissue = commands.add_parser(
        "reissue",
        **described(
            "a new temporary password for an admin who has not signed in yet",
            "footprint tenant reissue TENANT_ID ADMIN_USER_ID",
        ),
    )
    reissue.add_argument("tenant_id")
    reissue.add_argument("admin_user_id")
    add_table_options(reissue)
    reissue.set_defaults(func=run_reissue)
    reindex = commands.add_parser(
        "reindex",
        **described(
            "index a tenant's published uploads by month (once, for uploads published "
            "before the index existed; running it again changes nothing)",
            "footprint tenant reindex TENANT_ID",
        ),
    )
    reindex.add_argument("tenant_id")
    add_table_options(reindex)
    reindex.set_defaults(func=run_reindex)
    for name, active in (("disable", False), ("enable", True)):
        effect = "resumes" if active else "stops"
        command = commands.add_parser(
            name,
            **described(
                f"{name} a tenant: its users' access {effect}",
                f"footprint tenant {name} TENANT_ID",
            ),
        )
        command.add_argument("tenant_id")
        add_table_options(command)
        command.set_defaults(func=run_status, active=active)


def run_create(args: argparse.Namespace) -> int:

    use_data_table(args)
    from footprint.identity.onboarding import create_tenant

    try:
        created = create_tenant(args.name, args.admin_email)
    except FootprintError as error:
        return _refused("tenant create", error)
    print(json.dumps(dataclasses.asdict(created)))
    return 0


def run_reissue(args: argparse.Namespace) -> int:
    from footprint.domain.ids import valid_id

    if not (valid_id(args.tenant_id) and valid_id(args.admin_user_id)):
        print("footprint tenant reissue: not a tenant id and a user id", file=sys.stderr)
        return 2
    use_data_table(args)
    from footprint.identity.onboarding import reissue_temporary_password

    try:
        created = reissue_temporary_password(args.tenant_id, args.admin_user_id)
    except FootprintError as error:
        return _refused("tenant reissue", error)
    print(json.dumps(dataclasses.asdict(created)))
    return 0


def run_status(args: argparse.Namespace) -> int:
    from footprint.domain.ids import valid_id

    if not valid_id(args.tenant_id):
        print("footprint tenant: not a tenant id", file=sys.stderr)
        return 2
    use_data_table(args)
    from footprint.identity.onboarding import set_tenant_status

    try:
        set_tenant_status(args.tenant_id, active=args.active)
    except FootprintError as error:
        return _refused("tenant", error)
    print(
        json.dumps({"tenant_id": args.tenant_id, "status": "active" if args.active else "disabled"})
    )
    return 0


def run_reindex(args: argparse.Namespace) -> int:
    from footprint.domain.ids import valid_id
    from footprint.domain.tenancy import TenantContext

    if not valid_id(args.tenant_id):
        print("footprint tenant reindex: not a tenant id", file=sys.stderr)
        return 2
    use_data_table(args)
    from footprint.adapters.published_index import PublishedIndex

    indexed = PublishedIndex(TenantContext.for_operator(args.tenant_id)).reindex()
    print(json.dumps({"tenant_id": args.tenant_id, "uploads_indexed": indexed}))
    return 0


def _refused(command: str, error: FootprintError) -> int:
    """What the operator can fix (an address taken, an unknown tenant, a password already
    chosen): the domain's message, a hint where one helps, exit status 2."""
    hint = ""
    if isinstance(error, Conflict) and error.details.get("field") == "email":
        hint = (
            " An address belongs to one user of one tenant: give this tenant's first admin"
            " another address (e.g. one of the organisation's own domain)."
        )
    print(f"footprint {command}: {error.message}{hint}", file=sys.stderr)
    return 2
