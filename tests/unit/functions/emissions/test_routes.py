"""The Emissions function's routes: who may read, the summary and export of what was
published, per-line results paged by a tenant-bound cursor, the factor library."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from footprint.domain.ids import new_upload_id
from footprint.domain.tenancy import Role
from footprint.uploads import calculation
from tests.support.clock import Clock
from tests.support.handlers import invoke, proxy_event
from tests.support.identity import Tenant, add_member, authorizer_context, make_tenant
from tests.support.uploads import UploadsStack, published_upload

MODULE = "fp_emissions.app"
TEMPLATES = Path(__file__).parents[4] / "layers/footprint/footprint/data/templates"
SAMPLE = (TEMPLATES / "activity-template.csv").read_bytes()
ROWS = len(list(csv.DictReader(io.StringIO(SAMPLE.decode("utf-8")))))
YEAR = {"from": "2025-01", "to": "2025-12"}


def _caller(tenant: Tenant, role: Role, clock: Clock, email: str = "") -> dict[str, str]:
    if role is Role.ADMIN:
        return authorizer_context(tenant.context, tenant.admin_id, role, tenant.admin_tokens)
    user_id, tokens = add_member(tenant, role, email, clock)
    return authorizer_context(tenant.context, user_id, role, tokens)


def _get(
    authorizer: dict[str, str], resource: str, query: dict[str, str] | None = None
) -> tuple[int, dict[str, Any], dict[str, Any]]:
    """(status, JSON body or {"text": ...}, headers) of a GET."""
    from local.lambdas import LambdaContext

    event = proxy_event("GET", resource, authorizer=authorizer)
    if query:
        event["queryStringParameters"] = query
        event["multiValueQueryStringParameters"] = {k: [v] for k, v in query.items()}
    if resource != "/v1/emissions/export":
        status, body = invoke(MODULE, event)
        return status, body, {}
    import importlib

    result = importlib.import_module(MODULE).lambda_handler(event, LambdaContext(MODULE, 1024, 25))
    headers = {k.lower(): v for k, v in (result.get("headers") or {}).items()}
    for name, values in (result.get("multiValueHeaders") or {}).items():
        headers[name.lower()] = ", ".join(values)
    text = result.get("body") or ""
    body = {"text": text} if result["statusCode"] == 200 else json.loads(text)
    return int(result["statusCode"]), body, headers


@pytest.fixture
def viewer(tenant: Tenant, clock: Clock, uploads: UploadsStack) -> dict[str, str]:
    return _caller(tenant, Role.VIEWER, clock, "vi@acme.example")


def test_every_role_reads_the_summary_of_what_was_published(
    tenant: Tenant, clock: Clock, uploads: UploadsStack
) -> None:
    published_upload(tenant.context, SAMPLE, part_rows=100)
    for role, email in [
        (Role.ADMIN, ""),
        (Role.EDITOR, "ed@a.example"),
        (Role.AUDITOR, "au@a.example"),
    ]:
        status, summary, _ = _get(
            _caller(tenant, role, clock, email), "/v1/emissions/summary", YEAR
        )
        assert status == 200, summary
        assert summary["totals"]["co2e_kg"] > 0
        assert (summary["from"], summary["to"], summary["group_by"]) == (
            "2025-01",
            "2025-12",
            "scope",
        )


def test_another_tenant_s_summary_holds_nothing_of_ours(
    tenant: Tenant, clock: Clock, uploads: UploadsStack
) -> None:
    published_upload(tenant.context, SAMPLE, part_rows=100)
    other = make_tenant("Globex", "admin@globex.example", clock)
    status, summary, _ = _get(_caller(other, Role.ADMIN, clock), "/v1/emissions/summary", YEAR)
    assert status == 200
    assert summary["totals"]["co2e_kg"] == 0.0
    assert summary["groups"] == []


@pytest.mark.parametrize(
    "query",
    [
        {"from": "2025-02", "to": "2025-01"},
        {"from": "2015-01", "to": "2025-01"},
        {"from": "2025-1", "to": "2025-12"},
        {"from": "2025-01", "to": "2025-12", "group_by": "colour"},
        {"from": "2025-01", "to": "2025-12", "gwp": "AR3"},
    ],
)
def test_a_summary_of_an_impossible_span_or_grouping_is_refused(
    viewer: dict[str, str], query: dict[str, str]
) -> None:
    status, body, _ = _get(viewer, "/v1/emissions/summary", query)
    assert status == 400, body


def test_the_export_is_an_inventory_csv_named_after_its_span(
    tenant: Tenant, viewer: dict[str, str]
) -> None:
    published_upload(tenant.context, SAMPLE, part_rows=100)
    status, body, headers = _get(viewer, "/v1/emissions/export", YEAR)
    assert status == 200
    assert headers["content-type"].startswith("text/csv")
    assert headers["content-disposition"] == 'attachment; filename="inventory-2025-01-2025-12.csv"'
    rows = list(csv.reader(io.StringIO(body["text"])))
    assert len(rows) > 1
    assert all(len(row) == len(rows[0]) for row in rows)


def test_lines_page_through_every_row_and_a_cursor_stays_with_its_tenant(
    tenant: Tenant, clock: Clock, viewer: dict[str, str]
) -> None:
    upload_id, calculation_id = published_upload(tenant.context, SAMPLE, part_rows=2)
    query = {"upload_id": upload_id, "limit": "3"}
    rows: list[int] = []
    cursor = None
    while True:
        status, page, _ = _get(
            viewer, "/v1/emissions/lines", {**query, **({"cursor": cursor} if cursor else {})}
        )
        assert status == 200, page
        assert page["calculation_id"] == calculation_id
        rows += [line["row"] for line in page["lines"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert rows == list(range(2, ROWS + 2))
    _, first, _ = _get(viewer, "/v1/emissions/lines", query)
    stranger = _caller(make_tenant("Globex", "admin@globex.example", clock), Role.ADMIN, clock)
    status, _, _ = _get(stranger, "/v1/emissions/lines", {**query, "cursor": first["next_cursor"]})
    assert status in (400, 404)
    status, _, _ = _get(stranger, "/v1/emissions/lines", {"upload_id": upload_id})
    assert status == 404


def test_a_lines_cursor_from_before_a_recalculation_is_a_conflict(
    tenant: Tenant, viewer: dict[str, str]
) -> None:
    from footprint.adapters.published_index import PublishedIndex
    from footprint.adapters.upload_records import UploadStore

    upload_id, _ = published_upload(tenant.context, SAMPLE, part_rows=2)
    _, first, _ = _get(viewer, "/v1/emissions/lines", {"upload_id": upload_id, "limit": "1"})
    again = str(calculation.recalculate(tenant.context, upload_id, None).calculation_id)
    store = UploadStore(tenant.context)
    store.mark_validating(upload_id, again)
    store.mark_calculating(upload_id, again, rows_total=0, parts=0)
    PublishedIndex(tenant.context).publish(upload_id, again, totals={}, months=[])
    status, body, _ = _get(
        viewer, "/v1/emissions/lines", {"upload_id": upload_id, "cursor": first["next_cursor"]}
    )
    assert status == 409, body


@pytest.mark.parametrize(("upload_id", "status"), [("not-an-upload", 400), (None, 404)])
def test_lines_of_a_malformed_or_unknown_upload(
    viewer: dict[str, str], upload_id: str | None, status: int
) -> None:
    answer, _, _ = _get(viewer, "/v1/emissions/lines", {"upload_id": upload_id or new_upload_id()})
    assert answer == status


def test_the_factor_library_is_searched(viewer: dict[str, str]) -> None:
    status, found, _ = _get(viewer, "/v1/factors", {"q": "natural gas", "limit": "5"})
    assert status == 200
    assert 0 < len(found["factors"]) <= 5 <= found["count"]


def test_no_route_answers_without_a_verified_caller(uploads: UploadsStack) -> None:
    for resource, query in [
        ("/v1/emissions/summary", YEAR),
        ("/v1/emissions/lines", {"upload_id": new_upload_id()}),
        ("/v1/factors", {}),
    ]:
        status, _, _ = _get({}, resource, query)
        assert status in (401, 403), resource


def test_the_lines_behind_a_total_are_filtered_and_their_cursor_bound_to_the_filter(
    tenant: Tenant, viewer: dict[str, str]
) -> None:
    upload_id, _ = published_upload(tenant.context, SAMPLE, part_rows=2)
    scope_3 = {**YEAR, "scope": "3", "limit": "1"}
    status, first, _ = _get(viewer, "/v1/emissions/lines", scope_3)
    assert status == 200, first
    assert (first["upload_id"], first["calculation_id"]) == (None, None)
    ((line,),) = [first["lines"]]
    assert (line["upload_id"], line["scope"]) == (upload_id, 3)
    cursor = first["next_cursor"]
    status, second, _ = _get(viewer, "/v1/emissions/lines", {**scope_3, "cursor": cursor})
    assert status == 200
    assert [ln["scope"] for ln in second["lines"]] == [3]
    status, body, _ = _get(viewer, "/v1/emissions/lines", {**YEAR, "cursor": cursor})
    assert (status, body["error"]["details"]["field"]) == (400, "cursor")  # another listing
    status, mine, _ = _get(viewer, "/v1/emissions/lines", {"upload_id": upload_id, "scope": "3"})
    assert [ln["row"] for ln in mine["lines"]] == [
        ln["row"] for ln in first["lines"] + second["lines"]
    ]


@pytest.mark.parametrize(
    ("query", "field"), [({}, "upload_id"), ({"from": "2025-01"}, "to"), ({"scope": "4"}, "scope")]
)
def test_lines_need_an_upload_or_a_span_of_months(
    viewer: dict[str, str], query: dict[str, str], field: str
) -> None:
    status, body, _ = _get(viewer, "/v1/emissions/lines", query)
    assert status == 400
    details = body["error"]["details"]
    named = [details["field"]] if "field" in details else [e["field"] for e in details["errors"]]
    assert named == [field]


def test_the_factor_library_is_searched_by_publisher_and_names_its_editions(
    viewer: dict[str, str],
) -> None:
    status, everything, _ = _get(viewer, "/v1/factors", {"limit": "1"})
    assert status == 200
    sources = {edition["source"] for edition in everything["editions"]}
    assert len(sources) > 1  # more than one publisher to choose from
    for source in sources:
        _, found, _ = _get(viewer, "/v1/factors", {"publisher": source, "limit": "200"})
        assert found["count"] > 0
        assert {factor["source"] for factor in found["factors"]} == {source}
    _, none, _ = _get(viewer, "/v1/factors", {"publisher": "no_such_publisher"})
    assert none["count"] == 0
