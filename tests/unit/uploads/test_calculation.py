"""Starting a calculation: a recalculation records a new calculation id and starts it, under
the set asked for or the upload's own, and only from a published result."""

from __future__ import annotations

from pathlib import Path

import pytest

from footprint.adapters.upload_records import UploadStore
from footprint.domain.errors import Conflict, NotFound
from footprint.domain.ids import new_upload_id
from footprint.domain.uploads.lifecycle import Status
from footprint.uploads import calculation
from tests.support.identity import Tenant
from tests.support.uploads import UploadsStack, executions, published_upload, received_upload

TEMPLATES = Path(__file__).parents[3] / "layers/footprint/footprint/data/templates"
SAMPLE = (TEMPLATES / "activity-template.csv").read_bytes()


def test_a_recalculation_starts_a_new_calculation_and_keeps_the_published_one(
    tenant: Tenant, uploads: UploadsStack
) -> None:
    upload_id, published = published_upload(tenant.context, SAMPLE, part_rows=100)
    again = calculation.recalculate(tenant.context, upload_id, "AR6")
    assert (again.status, again.current_calculation, again.gwp_set) == (
        Status.RECEIVED,
        published,
        "AR6",
    )
    assert again.calculation_id != published
    (execution,) = executions(uploads)
    assert (execution["name"], execution["gwp_set"]) == (again.calculation_id, "AR6")


def test_a_recalculation_keeps_the_upload_s_own_set_unless_asked(
    tenant: Tenant, uploads: UploadsStack
) -> None:
    upload_id, _ = published_upload(tenant.context, SAMPLE, part_rows=100)
    assert calculation.recalculate(tenant.context, upload_id, None).gwp_set == "AR5"


def test_only_a_published_upload_is_recalculated_one_calculation_at_a_time(
    tenant: Tenant, uploads: UploadsStack
) -> None:
    with pytest.raises(NotFound):
        calculation.recalculate(tenant.context, new_upload_id(), None)
    received = received_upload(UploadStore(tenant.context))
    with pytest.raises(Conflict):
        calculation.recalculate(tenant.context, received, None)
    upload_id, _ = published_upload(tenant.context, SAMPLE, part_rows=100)
    calculation.recalculate(tenant.context, upload_id, None)
    with pytest.raises(Conflict):
        calculation.recalculate(tenant.context, upload_id, None)  # the first still runs
    assert len(executions(uploads)) == 1


def test_start_leaves_an_upload_that_is_not_waiting_for_its_calculation(
    tenant: Tenant, uploads: UploadsStack
) -> None:
    store = UploadStore(tenant.context)
    upload_id = received_upload(store)
    assert calculation.start(tenant.context, store.require(upload_id))
    store.mark_validating(upload_id, "c1")
    assert not calculation.start(tenant.context, store.require(upload_id))
    assert [e["name"] for e in executions(uploads)] == ["c1"]
