"""The inventory's published aggregates: a span is checked before anything is read, only
published calculations count, and a summary reads the index with the aggregates: four
queries, a fifth only for a tenant that has published a long upload."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from botocore.model import OperationModel

from footprint.adapters.aggregates import AggregateStore
from footprint.adapters.aws import tenant_table
from footprint.adapters.published_index import PublishedIndex
from footprint.adapters.upload_records import UploadStore
from footprint.domain.errors import InvalidInput
from footprint.domain.ids import new_upload_id
from footprint.domain.inventory import KEY_DIMENSIONS, AggregateKey, SummedAggregates
from footprint.domain.tenancy import TenantContext
from footprint.domain.uploads.lifecycle import Status
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


@pytest.fixture
def dynamodb_calls(tenant: Tenant, uploads: UploadsStack) -> Iterator[Counter[str]]:
    """The DynamoDB operations the tenant's table client makes, by name, while counting."""
    calls: Counter[str] = Counter()

    def count(model: OperationModel, **_: Any) -> None:
        calls[model.name] += 1

    events = tenant_table(tenant.context.tenant_id).meta.client.meta.events
    events.register("before-call.dynamodb", count, unique_id="test-inventory-count")
    yield calls
    events.unregister("before-call.dynamodb", unique_id="test-inventory-count")


def _bill(
    context: TenantContext,
    months: Sequence[str],
    kg: float,
    *,
    replaces: str | None = None,
    publish: bool = True,
) -> str:
    """An upload of ``kg`` a month at each of four facilities (so every shard holds some),
    its aggregates written and, if ``publish``, published."""
    store = UploadStore(context)
    upload_id = new_upload_id()
    store.create(
        upload_id,
        filename="bill.csv",
        content_type="text/csv",
        file_format="csv",
        size=10,
        gwp_set="AR5",
        status=Status.RECEIVED,
        calculation_id="c1",
        replaces=replaces,
    )
    store.mark_validating(upload_id, "c1")
    store.mark_calculating(upload_id, "c1", rows_total=1, parts=1)
    keys = [
        AggregateKey(month, 1, 0, "stationary_combustion", f"Plant {plant}")
        for month in months
        for plant in range(4)
    ]
    bill = SummedAggregates(["co2e_kg"], {k: [kg] for k in keys}, {k: {"ed"} for k in keys})
    AggregateStore(context).write(upload_id, "c1", bill)
    if publish:
        PublishedIndex(context).publish(upload_id, "c1", totals={}, months=list(months))
    return upload_id


def _kg_by_month(context: TenantContext, start: str, end: str) -> dict[str, float]:
    summed = published_aggregates(context, start, end, ["month"])
    return {key.month: values[0] or 0.0 for key, values in summed.sums.items()}


def test_a_summary_reads_the_index_with_the_aggregates_in_four_queries(
    tenant: Tenant, dynamodb_calls: Counter[str]
) -> None:
    context = tenant.context
    _bill(context, ["2024-12", "2025-01"], 1.0)
    _bill(context, ["2025-02", "2025-03"], 10.0)
    _bill(context, ["2025-03"], 100.0)
    _bill(context, ["2025-03"], 1000.0, publish=False)  # calculated, never published
    _bill(context, ["2025-04"], 10000.0)  # after the span
    dynamodb_calls.clear()
    # Four facilities a bill: a month's figure is four times the bills published in it.
    assert _kg_by_month(context, "2025-01", "2025-03") == {
        "2025-01": 4.0,
        "2025-02": 40.0,
        "2025-03": 440.0,
    }
    # One query a shard (shard 0's answers the index entries too) and the read of the
    # long-upload marker: no query of an index of its own.
    assert dynamodb_calls == Counter({"Query": 4, "GetItem": 1})


def test_a_replaced_upload_drops_out_of_the_summary(
    tenant: Tenant, dynamodb_calls: Counter[str]
) -> None:
    context = tenant.context
    first = _bill(context, ["2025-01", "2025-02"], 1.0)
    _bill(context, ["2025-01"], 10.0, replaces=first)
    dynamodb_calls.clear()
    # The replaced upload's aggregates are still there (the publish step clears them after):
    # its entries went with its withdrawal, so it counts in no month.
    assert _kg_by_month(context, "2025-01", "2025-12") == {"2025-01": 40.0}
    assert dynamodb_calls == Counter({"Query": 4, "GetItem": 1})


def test_a_long_upload_counts_through_its_marker_and_a_fifth_query(
    tenant: Tenant, dynamodb_calls: Counter[str]
) -> None:
    context = tenant.context
    _bill(context, ["2025-02"], 10.0)
    months = [f"{m // 12}-{m % 12 + 1:02d}" for m in range(2022 * 12, 2025 * 12 + 4)]  # 40
    long = _bill(context, months, 1.0)
    dynamodb_calls.clear()
    assert _kg_by_month(context, "2025-02", "2025-06") == {
        "2025-02": 44.0,
        "2025-03": 4.0,
        "2025-04": 4.0,
    }
    assert dynamodb_calls == Counter({"Query": 5, "GetItem": 1})
    # Recalculated into a few months, it leaves its years; the marker stays (a query more).
    store = UploadStore(context)
    store.start_calculation(long, "c2", "AR5")
    store.mark_validating(long, "c2")
    store.mark_calculating(long, "c2", rows_total=1, parts=1)
    PublishedIndex(context).publish(long, "c2", totals={}, months=["2025-03"])
    dynamodb_calls.clear()
    assert _kg_by_month(context, "2025-02", "2025-06") == {"2025-02": 40.0}
    assert dynamodb_calls == Counter({"Query": 5, "GetItem": 1})
