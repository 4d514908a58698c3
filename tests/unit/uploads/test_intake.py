"""Intake as a use case, without Lambda events: a posted file and an arrived one are taken
in alike (the same content is the first upload's duplicate; otherwise recorded and started
once), and the posted file's own rules."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import requests

from footprint.adapters import upload_files
from footprint.adapters.upload_records import Upload, UploadStore
from footprint.domain import object_keys
from footprint.domain.errors import InvalidInput, TooLarge, Unprocessable
from footprint.domain.ids import new_upload_id
from footprint.domain.tenancy import Role, TenantContext
from footprint.domain.uploads.lifecycle import Status
from footprint.uploads import intake
from tests.support.identity import Tenant
from tests.support.uploads import UploadsStack, executions

TEMPLATES = Path(__file__).parents[3] / "layers/footprint/footprint/data/templates"
SAMPLE = (TEMPLATES / "activity-template.csv").read_bytes()


def _editor(tenant: Tenant) -> TenantContext:
    return tenant.context.acting_as(tenant.admin_id, Role.EDITOR)


def _receive(
    context: TenantContext,
    body: bytes = SAMPLE,
    *,
    sheet: str | None = None,
    gwp_set: str = "AR5",
    idempotency_key: str | None = None,
) -> Upload | intake.Earlier:
    return intake.receive(
        context,
        body,
        "text/csv",
        filename="2025.csv",
        sheet=sheet,
        gwp_set=gwp_set,
        replace=False,
        idempotency_key=idempotency_key,
    )


def _arrive(context: TenantContext, body: bytes, *, replace: bool = False) -> tuple[str, str]:
    """A presigned upload whose file is PUT, then arrives: its id and the arrival's outcome."""
    upload_id = new_upload_id()
    UploadStore(context).create(
        upload_id,
        filename="big.csv",
        content_type="text/csv",
        file_format="csv",
        size=len(body),
        gwp_set="AR5",
        replace=replace,
        expires_at=2_000_000_000,
    )
    url = upload_files.presign_put(context, upload_id, content_type="text/csv", size=len(body))
    assert requests.put(url.url, data=body, headers=url.headers, timeout=10).status_code == 200
    return upload_id, intake.arrived(object_keys.source_key(context, upload_id))


def test_a_posted_file_is_stored_recorded_and_started_once(
    tenant: Tenant, uploads: UploadsStack
) -> None:
    upload = _receive(_editor(tenant))
    assert isinstance(upload, Upload)
    assert (upload.status, upload.content_sha256) == (
        Status.RECEIVED,
        hashlib.sha256(SAMPLE).hexdigest(),
    )
    (execution,) = executions(uploads)
    assert (execution["name"], execution["upload_id"]) == (upload.calculation_id, upload.upload_id)


def test_a_posted_file_and_an_arrived_one_are_taken_in_alike(
    tenant: Tenant, uploads: UploadsStack
) -> None:
    context = _editor(tenant)
    first = _receive(context)
    assert isinstance(first, Upload)
    # The same content arriving by presigned URL is the posted file's duplicate ...
    arrived, outcome = _arrive(context, SAMPLE)
    assert outcome == "duplicate"
    assert UploadStore(context).require(arrived).duplicate_of == first.upload_id
    # ... and posted again, it is answered with the first upload, started nowhere.
    assert _receive(context) == intake.Earlier(first.upload_id, Status.RECEIVED, duplicate=True)
    assert len(executions(uploads)) == 1
    # Asked to replace, either way takes the content over and is started.
    replacing, outcome = _arrive(context, SAMPLE, replace=True)
    assert outcome == "started"
    assert UploadStore(context).require(replacing).replaces == first.upload_id
    assert len(executions(uploads)) == 2


def test_an_arrival_already_taken_in_is_not_started_again(
    tenant: Tenant, uploads: UploadsStack
) -> None:
    context = _editor(tenant)
    upload_id, outcome = _arrive(context, SAMPLE)
    assert outcome == "started"
    again = intake.arrived(object_keys.source_key(context, upload_id))
    assert again == "started"  # received still: the start is found running, not repeated
    UploadStore(context).mark_validating(upload_id, str(executions(uploads)[0]["name"]))
    assert intake.arrived(object_keys.source_key(context, upload_id)) == "skipped"
    assert len(executions(uploads)) == 1


def test_keys_that_are_no_upload_s_source_are_left_alone(
    tenant: Tenant, uploads: UploadsStack
) -> None:
    assert intake.arrived("elsewhere/file") == "ignored"
    unknown = object_keys.source_key(tenant.context, new_upload_id())
    assert intake.arrived(unknown) == "unknown"


@pytest.mark.parametrize(
    ("body", "options", "refusal"),
    [
        (b"", {}, InvalidInput),
        (b"x" * (intake.MAX_DIRECT_BYTES + 1), {}, TooLarge),
        (SAMPLE, {"sheet": "Data"}, InvalidInput),  # only workbooks have sheets
    ],
)
def test_a_posted_file_s_refusals(
    tenant: Tenant,
    uploads: UploadsStack,
    body: bytes,
    options: dict[str, str],
    refusal: type[Exception],
) -> None:
    with pytest.raises(refusal):
        _receive(_editor(tenant), body, **options)
    assert executions(uploads) == []


def test_an_idempotency_key_answers_its_first_upload_and_only_for_its_request(
    tenant: Tenant, uploads: UploadsStack
) -> None:
    context = _editor(tenant)
    first = _receive(context, idempotency_key="k1")
    assert isinstance(first, Upload)
    retried = _receive(context, idempotency_key="k1")
    assert retried == intake.Earlier(first.upload_id, Status.RECEIVED, duplicate=True)
    with pytest.raises(Unprocessable):
        _receive(context, idempotency_key="k1", gwp_set="AR6")
    assert len(executions(uploads)) == 1


def test_presigning_known_content_answers_its_upload_before_any_transfer(
    tenant: Tenant, uploads: UploadsStack
) -> None:
    context = _editor(tenant)
    first = _receive(context)
    assert isinstance(first, Upload)

    def presign(sha256: str | None) -> intake.Presigned | intake.Earlier:
        return intake.presign(
            context,
            filename="2025.csv",
            content_type="text/csv",
            size=len(SAMPLE),
            sheet=None,
            gwp_set="AR5",
            sha256=sha256,
            replace=False,
            idempotency_key=None,
        )

    known = presign(first.content_sha256)
    assert known == intake.Earlier(first.upload_id, Status.RECEIVED, duplicate=True)
    fresh = presign(None)
    assert isinstance(fresh, intake.Presigned)
    assert UploadStore(context).require(fresh.upload_id).status is Status.PENDING
