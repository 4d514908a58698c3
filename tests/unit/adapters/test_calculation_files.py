"""A calculation's files in S3: a superseded calculation keeps its per-line results only."""

from __future__ import annotations

from footprint.adapters import calculation_files
from footprint.adapters.tenant_objects import TenantObjects
from footprint.domain import object_keys
from tests.support.identity import Tenant
from tests.support.uploads import UploadsStack, published_upload, write_parts

BODY = (
    b"facility,period_start,period_end,category,activity,quantity,unit,region\n"
    b"Plant 1,2024-01-01,2024-12-31,electricity,grid,100,MWh,CAMX\n"
    b"Plant 2,2024-01-01,2024-12-31,electricity,grid,7,MWh,NYUP\n"
)


def test_keeping_results_only_deletes_every_version_of_the_parts_and_aggregates(
    tenant: Tenant, uploads: UploadsStack
) -> None:
    context = tenant.context
    objects = TenantObjects(context)
    upload_id, calculation_id = published_upload(context, BODY, part_rows=1)
    write_parts(context, upload_id, calculation_id, BODY, 1)
    for index in range(2):
        key = object_keys.aggregates_key(context, upload_id, calculation_id, index)
        calculation_files.write_json(objects, key, {"part": index})
        calculation_files.write_json(objects, key, {"part": index, "again": True})
    results = calculation_files.results_keys(objects, upload_id, calculation_id)
    assert len(results) == 2
    # Two parts, and two aggregates of two versions each.
    assert calculation_files.keep_results_only(objects, upload_id, calculation_id) == 6
    prefix = object_keys.calculation_prefix(context, upload_id, calculation_id)
    assert objects.list_keys(prefix) == results
