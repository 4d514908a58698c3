"""Where the AWS-facing commands (tenant, staff, backup, restore, audit, access-review) act,
and what they say when they cannot: every failure the operator can fix is one line on stderr
and exit status 2.

They act on AWS as boto3 finds it in the environment, unless the environment names no endpoint
and no credentials and a local platform's state file (``.local/platform.json``, written by
``make local``) is found: then they act on that platform. This module ships in the layer, so it
reads the file itself (nothing deployed imports ``local/``).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

STATE_FILE = Path(".local", "platform.json")
# Setting any of these chooses an AWS (or an endpoint): the state file is then ignored.
CHOSEN_BY_ENVIRONMENT = ("AWS_ENDPOINT_URL", "AWS_PROFILE", "AWS_ACCESS_KEY_ID")
# An editable install runs from inside the repository, whose root holds the state file.
INSTALLED_AT = Path(__file__).resolve().parent

WHERE = (
    "tenant, staff, backup, restore, audit and access-review act on AWS as the environment "
    "names it (AWS_PROFILE or AWS_ACCESS_KEY_ID, AWS_DEFAULT_REGION, AWS_ENDPOINT_URL). When it "
    "sets none of AWS_ENDPOINT_URL, AWS_PROFILE and AWS_ACCESS_KEY_ID (or its AWS_ENDPOINT_URL is "
    "the local platform's emulator) and `make local` is running (its .local/platform.json, "
    "looked for from the current directory upward, then in the repository), they act on the "
    "local platform, whose stack outputs stand in for --table, --state-machine and --stack: "
    "the environment wins over the file. A failure you can fix says what to set, and exits 2."
)

# ClientError codes that mean the credentials may not do this, or are not accepted at all.
_DENIED = frozenset({"AccessDenied", "AccessDeniedException", "UnauthorizedOperation"})
_REFUSED_CREDENTIALS = frozenset(
    {
        "ExpiredToken",
        "ExpiredTokenException",
        "InvalidClientTokenId",
        "UnrecognizedClientException",
        "InvalidSignatureException",
        "SignatureDoesNotMatch",
    }
)


class OperatorError(Exception):
    """Something the operator can set or fix; the message says what, in one line."""


@dataclass(frozen=True)
class LocalPlatform:
    """A running local platform, as its state file describes it."""

    state_file: Path
    endpoint: str
    region: str
    stack: str
    outputs: dict[str, str]

    def use(self) -> None:
        """Point boto3 (every client the command makes) at the platform's emulator."""
        os.environ.update(
            {
                "AWS_ENDPOINT_URL": self.endpoint,
                "AWS_REGION": self.region,
                "AWS_DEFAULT_REGION": self.region,
                # The emulator accepts any key; boto3 signs nothing without one.
                "AWS_ACCESS_KEY_ID": "local",
                "AWS_SECRET_ACCESS_KEY": "local",
            }
        )

    def output(self, key: str) -> str:
        if key not in self.outputs:
            raise OperatorError(
                f"the local platform ({self.state_file}) has no {key} output: restart `make local`"
            )
        return self.outputs[key]


def add_parser(
    subparsers: argparse._SubParsersAction,  # type: ignore[type-arg]
    name: str,
    summary: str,
    *examples: str,
) -> argparse.ArgumentParser:
    """A subcommand that acts on AWS: ``main`` runs it through ``run``; its help ends with
    its examples and where it acts."""
    from footprint.cli.help import described

    keywords = described(summary, *examples)
    keywords["epilog"] += "\n\n" + textwrap.fill(WHERE, 90)
    parser: argparse.ArgumentParser = subparsers.add_parser(name, **keywords)
    parser.set_defaults(aws=True)
    return parser


def add_table_options(parser: argparse.ArgumentParser) -> None:
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--table", help="the data table's name")
    where.add_argument("--stack", help="a deployed stack: its DataTableName output")


def use_data_table(args: argparse.Namespace) -> None:
    """Point the services (identity, audit) at the data table ``args`` name."""
    os.environ["FOOTPRINT_DATA_TABLE"] = resolve(
        args, "table", "DataTableName", "FOOTPRINT_DATA_TABLE"
    )
    # Operators act with their own credentials: no tenant-scoped role to assume.
    os.environ.pop("FOOTPRINT_TENANT_DATA_ROLE_ARN", None)
    _use_audit_key(args)


def _use_audit_key(args: argparse.Namespace) -> None:
    """Give the services the audit chain's digest key (``FOOTPRINT_AUDIT_DIGEST_KEY``) from
    the stack's secret, where the environment does not already: the events a command records
    then take the keyed chain form, and ``audit verify`` checks addresses against their
    digests. Where neither names it, or the operator may not read it, the commands still act
    (``footprint.identity.audit`` says what changes)."""
    from botocore.exceptions import ClientError

    from footprint.adapters.aws import client

    if os.environ.get("FOOTPRINT_AUDIT_DIGEST_KEY"):
        return
    try:
        secret = resolve(
            args, "audit_key_secret", "AuditDigestKeySecretArn", "FOOTPRINT_AUDIT_KEY_SECRET"
        )
        value = client("secretsmanager").get_secret_value(SecretId=secret)["SecretString"]
    except (OperatorError, ClientError):
        return
    os.environ["FOOTPRINT_AUDIT_DIGEST_KEY"] = str(value)


