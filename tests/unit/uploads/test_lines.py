"""Lines a page at a time, an upload's or a filter's across uploads: every line kept once
across parts and uploads, and a position from before a recalculation refused."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from footprint.adapters.published_index import PublishedIndex
from footprint.adapters.upload_records import UploadStore
from footprint.domain.errors import Conflict, NotFound
from footprint.domain.ids import new_upload_id
from footprint.domain.results import LineFilter
from footprint.domain.tenancy import TenantContext
from footprint.uploads import calculation
from footprint.uploads import lines as lines_service
from footprint.uploads.lines import read_filtered_lines, read_lines
from tests.support.identity import Tenant
from tests.support.uploads import UploadsStack, published_upload, received_upload

TEMPLATES = Path(__file__).parents[3] / "layers/footprint/footprint/data/templates"
SAMPLE = (TEMPLATES / "activity-template.csv").read_bytes()
ROWS = len(list(csv.DictReader(io.StringIO(SAMPLE.decode("utf-8")))))


@pytest.mark.parametrize("limit", [1, 2, 3, ROWS, 1000])
def test_pages_across_parts_give_every_line_once_in_order(
    tenant: Tenant, uploads: UploadsStack, limit: int
) -> None:
    upload_id, calculation_id = published_upload(tenant.context, SAMPLE, part_rows=2)
    seen, position, pages = [], None, 0
    while True:
        page = read_lines(tenant.context, upload_id, limit, position)
        assert page.calculation_id == calculation_id
        assert len(page.lines) <= limit
        seen.extend(line["row"] for line in page.lines)
        pages += 1
        if page.following is None:
            break
        position = page.following
    assert seen == list(range(2, ROWS + 2))
    assert pages == -(-ROWS // limit)


def test_a_position_from_before_a_recalculation_is_refused(
    tenant: Tenant, uploads: UploadsStack
) -> None:
    upload_id, _ = published_upload(tenant.context, SAMPLE, part_rows=2)
    first = read_lines(tenant.context, upload_id, 1, None)
    assert first.following is not None
    again = calculation.recalculate(tenant.context, upload_id, None)
    store = UploadStore(tenant.context)
    store.mark_validating(upload_id, str(again.calculation_id))
    store.mark_calculating(upload_id, str(again.calculation_id), rows_total=0, parts=0)
    PublishedIndex(tenant.context).publish(
        upload_id, str(again.calculation_id), totals={}, months=[]
    )
    with pytest.raises(Conflict):
        read_lines(tenant.context, upload_id, 1, first.following)


def test_an_upload_without_a_published_calculation_has_no_lines(
    tenant: Tenant, uploads: UploadsStack
) -> None:
    with pytest.raises(NotFound):
        read_lines(tenant.context, new_upload_id(), 10, None)
    received = received_upload(UploadStore(tenant.context))
    with pytest.raises(NotFound):
        read_lines(tenant.context, received, 10, None)


# The sample's rows moved to March: a second upload, in other months.
MARCH = SAMPLE.replace(b"2025-01-01", b"2025-03-01").replace(b"2025-01-31", b"2025-03-31")


def _every_page(
    context: TenantContext, where: LineFilter, limit: int
) -> tuple[list[tuple[str, int]], int]:
    """(upload, row) of every line the filter's pages give, and how many pages it took."""
    seen, position, pages = [], None, 0
    while True:
        page = read_filtered_lines(context, where, limit, position)
        assert page.upload_id is None
        assert len(page.lines) <= limit
        seen += [(line["upload_id"], line["row"]) for line in page.lines]
        pages += 1
        if page.following is None:
            return seen, pages
        position = page.following


@pytest.fixture
def two_uploads(tenant: Tenant, uploads: UploadsStack) -> dict[str, list[dict[str, Any]]]:
    """Every line of a January upload and of a March one, by upload id."""
    found = {}
    for body in (SAMPLE, MARCH):
        upload_id, _ = published_upload(tenant.context, body, part_rows=2)
        found[upload_id] = read_lines(tenant.context, upload_id, 1000, None).lines
    return found


@pytest.mark.parametrize(
    ("where", "kept"),
    [
        (LineFilter("2025-01", "2025-01"), lambda line: line["period_start"] < "2025-02"),
        (LineFilter("2025-01", "2025-03", scope=3), lambda line: line["scope"] == 3),
        (
            LineFilter("2025-02", "2025-12", category="electricity"),
            lambda line: line["period_start"] > "2025-02" and line["category"] == "electricity",
        ),
        (LineFilter("2024-01", "2025-12", facility="HQ"), lambda line: line["facility"] == "HQ"),
        (LineFilter("2024-01", "2024-12"), lambda line: False),
    ],
)
def test_a_filter_keeps_the_lines_behind_its_total_across_uploads(
    tenant: Tenant,
    two_uploads: dict[str, list[dict[str, Any]]],
    where: LineFilter,
    kept: Callable[[dict[str, Any]], bool],
) -> None:
    expected = sorted(
        (upload_id, line["row"])
        for upload_id, lines in two_uploads.items()
        for line in lines
        if kept(line)
    )
    seen, _ = _every_page(tenant.context, where, 1000)
    assert seen == expected
    if where.first_month == "2025-01" and where.scope is None:
        assert len(seen) == ROWS  # the January upload only


def test_a_sparse_filter_pages_by_what_it_looked_at_and_still_gives_every_line_once(
    tenant: Tenant,
    two_uploads: dict[str, list[dict[str, Any]]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    where = LineFilter("2025-01", "2025-12", category="business_travel")
    everything, _ = _every_page(tenant.context, where, 1000)
    assert len(everything) == 2  # one a month
    monkeypatch.setattr(lines_service, "EXAMINED_PER_PAGE", 3)
    seen, pages = _every_page(tenant.context, where, 1)
    assert seen == everything
    assert pages > len(everything)  # short pages, some empty, each with where to go on
