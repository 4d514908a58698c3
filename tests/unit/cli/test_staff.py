"""``footprint staff create|list|disable|enable``: the operator's command for the platform's
staff, by table name, and what it refuses."""

from __future__ import annotations

import json

import pytest

from footprint.cli import main
from footprint.domain.auth.tokens import Realm
from footprint.domain.errors import Unauthenticated
from footprint.domain.staff_access import StaffRole
from footprint.identity import signin
from tests.support.clock import Clock
from tests.support.identity import PASSWORD, TABLE, Stack, Tenant
from tests.support.staff import make_member


def _run(capsys: pytest.CaptureFixture[str], *arguments: str) -> tuple[int, str, str]:
    status = main([*arguments, "--table", TABLE])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_create_prints_an_id_and_a_temporary_password_for_the_staff_sign_in(
    identity: Stack, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = _run(
        capsys,
        "staff",
        "create",
        "--name",
        "Ada",
        "--email",
        "ada@footprint.example",
        "--role",
        "lead",
    )
    assert status == 0
    created = json.loads(out)
    assert set(created) == {"staff_id", "temporary_password"}
    step = signin.login(
        "ada@footprint.example",
        created["temporary_password"],
        source_ip="192.0.2.1",
        realm=Realm.STAFF,
    )
    assert step.challenge == "NEW_PASSWORD"
    status, out, _ = _run(capsys, "staff", "list")
    (listed,) = json.loads(out)
    assert (listed["staff_id"], listed["role"], listed["status"]) == (
        created["staff_id"],
        "lead",
        "active",
    )
    assert "password_hash" not in listed


def test_create_refuses_an_unknown_role_and_an_address_in_use(
    identity: Stack, capsys: pytest.CaptureFixture[str], tenant: Tenant
) -> None:
    with pytest.raises(SystemExit):
        main(["staff", "create", "--name", "A", "--email", "a@f.example", "--role", "admin"])
    assert "invalid choice: 'admin'" in capsys.readouterr().err
    status, _, err = _run(
        capsys,
        "staff",
        "create",
        "--name",
        "A",
        "--email",
        tenant.admin_email,
        "--role",
        "engineer",
    )
    assert status == 2
    assert err == "footprint staff create: This e-mail address is already in use.\n"


def test_disable_ends_a_members_sign_in_and_enable_restores_it(
    identity: Stack, capsys: pytest.CaptureFixture[str], clock: Clock
) -> None:
    member = make_member("Ada", "ada@footprint.example", StaffRole.ENGINEER, clock)
    status, out, _ = _run(capsys, "staff", "disable", member.staff_id)
    assert (status, json.loads(out)["status"]) == (0, "disabled")
    with pytest.raises(Unauthenticated):
        signin.login(member.email, PASSWORD, source_ip="192.0.2.1", realm=Realm.STAFF)
    assert _run(capsys, "staff", "enable", member.staff_id)[0] == 0
    clock.advance(30)
    assert signin.login(member.email, PASSWORD, source_ip="192.0.2.1", realm=Realm.STAFF)
    assert _run(capsys, "staff", "disable", "st-0000000000000000")[0] == 2
    assert _run(capsys, "staff", "disable", "NOT AN ID")[0] == 2
