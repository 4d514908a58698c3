"""``python -m local``: run the local platform, or act on a running one.

python -m local                 serve on 127.0.0.1:3000 until interrupted
python -m local fire SCHEDULE   start a schedule's target now, on the running platform
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
from pathlib import Path

from local.lambdas import Fault
from local.platform import STATE_FILE, LocalPlatform
from local.scheduler import start_target


def _parse_fault(text: str) -> tuple[str, Fault]:
    """``Function:count[:before|after[:ErrorType]]``."""
    parts = text.split(":")
    fault = Fault(remaining=int(parts[1]))
    if len(parts) > 2:
        fault.when = parts[2]
    if len(parts) > 3:
        fault.error_type = parts[3]
    return parts[0], fault


def serve(args: argparse.Namespace) -> int:
    overrides = dict(item.split("=", 1) for item in args.env)
    platform = LocalPlatform(
        api_port=args.api_port,
        aws_port=args.aws_port,
        state_file=args.state_file,
        environment=overrides,
    ).start(open_front=False)  # /v1/health answers 503 "starting" until open()
    assert platform.functions is not None
    for text in args.fault:
        logical_id, fault = _parse_fault(text)
        platform.functions.inject_fault(logical_id, fault)
    if args.seed:
        from local.seed import seed

        print(seed(platform), flush=True)
    platform.open()
    print(
        json.dumps({"ready": True, "api_url": platform.api_url, "aws_url": platform.aws_url}),
        flush=True,
    )
    stopped = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stopped.set())
    stopped.wait()
    platform.stop()
    return 0


def fire(args: argparse.Namespace) -> int:
    import boto3

    if not STATE_FILE.exists():
        print("no local platform is running (start it with `make local`)", file=sys.stderr)
        return 1
    state = json.loads(STATE_FILE.read_text(encoding="utf-8"))
    schedule = state["schedules"].get(args.schedule)
    if schedule is None:
        print(
            f"no schedule {args.schedule!r}; known: {sorted(state['schedules'])}", file=sys.stderr
        )
        return 1
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "local")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "local")
    print(
        start_target(
            lambda service, region: boto3.client(  # type: ignore[call-overload]
                service, endpoint_url=state["aws_url"], region_name=region
            ),
            args.schedule,
            schedule["target"],
            schedule["input"],
        )
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m local", description=__doc__)
    commands = parser.add_subparsers(dest="command")
    serve_parser = commands.add_parser("serve", help="run the platform (the default)")
    for target in (parser, serve_parser):
        target.add_argument("--api-port", type=int, default=3000)
        target.add_argument("--aws-port", type=int, default=0)
        target.add_argument("--no-seed", dest="seed", action="store_false")
        target.add_argument(
            "--state-file",
            type=Path,
            default=STATE_FILE,
            help=f"where to say how to reach the platform (default {STATE_FILE})",
        )
        target.add_argument(
            "--fault",
            action="append",
            default=[],
            metavar="FUNCTION:COUNT[:before|after[:ERROR]]",
            help="make a function fail its next COUNT invocations (for tests of Retry/Catch)",
        )
        target.add_argument(
            "--env",
            action="append",
            default=[],
            metavar="NAME=VALUE",
            help="override a function environment variable (e.g. FOOTPRINT_PART_ROWS=100)",
        )
    fire_parser = commands.add_parser("fire", help="start a schedule's target now")
    fire_parser.add_argument("schedule")
    args = parser.parse_args(argv)
    if args.command == "fire":
        return fire(args)
    return serve(args)


if __name__ == "__main__":
    sys.exit(main())
