"""The AWS-facing commands find the local platform by its state file, and every failure the
operator can fix ends in one line saying what to set, and exit status 2."""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from footprint.adapters.aws import forget_cached_clients
from footprint.cli import aws as target
from footprint.cli import main
from footprint.identity import onboarding
from tests.support.cli import CREATE

LOCAL_TABLE = "footprint-local-DataTable"


@pytest.fixture
def shell(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An operator's shell that sets nothing for AWS, in a folder with no local platform above
    it (nor above the installed package)."""
    for name in [n for n in os.environ if n.startswith(("AWS_", "FOOTPRINT_"))]:
        del os.environ[name]
    # No ~/.aws files and no instance metadata: only what a test sets is found.
    os.environ["AWS_CONFIG_FILE"] = str(tmp_path / "no-config")
    os.environ["AWS_SHARED_CREDENTIALS_FILE"] = str(tmp_path / "no-credentials")
    os.environ["AWS_EC2_METADATA_DISABLED"] = "true"
    monkeypatch.chdir(tmp_path)
    # A fresh process's session: the default one holds the credentials it resolved before.
    monkeypatch.setattr(boto3, "DEFAULT_SESSION", None)
    monkeypatch.setattr(target, "INSTALLED_AT", tmp_path / "site-packages" / "footprint" / "cli")
    forget_cached_clients()
    yield tmp_path
    forget_cached_clients()


def closed_port() -> str:
    """An endpoint on this machine where nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def dead_pid() -> int:
    """The id of a process that has ended and been reaped (ids are not reused that soon)."""
    process = subprocess.Popen([sys.executable, "-c", ""])
    process.wait()
    return process.pid


def write_state(folder: Path, *, pid: int, aws_url: str) -> Path:
    """A state file as local/platform.py writes it (the fields the CLI reads, and others)."""
    path = folder / ".local" / "platform.json"
    path.parent.mkdir(parents=True)
    state = {
        "pid": pid,
        "api_url": "http://127.0.0.1:3000",
        "aws_url": aws_url,
        "region": "us-east-2",
        "stack": "footprint-local",
        "outputs": {"DataTableName": LOCAL_TABLE, "ApiUrl": "http://127.0.0.1:3000"},
        "schedules": {},
    }
    path.write_text(json.dumps(state), encoding="utf-8")
    return path


def fails_with(capsys: pytest.CaptureFixture[str], argv: list[str], status: int = 2) -> str:
    """Run the command; it must end with ``status`` and one line on stderr, no traceback."""
    assert main(argv) == status
    error = capsys.readouterr().err
    assert "Traceback" not in error
    assert error.count("\n") == 1, error
    return error


def refusing(code: str) -> Any:
    def create_tenant(*_: object) -> None:
        raise ClientError({"Error": {"Code": code, "Message": "not for you"}}, "PutItem")

    return create_tenant


# Finding the local platform


def test_the_state_file_is_found_from_a_folder_below_it(shell: Path) -> None:
    path = write_state(shell, pid=os.getpid(), aws_url="http://127.0.0.1:41233")
    below = shell / "web" / "src"
    below.mkdir(parents=True)
    os.chdir(below)
    local = target.find_local_platform()
    assert local is not None
    assert (local.state_file, local.endpoint, local.region) == (
        path,
        "http://127.0.0.1:41233",
        "us-east-2",
    )
    assert local.output("DataTableName") == LOCAL_TABLE


def test_the_state_file_is_found_in_the_repository_the_command_runs_from(
    shell: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repository = shell / "repository"
    path = write_state(repository, pid=os.getpid(), aws_url="http://127.0.0.1:41233")
    monkeypatch.setattr(target, "INSTALLED_AT", repository / "layers" / "footprint" / "footprint")
    local = target.find_local_platform()
    assert local is not None
    assert local.state_file == path


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("AWS_ENDPOINT_URL", "http://127.0.0.1:4566"),
        ("AWS_PROFILE", "operator"),
        ("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE"),
    ],
)
def test_the_environment_wins_over_the_state_file(shell: Path, name: str, value: str) -> None:
    write_state(shell, pid=os.getpid(), aws_url="http://127.0.0.1:41233")
    os.environ[name] = value
    assert target.find_local_platform() is None


def test_an_endpoint_that_is_the_local_emulator_still_finds_its_outputs(shell: Path) -> None:
    """A shell set up for the emulator (AWS_ENDPOINT_URL and keys) still acts on the platform
    whose emulator that is, with its outputs: no --state-machine to copy from the file."""
    path = write_state(shell, pid=os.getpid(), aws_url="http://127.0.0.1:41233")
    os.environ.update({"AWS_ENDPOINT_URL": "http://127.0.0.1:41233/", "AWS_ACCESS_KEY_ID": "x"})
    local = target.find_local_platform()
    assert local is not None
    assert local.state_file == path
    assert local.output("DataTableName") == LOCAL_TABLE
    os.environ["AWS_PROFILE"] = "operator"  # a profile chooses AWS, whatever the endpoint
    assert target.find_local_platform() is None


