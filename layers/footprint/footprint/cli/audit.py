"""``footprint audit verify``: platform staff check that a tenant's audit log, or the
platform's, is the chain it was written as (``footprint.domain.audit_chain``).

It prints one line: how much of the chain holds, or the first event that does not fit
(sequence, event id, time, what is wrong), and exits 0 when the chain holds, 2 when it does
not. With ``--against-backup`` it also requires the head that backup wrote to the Object Lock
vault: a log rewritten after that backup, however consistently, no longer contains it. The
data table is found as for ``footprint tenant`` (see ``footprint.cli.aws``).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from footprint.cli.aws import OperatorError, add_parser, add_table_options, use_data_table
from footprint.cli.help import described

if TYPE_CHECKING:
    from footprint.domain.audit_chain import VaultHeads

LATEST = "latest"


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = add_parser(
        subparsers,
        "audit",
        "verify that an audit log has not been rewritten (platform staff)",
        "footprint audit verify --tenant TENANT_ID",
        "footprint audit verify --platform --against-backup",
    )
    commands = parser.add_subparsers(dest="audit_command", required=True)
    verify = commands.add_parser(
        "verify",
        **described(
            "walk an audit log's hash chain and name the first event that does not fit",
            "footprint audit verify --tenant TENANT_ID",
            "footprint audit verify --tenant TENANT_ID --against-backup      the latest backup",
            "footprint audit verify --tenant TENANT_ID --against-backup BACKUP_ID",
            "footprint audit verify --platform --stack footprint-dev",
            more="Exit status 0: the chain holds; 2: it does not (the line names the event: "
            "edited,\nremoved, reordered or inserted), or the command could not run. Events "
            "written before the\nlog was chained are counted, not vouched for.",
        ),
    )
    log = verify.add_mutually_exclusive_group(required=True)
    log.add_argument("--tenant", metavar="TENANT_ID", help="a tenant's audit log")
    log.add_argument("--platform", action="store_true", help="the platform's audit log")
    verify.add_argument(
        "--against-backup",
        nargs="?",
        const=LATEST,
        metavar="BACKUP_ID",
        help="also require the chain head this backup (default: the latest) wrote to the vault",
    )
    add_table_options(verify)
    verify.set_defaults(func=run_verify)


def run_verify(args: argparse.Namespace) -> int:
    from footprint.domain.ids import valid_id
    from footprint.domain.tenancy import TenantContext

    if args.tenant is not None and not valid_id(args.tenant):
        raise OperatorError(f"not a tenant id: {args.tenant!r}")
    use_data_table(args)
    from footprint.identity import audit

    vault = _vault_heads(args) if args.against_backup else None
    if args.tenant is not None:
        vault_head = vault.tenants.get(args.tenant) if vault else None
        verdict = audit.verify_tenant(TenantContext.for_operator(args.tenant), vault_head)
        recorded = f"its head there, event {vault_head.sequence}" if vault_head else ""
    else:
        verdict = audit.verify_platform(vault.platform if vault else None)
        lanes = len(vault.platform) if vault else 0
        recorded = f"the heads of {lanes} lanes there" if lanes else ""
    line = verdict.line()
    if vault is not None:
        line += (
            f"; backup {vault.backup_id} (vault heads of {vault.recorded_at}): "
            f"{recorded or 'no head of this log there'}"
        )
    print(line)
    return 0 if verdict.holds else 2


def _vault_heads(args: argparse.Namespace) -> VaultHeads:
    """The heads the backup named by ``--against-backup`` (or the latest) wrote to the vault."""
    from footprint.adapters.aws import client
    from footprint.adapters.backup import chain_heads
    from footprint.cli.backup import catalogue_for
    from footprint.domain.errors import NotFound

    catalogue = catalogue_for(args)
    if args.against_backup == LATEST:
        records = catalogue.records()
        if not records:
            raise OperatorError("no backup yet: `footprint backup run` makes one")
        record = records[-1]
    else:
        try:
            record = catalogue.get(args.against_backup)
        except NotFound:
            raise OperatorError(
                f"no backup {args.against_backup}: `footprint backup list` shows them"
            ) from None
    try:
        return chain_heads.load(client("s3"), record.bucket, record.backup_id)
    except chain_heads.NoChainHeads:
        raise OperatorError(
            f"backup {record.backup_id} holds no audit chain heads (made before the log was "
            "chained): name a later one"
        ) from None
