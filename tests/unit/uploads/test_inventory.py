"""The inventory's published aggregates: a span is checked before anything is read, and
only published calculations count."""

from __future__ import annotations

from pathlib import Path

import pytest

from footprint.adapters.upload_records import UploadStore
from footprint.domain.errors import InvalidInput
from footprint.domain.inventory import KEY_DIMENSIONS
from footprint.uploads.inventory import MAX_SPAN_MONTHS, published_aggregates
from tests.support.identity import Tenant
from tests.support.uploads import UploadsStack, published_upload, received_upload

TEMPLATES = Path(__file__).parents[3] / "layers/footprint/footprint/data/templates"
SAMPLE = (TEMPLATES / "activity-template.csv").read_bytes()


@pytest.mark.parametrize(
    ("start", "end"), [("2025-02", "2025-01"), ("2015-01", "2025-01"), ("2025-13", "2025-12")]
)
def test_a_span_that_is_backwards_too_long_or_no_month_is_refused(
    tenant: Tenant, uploads: UploadsStack, start: str, end: str
) -> None:
    with pytest.raises(InvalidInput):
        published_aggregates(tenant.context, start, end, KEY_DIMENSIONS)


def test_the_longest_span_is_read(tenant: Tenant, uploads: UploadsStack) -> None:
    assert MAX_SPAN_MONTHS == 120
    assert published_aggregates(tenant.context, "2016-01", "2025-12", KEY_DIMENSIONS).sums == {}


def test_only_published_calculations_count(tenant: Tenant, uploads: UploadsStack) -> None:
    received_upload(UploadStore(tenant.context))
    assert published_aggregates(tenant.context, "2025-01", "2025-12", ["scope"]).sums == {}
    published_upload(tenant.context, SAMPLE, part_rows=100)
    summed = published_aggregates(tenant.context, "2025-01", "2025-12", ["scope"])
    assert summed.sums
