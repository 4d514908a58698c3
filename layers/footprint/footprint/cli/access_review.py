"""``footprint access-review start``: open this quarter's access reviews now, as the quarterly
schedule does (a tenant whose review of the quarter is open already gets nothing new).

The state machine is found from ``--state-machine``, else from ``--stack`` (its
``AccessReviewStateMachineArn`` output), else from ``FOOTPRINT_ACCESS_REVIEW_STATE_MACHINE``,
else from the local platform while ``make local`` runs (see ``footprint.cli.aws``).
"""

from __future__ import annotations

import argparse
import json

from footprint.cli.aws import add_parser, resolve
from footprint.cli.help import described

# The state of statemachines/access_review.asl.json that opens the reviews.
OPENING_STATE = "OpenReviews"


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = add_parser(
        subparsers,
        "access-review",
        "open the quarter's access reviews now (platform staff)",
        "footprint access-review start",
        "footprint access-review start --stack footprint-dev",
    )
    commands = parser.add_subparsers(dest="access_review_command", required=True)
    start = commands.add_parser(
        "start",
        **described(
            "start the access-review workflow now: it opens this quarter's review of every "
            "tenant that has none, reminds the reviewers at 7 days and raises the alarm at 14",
            "footprint access-review start            prints the execution",
            "footprint access-review start --wait 60  and waits up to a minute for the reviews "
            "to open",
        ),
    )
    where = start.add_mutually_exclusive_group()
    where.add_argument("--stack", help="a deployed stack: its AccessReviewStateMachineArn output")
    where.add_argument("--state-machine", help="the access-review state machine's ARN")
    start.add_argument(
        "--wait",
        type=float,
        metavar="SECONDS",
        default=0,
        help="wait up to SECONDS for the reviews to open and print how many opened (exit 1 if "
        "the run ended without opening them)",
    )
    start.set_defaults(func=run_start)


def run_start(args: argparse.Namespace) -> int:
    from footprint.adapters.aws import client
    from footprint.adapters.runs import start_run, wait_for_state

    arn = resolve(
        args,
        "state_machine",
        "AccessReviewStateMachineArn",
        "FOOTPRINT_ACCESS_REVIEW_STATE_MACHINE",
    )
    stepfunctions = client("stepfunctions")
    execution_arn = start_run(stepfunctions, arn)
    result: dict[str, object] = {"execution_arn": execution_arn}
    if args.wait:
        state = wait_for_state(
            stepfunctions, execution_arn, OPENING_STATE, timeout_seconds=args.wait
        )
        if state is None:
            execution = stepfunctions.describe_execution(executionArn=execution_arn)
            result["status"] = execution["status"]
            if execution["status"] != "RUNNING":  # it ended without opening the reviews
                result.update(
                    {key: execution[key] for key in ("error", "cause") if key in execution}
                )
                print(json.dumps(result))
                return 1
        else:
            result.update(state["review"])
    print(json.dumps(result))
    return 0