def test_tenant_create_uses_the_local_platforms_endpoint_and_table(
    shell: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    endpoint = closed_port()
    path = write_state(shell, pid=os.getpid(), aws_url=endpoint)
    # Nothing listens there, so the command gets as far as calling the endpoint it found.
    error = fails_with(capsys, CREATE)
    assert f"cannot reach {endpoint}/: the local platform ({path}) does not answer" in error
    assert os.environ["AWS_ENDPOINT_URL"] == endpoint
    assert os.environ["AWS_DEFAULT_REGION"] == "us-east-2"
    assert os.environ["FOOTPRINT_DATA_TABLE"] == LOCAL_TABLE


LOCAL = target.LocalPlatform(
    Path(".local/platform.json"),
    "http://127.0.0.1:41233",
    "us-east-2",
    "footprint-local",
    {"DataTableName": LOCAL_TABLE},
)


def test_the_local_stack_is_read_from_the_state_file() -> None:
    args = argparse.Namespace(table=None, stack="footprint-local", local_platform=LOCAL)
    assert target.resolve(args, "table", "DataTableName", "FOOTPRINT_DATA_TABLE") == LOCAL_TABLE


def test_another_stack_than_the_local_one_is_not_found_there(aws: None) -> None:
    forget_cached_clients()
    args = argparse.Namespace(table=None, stack="footprint-prod", local_platform=LOCAL)
    with pytest.raises(target.OperatorError, match="no stack footprint-prod on the local platform"):
        target.resolve(args, "table", "DataTableName", "FOOTPRINT_DATA_TABLE")


# What the operator is told


def test_a_state_file_whose_platform_stopped_says_to_start_it(
    shell: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_state(shell, pid=dead_pid(), aws_url=closed_port())
    error = fails_with(capsys, CREATE)
    assert f"the local platform in {path} is not running: start it with `make local`" in error


def test_a_state_file_that_is_not_one_says_so(
    shell: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (shell / ".local").mkdir()
    (shell / ".local" / "platform.json").write_text("{", encoding="utf-8")
    assert "does not describe a local platform" in fails_with(capsys, CREATE)


def test_no_region_says_to_set_one(shell: Path, capsys: pytest.CaptureFixture[str]) -> None:
    error = fails_with(capsys, [*CREATE, "--table", "t"])
    assert error == (
        "footprint tenant: no AWS region: set AWS_DEFAULT_REGION, or start the local platform "
        "with `make local`\n"
    )


def test_no_credentials_says_what_to_set(shell: Path, capsys: pytest.CaptureFixture[str]) -> None:
    os.environ["AWS_DEFAULT_REGION"] = "eu-west-1"
    error = fails_with(capsys, [*CREATE, "--stack", "footprint-prod"])
    assert error == (
        "footprint tenant: no AWS credentials: set AWS_PROFILE, or AWS_ACCESS_KEY_ID and "
        "AWS_SECRET_ACCESS_KEY, or start the local platform with `make local`\n"
    )


def test_an_unknown_profile_says_what_to_set(
    shell: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    os.environ["AWS_PROFILE"] = "nobody"
    error = fails_with(capsys, [*CREATE, "--stack", "footprint-prod"])
    assert (
        "cannot be used (The config profile (nobody) could not be found): fix AWS_PROFILE" in error
    )


def test_an_unreachable_endpoint_is_named(shell: Path, capsys: pytest.CaptureFixture[str]) -> None:
    endpoint = closed_port()
    os.environ.update(
        AWS_ENDPOINT_URL=endpoint,
        AWS_DEFAULT_REGION="us-east-2",
        AWS_ACCESS_KEY_ID="x",
        AWS_SECRET_ACCESS_KEY="x",
    )
    error = fails_with(capsys, ["backup", "list", "--table", "t"])
    assert error.startswith(f"footprint backup: cannot reach {endpoint}/: check AWS_ENDPOINT_URL")


def test_no_such_stack_says_which_and_where(aws: None, capsys: pytest.CaptureFixture[str]) -> None:
    forget_cached_clients()
    error = fails_with(capsys, [*CREATE, "--stack", "footprint-nope"])
    assert "no stack footprint-nope in us-east-2: check --stack" in error


def test_a_stack_without_the_output_says_so(aws: None, capsys: pytest.CaptureFixture[str]) -> None:
    forget_cached_clients()
    boto3.client("cloudformation").create_stack(
        StackName="other",
        TemplateBody=json.dumps({"Resources": {"Topic": {"Type": "AWS::SNS::Topic"}}}),
    )
    error = fails_with(capsys, ["backup", "run", "--stack", "other"])
    assert "stack other has no BackupStateMachineArn output" in error


@pytest.mark.parametrize(
    ("code", "said"),
    [
        ("AccessDeniedException", "AWS denied PutItem to these credentials (not for you)"),
        ("ExpiredTokenException", "AWS does not accept these credentials (ExpiredTokenException)"),
    ],
)
def test_refused_credentials_say_so(
    code: str, said: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(onboarding, "create_tenant", refusing(code))
    assert said in fails_with(capsys, [*CREATE, "--table", "t"])


def test_any_other_refusal_is_awss_message_and_status_1(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(onboarding, "create_tenant", refusing("ValidationException"))
    error = fails_with(capsys, [*CREATE, "--table", "t"], status=1)
    assert error == "footprint tenant: AWS refused PutItem: not for you\n"
