"""Make a calculation the upload's current one, then clear away what it replaces.

The switch is one conditional write on the upload record, so readers see either the old
result or the new one, never a mix, and the previous result stays readable until then.
Afterwards the previous calculation's aggregates are deleted, and its files but its per-line
results, which stay for comparing calculations (``GET /v1/uploads/{upload_id}/calculations``)
until it falls off the upload's list of kept calculations; every file of one that fell off is
deleted, and so are the aggregates and every calculation of an earlier upload this one
replaced (its record keeps its totals). Every deletion is idempotent, so a retried publish
finishes a clearing that was cut short.
"""

from __future__ import annotations

from typing import Any

from footprint.adapters import calculation_files
from footprint.adapters.aggregates import AggregateStore
from footprint.adapters.published_index import PublishedIndex
from footprint.adapters.tenant_objects import TenantObjects
from footprint.domain import object_keys
from fp_calculation.job import Job, step


def _publish(job: Job, event: dict[str, Any]) -> dict[str, Any]:
    context = job.context
    index = PublishedIndex(context)
    objects = TenantObjects(context)
    aggregates = AggregateStore(context)
    aggregate = event["aggregate"]
    previous = index.publish(
        job.upload_id,
        job.calculation_id,
        totals=aggregate["totals"],
        months=aggregate["months"],
        # An execution started before the aggregate step answered editions has none.
        editions=aggregate.get("editions", []),
    )
    if previous is not None and previous.calculation_id != job.calculation_id:
        aggregates.delete(job.upload_id, previous.months, previous.calculation_id)
        calculation_files.keep_results_only(objects, job.upload_id, previous.calculation_id)
        for expired in previous.expired:
            objects.delete_versions(object_keys.calculation_prefix(context, job.upload_id, expired))
    withdrawn = index.withdrawn_by(job.upload_id)
    if withdrawn is not None:
        aggregates.delete(withdrawn.upload_id, withdrawn.months)
        objects.delete_versions(object_keys.calculations_prefix(context, withdrawn.upload_id))
    return {"published": job.calculation_id}


lambda_handler = step(_publish)