def find_local_platform() -> LocalPlatform | None:
    """The local platform to act on, or None when the environment chose AWS or none runs.

    An environment whose ``AWS_ENDPOINT_URL`` is the running platform's own emulator (as a
    shell set up for the emulator has it) chose that platform: its outputs still stand in for
    ``--table`` and ``--stack``."""
    endpoint = os.environ.get("AWS_ENDPOINT_URL", "").rstrip("/")
    chosen = any(os.environ.get(name) for name in CHOSEN_BY_ENVIRONMENT)
    if chosen and not endpoint:
        return None
    cwd = Path.cwd()
    for folder in (cwd, *cwd.parents, INSTALLED_AT, *INSTALLED_AT.parents):
        if (folder / STATE_FILE).is_file():
            if chosen:
                return _emulated_at(folder / STATE_FILE, endpoint)
            return _read(folder / STATE_FILE)
    return None


def _emulated_at(path: Path, endpoint: str) -> LocalPlatform | None:
    """The platform of this state file if its emulator is ``endpoint`` (and no profile chose
    elsewhere), else None: a state file that is not one is then no concern of this command."""
    if os.environ.get("AWS_PROFILE"):
        return None
    try:
        platform = _read(path)
    except OperatorError:
        return None
    return platform if platform.endpoint.rstrip("/") == endpoint else None


def _read(path: Path) -> LocalPlatform:
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
        pid = int(state["pid"])
        platform = LocalPlatform(
            path, state["aws_url"], state["region"], state["stack"], dict(state["outputs"])
        )
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise OperatorError(
            f"{path} does not describe a local platform ({type(error).__name__}: {error}): "
            "restart `make local`, or delete the file"
        ) from None
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        raise OperatorError(
            f"the local platform in {path} is not running: start it with `make local`, or "
            "delete the file (or set AWS_PROFILE) to act on AWS"
        ) from None
    except PermissionError:
        pass  # another user's process: it exists
    return platform


def resolve(args: argparse.Namespace, option: str, output: str, variable: str) -> str:
    """An option's value; else the output of ``--stack``; else the environment variable; else
    the local platform's output."""
    value = getattr(args, option, None)
    if value:
        return str(value)
    stack: str | None = getattr(args, "stack", None)
    local: LocalPlatform | None = args.local_platform
    if stack and not (local and stack == local.stack):
        return _deployed_output(stack, output, local)
    if not stack and os.environ.get(variable):
        return os.environ[variable]
    if local:
        return local.output(output)
    raise OperatorError(f"give --{option.replace('_', '-')} or --stack (or set {variable})")


def _deployed_output(stack: str, key: str, local: LocalPlatform | None) -> str:
    from botocore.exceptions import ClientError

    from footprint.adapters.aws import client
    from footprint.adapters.stack import stack_output

    try:
        return stack_output(stack, key)
    except LookupError as error:  # the stack has no such output
        raise OperatorError(f"{error}: is --stack the Footprint stack?") from None
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") != "ValidationError":
            raise
        if local:
            raise OperatorError(
                f"no stack {stack} on the local platform ({local.state_file}), only "
                f"{local.stack}: set AWS_PROFILE to act on AWS"
            ) from None
        region = client("cloudformation").meta.region_name
        raise OperatorError(
            f"no stack {stack} in {region}: check --stack, and AWS_DEFAULT_REGION or AWS_PROFILE"
        ) from None


def run(args: argparse.Namespace) -> int:
    """Run an AWS-facing command; what the operator can fix ends in one line and status 2."""
    from botocore.exceptions import (
        ClientError,
        ConnectTimeoutError,
        CredentialRetrievalError,
        EndpointConnectionError,
        NoCredentialsError,
        NoRegionError,
        PartialCredentialsError,
        ProfileNotFound,
        SSOError,
        TokenRetrievalError,
    )

    command = f"footprint {args.command}"
    local: LocalPlatform | None = None
    try:
        local = args.local_platform = find_local_platform()
        if local:
            local.use()
        return int(args.func(args))
    except OperatorError as error:
        message = str(error)
    except NoRegionError:
        message = (
            "no AWS region: set AWS_DEFAULT_REGION, or start the local platform with `make local`"
        )
    except NoCredentialsError:
        message = (
            "no AWS credentials: set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, "
            "or start the local platform with `make local`"
        )
    except (
        PartialCredentialsError,
        ProfileNotFound,
        CredentialRetrievalError,
        TokenRetrievalError,
        SSOError,
    ) as error:
        message = (
            f"the AWS credentials cannot be used ({error}): fix AWS_PROFILE (after `aws sso "
            "login` if it uses SSO), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
        )
    except (EndpointConnectionError, ConnectTimeoutError) as error:
        endpoint = error.kwargs.get("endpoint_url")
        message = (
            f"cannot reach {endpoint}: the local platform ({local.state_file}) does not "
            "answer; restart `make local`"
            if local
            else f"cannot reach {endpoint}: check AWS_ENDPOINT_URL, AWS_DEFAULT_REGION, the network"
        )
    except ClientError as error:
        code = error.response.get("Error", {}).get("Code", "")
        reason = error.response.get("Error", {}).get("Message", str(error))
        if code in _DENIED:
            message = (
                f"AWS denied {error.operation_name} to these credentials ({reason}): act with "
                "an operator role that may (AWS_PROFILE)"
            )
        elif code in _REFUSED_CREDENTIALS:
            message = (
                f"AWS does not accept these credentials ({code}): renew them, or set AWS_PROFILE"
            )
        else:  # a refusal of the request itself (a time outside the PITR window, ...)
            say(f"{command}: AWS refused {error.operation_name}: {reason}")
            return 1
    say(f"{command}: {message}")
    return 2


def say(text: str) -> None:
    """``text`` on stderr as one line, whatever line breaks a message from AWS held."""
    print(" ".join(text.split()), file=sys.stderr)
