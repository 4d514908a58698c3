"""An upload's lines, a page at a time: every line once across parts, and a position from
before a recalculation refused."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from footprint.adapters.published_index import PublishedIndex
from footprint.adapters.upload_records import UploadStore
from footprint.domain.errors import Conflict, NotFound
from footprint.domain.ids import new_upload_id
from footprint.uploads import calculation
from footprint.uploads.lines import read_lines
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
