"""The ``footprint`` command: one thin entry point per concern, beside the Lambda handlers.

Each subcommand module exposes ``register(subparsers)``, which adds its parser and sets
``func`` to a callable taking the parsed arguments and returning the exit status. What
``footprint --help`` shows is ``DESCRIPTION`` and ``EXAMPLES``, written for its users.
"""

from __future__ import annotations

import argparse
import importlib
import os
import signal
import sys
import tempfile
import textwrap
import traceback
from collections.abc import Sequence

from footprint.cli.aws import WHERE, say

# Imported lazily, so that ``footprint calc`` does not pay for boto3 and the reverse.
_SUBCOMMAND_MODULES: tuple[str, ...] = (
    "footprint.cli.calc",
    "footprint.cli.factors",
    "footprint.cli.tenant",
    "footprint.cli.staff",
    "footprint.cli.backup",
    "footprint.cli.restore",
    "footprint.cli.audit",
    "footprint.cli.access_review",
)


DESCRIPTION = """\
Footprint from a terminal: calculate an activity file offline and look up emission
factors (anyone); create and manage tenants and the platform's staff, run backups and
restore them, verify the audit logs, open the quarter's access reviews (platform operators).
`footprint COMMAND --help` tells more, with examples."""

EXAMPLES = """\
examples:
  footprint calc activity.xlsx --out results.csv      calculate a file as an upload would
  footprint factors search natural gas --region US    the category and activity to write
  footprint factors catalogue --format md             every value the file may hold
  footprint tenant create --name Acme --admin-email admin@acme.example
  footprint staff create --name 'Ada Lovelace' --email ada@footprint.example --role lead
  footprint backup run --wait 300                     back up now, and wait for the result
  footprint backup list                               the backups kept
  footprint restore --backup ID --to footprint-restored
  footprint audit verify --tenant ID                  a tenant's audit log is intact
  footprint access-review start                       open this quarter's access reviews"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="footprint",
        description=DESCRIPTION,
        epilog=f"{EXAMPLES}\n\n{textwrap.fill(WHERE, 90)}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.set_defaults(aws=False)
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in _SUBCOMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command. No traceback reaches the operator: what they can fix exits 2 with one
    line saying what (``footprint.cli.aws.run``), anything else is a bug and exits 1."""
    args = build_parser().parse_args(argv)
    try:
        if args.aws:
            from footprint.cli.aws import run

            return run(args)
        return int(args.func(args))
    except KeyboardInterrupt:
        say(f"footprint {args.command}: interrupted")
        return 130
    except BrokenPipeError:
        # The reader left (`footprint calc big.csv | head`): send what remains nowhere, or
        # the interpreter's own flush at exit fails again. 141 is what a shell reports for a
        # process ended by SIGPIPE, and tells this apart from calc's 1 (rows with errors).
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 128 + signal.SIGPIPE
    except Exception as error:
        return _bug(args.command, error)


def _bug(command: str, error: Exception) -> int:
    """One line for the operator; the traceback kept in a file, for the bug report."""
    with tempfile.NamedTemporaryFile(
        "w", prefix="footprint-", suffix=".log", delete=False, encoding="utf-8"
    ) as log:
        traceback.print_exception(error, file=log)
    what = type(error).__name__
    if str(error):
        what += f" ({str(error).splitlines()[0]})"
    say(
        f"footprint {command}: unexpected {what}, a bug in footprint: please report it with "
        f"the traceback in {log.name}"
    )
    return 1


if __name__ == "__main__":
    sys.exit(main())
