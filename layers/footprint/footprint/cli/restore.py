"""``footprint restore``: a catalogued backup, or a point in time, into a new table.

``--backup ID --to NEW_TABLE`` recreates the table from the backup's recorded schema, loads
the exported items (AWS's manifest layout or moto's) and checks the new table's item count and
checksum against the backup's; exit status 1 if they differ. ``--point-in-time TIME --to
NEW_TABLE`` starts DynamoDB's own PITR restore of the data table (moto copies current items,
so that path is proved only in AWS). Tables are found as for ``footprint backup``; AWS's
refusals (a time outside the PITR window, a missing table) exit 1 (``footprint.cli.aws.run``).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime

from footprint.cli.aws import add_parser, add_table_options, resolve
from footprint.cli.backup import catalogue_for


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = add_parser(
        subparsers,
        "restore",
        "restore a backup or a point in time into a new table (platform staff)",
        "footprint restore --backup ID --to footprint-restored     ID from `footprint backup list`",
        "footprint restore --point-in-time 2025-06-01T09:00Z --to footprint-restored",
    )
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--backup", metavar="ID", help="a backup id from `footprint backup list`")
    source.add_argument(
        "--point-in-time",
        metavar="TIME",
        type=_moment,
        help="ISO 8601 time (UTC unless it names a zone) within the PITR window",
    )
    parser.add_argument("--to", required=True, metavar="NEW_TABLE", help="a table name not in use")
    parser.add_argument("--kms-key", help="KMS key for the new table (default: AWS-managed)")
    add_table_options(parser)
    parser.set_defaults(func=run_restore)


def _moment(text: str) -> datetime:
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def run_restore(args: argparse.Namespace) -> int:
    from footprint.adapters.aws import client
    from footprint.adapters.backup.restore import restore_backup
    from footprint.adapters.backup.tables import restore_to_point_in_time
    from footprint.domain.backup.export_layout import ExportUnreadable
    from footprint.domain.errors import FootprintError

    try:
        if args.backup:
            record = catalogue_for(args).get(args.backup)
            report = restore_backup(
                record,
                args.to,
                dynamodb=client("dynamodb"),
                s3=client("s3"),
                kms_key=args.kms_key,
            )
            print(json.dumps(report.as_dict()))
            return 0 if report.matched else 1
        source = resolve(args, "table", "DataTableName", "FOOTPRINT_DATA_TABLE")
        arn = restore_to_point_in_time(
            client("dynamodb"), source, args.to, args.point_in_time, args.kms_key
        )
        print(
            json.dumps(
                {
                    "table": args.to,
                    "table_arn": arn,
                    "source": source,
                    "point_in_time": args.point_in_time.isoformat(),
                }
            )
        )
        return 0
    except ExportUnreadable as error:
        print(f"footprint restore: {error}", file=sys.stderr)
        return 2
    except FootprintError as error:
        print(f"footprint restore: {error.message}", file=sys.stderr)
        return 1
