"""``footprint tenant create``: by table name, by a deployed stack's output, and its errors."""

from __future__ import annotations

import json

import boto3
import pytest

from footprint.adapters.published_index import MONTH_ENTRIES, PublishedIndex
from footprint.adapters.repository import TenantRepository
from footprint.adapters.upload_records import UploadStore
from footprint.cli import main
from footprint.domain.errors import Unauthenticated
from footprint.domain.ids import new_upload_id
from footprint.domain.tenancy import Role, TenantContext
from footprint.domain.uploads.lifecycle import Status
from footprint.identity import guard, signin
from tests.support.clock import Clock
from tests.support.identity import PASSWORD, TABLE, Stack, Tenant, expiry


def _create(capsys: pytest.CaptureFixture[str], *where: str) -> dict[str, str]:
    status = main(
        ["tenant", "create", "--name", "Acme", "--admin-email", "ops@acme.example", *where]
    )
    assert status == 0
    created: dict[str, str] = json.loads(capsys.readouterr().out)
    return created


def test_create_by_table_prints_ids_and_a_working_temporary_password(
    identity: Stack, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FOOTPRINT_DATA_TABLE")
    created = _create(capsys, "--table", TABLE)
    assert set(created) == {"tenant_id", "admin_user_id", "temporary_password"}
    assert len(created["temporary_password"]) >= 20
    step = signin.login("ops@acme.example", created["temporary_password"], source_ip="192.0.2.1")
    assert step.challenge == "NEW_PASSWORD"


def test_create_by_stack_reads_the_table_from_its_outputs(
    identity: Stack, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FOOTPRINT_DATA_TABLE")
    boto3.client("cloudformation").create_stack(
        StackName="footprint-dev",
        TemplateBody=json.dumps(
            {
                "Resources": {"Topic": {"Type": "AWS::SNS::Topic"}},
                "Outputs": {"DataTableName": {"Value": TABLE}},
            }
        ),
    )
    created = _create(capsys, "--stack", "footprint-dev")
    assert created["tenant_id"].startswith("t-")


def test_an_email_already_in_use_is_refused(
    identity: Stack, capsys: pytest.CaptureFixture[str]
) -> None:
    _create(capsys, "--table", TABLE)
    status = main(
        [
            "tenant",
            "create",
            "--name",
            "Other",
            "--admin-email",
            "OPS@acme.example",
            "--table",
            TABLE,
        ]
    )
    assert status == 2  # something the operator can fix, with what to do
    assert capsys.readouterr().err == (
        "footprint tenant create: This e-mail address is already in use. An address belongs"
        " to one user of one tenant: give this tenant's first admin another address (e.g. one"
        " of the organisation's own domain).\n"
    )


def test_without_a_table_it_says_so(
    identity: Stack, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FOOTPRINT_DATA_TABLE")
    assert main(["tenant", "create", "--name", "X", "--admin-email", "x@x.example"]) == 2
    assert "--table or --stack" in capsys.readouterr().err


def test_disable_and_enable_a_tenant(
    identity: Stack, capsys: pytest.CaptureFixture[str], tenant: Tenant
) -> None:
    tenant_id = tenant.context.tenant_id
    sid = tenant.admin_tokens.refresh_token.split(".")[2]
    token_context = TenantContext.from_verified_token(tenant_id, tenant.admin_id, "admin")
    assert main(["tenant", "disable", tenant_id, "--table", TABLE]) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "disabled"
    with pytest.raises(Unauthenticated):
        guard.current_principal(
            token_context, sid, "192.0.2.1", expires_at=expiry(tenant.admin_tokens)
        )
    with pytest.raises(Unauthenticated):
        signin.login(tenant.admin_email, PASSWORD, source_ip="192.0.2.1")
    assert main(["tenant", "enable", tenant_id, "--table", TABLE]) == 0
    assert (
        guard.current_principal(
            token_context, sid, "192.0.2.1", expires_at=expiry(tenant.admin_tokens)
        ).role
        is Role.ADMIN
    )
    assert main(["tenant", "disable", "t-0000000000000000", "--table", TABLE]) == 2
    assert main(["tenant", "disable", "NOT AN ID", "--table", TABLE]) == 2


def test_a_temporary_password_lasts_seven_days_and_can_be_reissued(
    identity: Stack, capsys: pytest.CaptureFixture[str], clock: Clock
) -> None:
    created = _create(capsys, "--table", TABLE)
    reissue = [
        "tenant",
        "reissue",
        created["tenant_id"],
        created["admin_user_id"],
        "--table",
        TABLE,
    ]
    clock.advance(7 * 24 * 3600)
    with pytest.raises(Unauthenticated, match="e-mail or password"):
        signin.login("ops@acme.example", created["temporary_password"], source_ip="192.0.2.1")
    assert main(reissue) == 0
    again = json.loads(capsys.readouterr().out)
    assert set(again) == set(created)
    assert again["temporary_password"] != created["temporary_password"]
    step = signin.login("ops@acme.example", again["temporary_password"], source_ip="192.0.2.1")
    assert step.challenge == "NEW_PASSWORD"
    signin.answer(step.session, new_password=PASSWORD, code=None, source_ip="192.0.2.1")
    clock.advance(7 * 24 * 3600)  # their own password does not expire ...
    assert signin.login("ops@acme.example", PASSWORD, source_ip="192.0.2.1").challenge == (
        "MFA_SETUP"
    )
    assert main(reissue) == 2  # ... nor is it replaced by the operator
    assert "has not set their own password" in capsys.readouterr().err
    assert main(["tenant", "reissue", created["tenant_id"], "NOT AN ID", "--table", TABLE]) == 2


def test_reindex_indexes_what_a_tenant_published_before_the_index(
    identity: Stack, capsys: pytest.CaptureFixture[str], tenant: Tenant
) -> None:
    store = UploadStore(tenant.context)
    upload_id = new_upload_id()
    store.create(
        upload_id,
        filename="a.csv",
        content_type="text/csv",
        file_format="csv",
        size=10,
        gwp_set="AR5",
        status=Status.RECEIVED,
        calculation_id="c1",
    )
    store.mark_validating(upload_id, "c1")
    store.mark_calculating(upload_id, "c1", rows_total=1, parts=1)
    index = PublishedIndex(tenant.context)
    index.publish(upload_id, "c1", totals={}, months=["2025-01"])
    TenantRepository(tenant.context).delete_partition(MONTH_ENTRIES)  # as before the index
    assert index.published("2025-01", "2025-01") == set()
    assert main(["tenant", "reindex", tenant.context.tenant_id, "--table", TABLE]) == 0
    assert json.loads(capsys.readouterr().out)["uploads_indexed"] == 1
    assert index.published("2025-01", "2025-01") == {(upload_id, "c1")}
    assert main(["tenant", "reindex", "NOT AN ID", "--table", TABLE]) == 2


def test_reindex_lists_a_tenant_registered_before_the_registry_index(
    identity: Stack, capsys: pytest.CaptureFixture[str], tenant: Tenant
) -> None:
    from footprint.identity import tenants

    tenant_id = tenant.context.tenant_id
    assert tenants.registered() == [tenant_id]
    table = boto3.resource("dynamodb").Table(TABLE)
    key = {"pk": f"PLATFORM#TENANT#{tenant_id}", "sk": "TENANT"}
    entry = table.get_item(Key=key)["Item"]
    old = {k: v for k, v in entry.items() if k not in ("gsi1pk", "gsi1sk", "tenant_id")}
    table.put_item(Item=old)  # as registered before the index
    assert tenants.registered() == []

    reindex = ["tenant", "reindex", tenant_id, "--table", TABLE]
    assert main(reindex) == 0
    assert json.loads(capsys.readouterr().out)["registry_indexed"] is True
    assert tenants.registered() == [tenant_id]
    assert table.get_item(Key=key)["Item"]["name"] == entry["name"]
    assert main(reindex) == 0
    assert json.loads(capsys.readouterr().out)["registry_indexed"] is False
