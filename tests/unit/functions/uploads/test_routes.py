"""The /v1/uploads routes: roles, presigned and direct uploads, duplicates, paging, an
upload's kept calculations, an upload withdrawn for personal data."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path
from typing import Any

import boto3
import pytest

from footprint.adapters.published_index import PublishedIndex
from footprint.adapters.upload_records import UploadStore
from footprint.adapters.workflow import new_calculation_id
from footprint.domain.ids import new_upload_id
from footprint.domain.tenancy import Role
from footprint.domain.uploads.lifecycle import Status
from footprint.uploads import rejection
from tests.support.clock import Clock
from tests.support.handlers import invoke, proxy_event
from tests.support.identity import Tenant, add_member, authorizer_context, make_tenant
from tests.support.uploads import UploadsStack, executions, published_upload

MODULE = "fp_uploads.app"
TEMPLATES = Path(__file__).parents[4] / "layers/footprint/footprint/data/templates"
SAMPLE = (TEMPLATES / "activity-template.csv").read_bytes()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class Caller:
    """One signed-in user calling the uploads routes."""

    def __init__(self, tenant: Tenant, role: Role, clock: Clock, email: str) -> None:
        if role is Role.ADMIN:
            self.authorizer = authorizer_context(
                tenant.context, tenant.admin_id, role, tenant.admin_tokens
            )
        else:
            user_id, tokens = add_member(tenant, role, email, clock)
            self.authorizer = authorizer_context(tenant.context, user_id, role, tokens)

    def call(
        self,
        method: str,
        resource: str = "/v1/uploads",
        *,
        json_body: Any = None,
        raw: bytes | None = None,
        content_type: str = "application/json",
        binary: bool = False,
        query: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
        upload_id: str | None = None,
    ) -> tuple[int, dict[str, Any]]:
        event = proxy_event(
            method,
            resource,
            path_parameters={"upload_id": upload_id} if upload_id else None,
            body=json_body,
            authorizer=self.authorizer,
        )
        event["headers"] = {"Content-Type": content_type, **(headers or {})}
        event["multiValueHeaders"] = {k: [v] for k, v in event["headers"].items()}
        if raw is not None:
            event["body"] = base64.b64encode(raw).decode() if binary else raw.decode("utf-8")
            event["isBase64Encoded"] = binary
        if query:
            event["queryStringParameters"] = query
            event["multiValueQueryStringParameters"] = {k: [v] for k, v in query.items()}
        return invoke(MODULE, event)


@pytest.fixture
def editor(tenant: Tenant, clock: Clock, uploads: UploadsStack) -> Caller:
    return Caller(tenant, Role.EDITOR, clock, "ed@acme.example")


def _presign(caller: Caller, **overrides: Any) -> tuple[int, dict[str, Any]]:
    request = {"filename": "2025.csv", "content_type": "text/csv", "size": len(SAMPLE)}
    return caller.call("POST", json_body={**request, **overrides})


def test_presign_answers_a_signed_put_and_a_pending_upload(editor: Caller) -> None:
    status, body = _presign(editor, sheet=None)
    assert status == 201, body
    assert body["status"] == "pending"
    assert body["upload_headers"]["x-amz-server-side-encryption"] == "aws:kms"
    assert "X-Amz-Signature" in body["upload_url"]
    assert f"/uploads/{body['upload_id']}/source" in body["upload_url"]
    status, shown = editor.call("GET", "/v1/uploads/{upload_id}", upload_id=body["upload_id"])
    assert status == 200
    assert (shown["status"], shown["filename"], shown["size"]) == (
        "pending",
        "2025.csv",
        len(SAMPLE),
    )


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"size": 1024**3 + 1}, "size"),
        ({"size": 0}, "size"),
        ({"filename": "notes.txt", "content_type": "text/plain"}, "filename"),
        ({"sheet": "Data"}, "sheet"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_presign_refuses_bad_requests(
    editor: Caller, overrides: dict[str, Any], field: str
) -> None:
    status, body = _presign(editor, **overrides)
    assert status == 400, body
    assert field in json.dumps(body["error"])


def test_direct_csv_is_stored_recorded_and_its_calculation_started(
    editor: Caller,
    uploads: UploadsStack,
) -> None:
    query = {"filename": "2025.csv", "gwp_set": "AR6"}
    status, body = editor.call(
        "POST", raw=SAMPLE, content_type="text/csv", binary=True, query=query
    )
    assert status == 202, body
    upload_id = body["upload_id"]
    stored = boto3.client("s3").get_object(
        Bucket=uploads.bucket,
        Key=f"tenants/{editor.authorizer['tenant_id']}/uploads/{upload_id}/source",
    )
    assert stored["Body"].read() == SAMPLE
    assert stored["ServerSideEncryption"] == "aws:kms"
    _, shown = editor.call("GET", "/v1/uploads/{upload_id}", upload_id=upload_id)
    assert shown["status"] == "received"
    assert shown["content_sha256"] == hashlib.sha256(SAMPLE).hexdigest()
    (started,) = executions(uploads)
    assert started == {
        "name": shown["calculation_id"],
        "tenant_id": editor.authorizer["tenant_id"],
        "upload_id": upload_id,
        "calculation_id": shown["calculation_id"],
        "gwp_set": "AR6",
    }


def test_the_same_content_twice_is_answered_with_the_first_upload(
    editor: Caller,
    uploads: UploadsStack,
) -> None:
    _, first = editor.call("POST", raw=SAMPLE, content_type="text/csv", binary=True)
    status, again = editor.call("POST", raw=SAMPLE, content_type="text/csv")  # as text too
    assert status == 200
    assert again == {"upload_id": first["upload_id"], "status": "received", "duplicate": True}
    status, _ = _presign(editor, sha256=hashlib.sha256(SAMPLE).hexdigest())
    assert status == 200
    status, replaced = editor.call(
        "POST", raw=SAMPLE, content_type="text/csv", query={"replace": "true"}
    )
    assert status == 202
    _, shown = editor.call("GET", "/v1/uploads/{upload_id}", upload_id=replaced["upload_id"])
    assert shown["replaces"] == first["upload_id"]
    assert len(executions(uploads)) == 2


def test_a_retried_request_with_its_idempotency_key_gets_its_first_upload(editor: Caller) -> None:
    key = {"Idempotency-Key": "7d0c1c5e-retry"}
    _, first = editor.call("POST", raw=SAMPLE, content_type="text/csv", headers=key)
    status, retried = editor.call("POST", raw=SAMPLE, content_type="text/csv", headers=key)
    assert status == 200
    assert retried["upload_id"] == first["upload_id"]
    _, presigned = _presign(editor, filename="big.csv")
    status, again = editor.call(
        "POST",
        json_body={"filename": "big.csv", "content_type": "text/csv", "size": 10},
        headers={"Idempotency-Key": "presign-1"},
    )
    status2, again2 = editor.call(
        "POST",
        json_body={"filename": "big.csv", "content_type": "text/csv", "size": 10},
        headers={"Idempotency-Key": "presign-1"},
    )
    assert (status, status2) == (201, 201)
    assert again["upload_id"] == again2["upload_id"] != presigned["upload_id"]


def test_an_idempotency_key_is_the_users_own_and_bound_to_its_request(
    editor: Caller, tenant: Tenant, clock: Clock
) -> None:
    key = {"Idempotency-Key": "client-key-1"}
    request = {"filename": "big.csv", "content_type": "text/csv", "size": 10}
    status, first = editor.call("POST", json_body=request, headers=key)
    assert status == 201
    for changed in ({"filename": "other.csv"}, {"size": 11}, {"replace": True}):
        status, refused = editor.call("POST", json_body={**request, **changed}, headers=key)
        assert status == 422, changed
        assert refused["error"]["code"] == "unprocessable"
        assert refused["error"]["details"] == {"field": "Idempotency-Key"}
    status, refused = editor.call("POST", raw=SAMPLE, content_type="text/csv", headers=key)
    assert status == 422
    # Another editor's same key is another request: their own upload, not the first one.
    other = Caller(tenant, Role.EDITOR, clock, "editor2@acme.example")
    status, theirs = other.call("POST", json_body=request, headers=key)
    assert status == 201
    assert theirs["upload_id"] != first["upload_id"]
    status, again = editor.call("POST", json_body=request, headers=key)
    assert (status, again["upload_id"]) == (201, first["upload_id"])


def test_direct_xlsx_and_json_records(editor: Caller) -> None:
    workbook = (TEMPLATES / "activity-template.xlsx").read_bytes()
    status, body = editor.call("POST", raw=workbook, content_type=XLSX, binary=True)
    assert status == 202, body
    _, shown = editor.call("GET", "/v1/uploads/{upload_id}", upload_id=body["upload_id"])
    assert (shown["format"], shown["filename"]) == ("xlsx", "upload.xlsx")
    records = json.dumps([{"facility": "HQ", "quantity": 1}]).encode()
    status, body = editor.call("POST", raw=records, content_type="application/json")
    assert status == 202, body
    lines = b'{"facility": "HQ"}\n{"facility": "Plant"}\n'
    status, body = editor.call("POST", raw=lines, content_type="application/x-ndjson")
    assert status == 202, body


@pytest.mark.parametrize(
    ("raw", "content_type", "query", "expected"),
    [
        (b"x" * (5 * 1024**2 + 1), "text/csv", None, 413),
        (b"", "text/csv", None, 400),
        (b"%PDF-1.7", "application/pdf", None, 415),
        (SAMPLE, "text/csv", {"sheet": "Data"}, 400),
    ],
)
def test_direct_upload_refusals(
    editor: Caller, raw: bytes, content_type: str, query: dict[str, str] | None, expected: int
) -> None:
    status, body = editor.call("POST", raw=raw, content_type=content_type, binary=True, query=query)
    assert status == expected, body
    assert body["error"]["code"] in {
        "invalid_input",
        "payload_too_large",
        "unsupported_media_type",
    }


def test_roles(tenant: Tenant, clock: Clock, uploads: UploadsStack) -> None:
    viewer = Caller(tenant, Role.VIEWER, clock, "vi@acme.example")
    auditor = Caller(tenant, Role.AUDITOR, clock, "au@acme.example")
    admin = Caller(tenant, Role.ADMIN, clock, "")
    for reader in (viewer, auditor):
        assert _presign(reader)[0] == 403
        assert reader.call("POST", raw=SAMPLE, content_type="text/csv")[0] == 403
        assert reader.call("GET")[0] == 200
    assert _presign(admin)[0] == 201


def test_listing_is_newest_first_paged_and_cursors_stay_in_their_tenant(
    editor: Caller,
    tenant: Tenant,
    clock: Clock,
) -> None:
    made = [_presign(editor, filename=f"{n}.csv")[1]["upload_id"] for n in range(3)]
    status, page = editor.call("GET", query={"limit": "2"})
    assert status == 200
    assert [u["upload_id"] for u in page["uploads"]] == made[:0:-1]
    _, rest = editor.call("GET", query={"limit": "2", "cursor": page["next_cursor"]})
    assert [u["upload_id"] for u in rest["uploads"]] == [made[0]]
    assert rest["next_cursor"] is None
    other = make_tenant("Globex", "admin@globex.example", clock)
    stranger = Caller(other, Role.ADMIN, clock, "")
    status, refused = stranger.call("GET", query={"cursor": page["next_cursor"]})
    assert status == 400
    assert refused["error"]["details"]["field"] == "cursor"
    status, _ = stranger.call("GET", "/v1/uploads/{upload_id}", upload_id=made[0])
    assert status == 404


def test_a_rejected_upload_shows_its_errors(editor: Caller, tenant: Tenant) -> None:
    _, body = editor.call("POST", raw=SAMPLE, content_type="text/csv")
    store = UploadStore(tenant.context)
    upload = store.require(body["upload_id"])
    assert upload.calculation_id is not None
    store.mark_validating(upload.upload_id, upload.calculation_id)
    errors = [{"row": 3, "column": "quantity", "message": "quantity is not a number"}]
    store.mark_rejected(
        upload.upload_id, upload.calculation_id, reason="invalid_rows", errors=errors, error_count=1
    )
    _, shown = editor.call("GET", "/v1/uploads/{upload_id}", upload_id=upload.upload_id)
    assert (shown["status"], shown["reason"], shown["error_count"]) == (
        Status.REJECTED.value,
        "invalid_rows",
        1,
    )
    assert shown["errors"] == errors


def test_malformed_upload_id_is_refused(editor: Caller) -> None:
    status, _ = editor.call("GET", "/v1/uploads/{upload_id}", upload_id="not-an-upload")
    assert status == 400


def test_recalculate_is_served_here_for_writers_of_a_published_upload(
    editor: Caller, tenant: Tenant, clock: Clock, uploads: UploadsStack
) -> None:
    resource = "/v1/uploads/{upload_id}/recalculate"
    upload_id, published = published_upload(tenant.context, SAMPLE, part_rows=100)
    viewer = Caller(tenant, Role.VIEWER, clock, "vi@acme.example")
    assert viewer.call("POST", resource, json_body={}, upload_id=upload_id)[0] == 403
    status, started = editor.call(
        "POST", resource, json_body={"gwp_set": "AR6"}, upload_id=upload_id
    )
    assert status == 202, started
    assert started["upload_id"] == upload_id
    assert started["calculation_id"] not in (None, published)
    assert [e["name"] for e in executions(uploads)] == [started["calculation_id"]]
    status, _ = editor.call("POST", resource, json_body={}, upload_id=upload_id)
    assert status == 409  # one calculation at a time
    assert editor.call("POST", resource, json_body={}, upload_id="not-an-upload")[0] == 400


def _recalculated_and_published(tenant: Tenant, upload_id: str, gwp_set: str) -> str:
    """A recalculation of the upload taken to its publish (its files are not needed here)."""
    store = UploadStore(tenant.context)
    calculation_id = new_calculation_id()
    store.start_calculation(upload_id, calculation_id, gwp_set)
    store.mark_validating(upload_id, calculation_id)
    store.mark_calculating(upload_id, calculation_id, rows_total=7, parts=1)
    PublishedIndex(tenant.context).publish(
        upload_id,
        calculation_id,
        totals={"gwp_set": gwp_set, "co2e_kg": 12.5},
        months=["2025-01"],
        editions=["epa_hub-2025"],
    )
    return calculation_id


def test_every_reader_lists_an_upload_s_calculations_newest_first(
    editor: Caller, tenant: Tenant, clock: Clock, uploads: UploadsStack
) -> None:
    resource = "/v1/uploads/{upload_id}/calculations"
    upload_id, first = published_upload(tenant.context, SAMPLE, part_rows=100)
    second = _recalculated_and_published(tenant, upload_id, "AR6")
    readers = [
        editor,
        Caller(tenant, Role.VIEWER, clock, "vi@acme.example"),
        Caller(tenant, Role.AUDITOR, clock, "au@acme.example"),
        Caller(tenant, Role.ADMIN, clock, ""),
    ]
    for reader in readers:
        status, listed = reader.call("GET", resource, upload_id=upload_id)
        assert status == 200, listed
        assert listed["upload_id"] == upload_id
        assert [(c["calculation_id"], c["status"]) for c in listed["calculations"]] == [
            (second, "published"),
            (first, "superseded"),
        ]
    newest = listed["calculations"][0]
    assert (newest["gwp_set"], newest["editions"]) == ("AR6", ["epa_hub-2025"])
    assert newest["totals"] == {"gwp_set": "AR6", "co2e_kg": 12.5}
    assert newest["published_at"]


def test_calculations_of_an_upload_not_there_or_another_tenant_s_are_not_found(
    editor: Caller, tenant: Tenant, clock: Clock, uploads: UploadsStack
) -> None:
    resource = "/v1/uploads/{upload_id}/calculations"
    upload_id, _ = published_upload(tenant.context, SAMPLE, part_rows=100)
    stranger = Caller(make_tenant("Globex", "admin@globex.example", clock), Role.ADMIN, clock, "")
    for caller, wanted in ((stranger, upload_id), (editor, new_upload_id())):
        status, refused = caller.call("GET", resource, upload_id=wanted)
        assert status == 404
        assert refused["error"]["details"]["field"] == "upload_id"
    assert editor.call("GET", resource, upload_id="not-an-upload")[0] == 400


def test_an_upload_not_yet_published_lists_no_calculation(editor: Caller) -> None:
    _, body = editor.call("POST", raw=SAMPLE, content_type="text/csv")
    status, listed = editor.call(
        "GET", "/v1/uploads/{upload_id}/calculations", upload_id=body["upload_id"]
    )
    assert (status, listed["calculations"]) == (200, [])


def test_an_upload_withdrawn_for_personal_data_says_why_and_lists_no_calculation(
    editor: Caller, tenant: Tenant
) -> None:
    context = tenant.context
    upload_id, published = published_upload(context, SAMPLE, part_rows=100)
    store = UploadStore(context)
    store.start_calculation(upload_id, "c-again", "AR5")
    store.mark_validating(upload_id, "c-again")
    store.mark_calculating(upload_id, "c-again", rows_total=1, parts=1)
    findings = [{"row": 4, "column": "reference", "kind": "email"}]
    rejection.reject_personal_data(context, upload_id, "c-again", findings, 1)
    _, shown = editor.call("GET", "/v1/uploads/{upload_id}", upload_id=upload_id)
    assert (shown["status"], shown["reason"], shown["withdrawn_calculation"]) == (
        Status.REJECTED.value,
        "personal_data",
        published,
    )
    assert (shown["current_calculation"], shown["totals"], shown["errors"]) == (
        None,
        None,
        findings,
    )
    _, listed = editor.call("GET", "/v1/uploads/{upload_id}/calculations", upload_id=upload_id)
    assert listed["calculations"] == []
