"""Make a calculation the upload's current one, then clear away the one it replaces.

The switch is one conditional write on the upload record, so readers see either the old
result or the new one, never a mix, and the previous result stays readable until then.
"""

from __future__ import annotations

from typing import Any

from footprint.adapters import calculations
from footprint.adapters.uploads import UploadStore
from footprint.domain import object_keys
from fp_calculation.job import Job, step


def _publish(job: Job, event: dict[str, Any]) -> dict[str, Any]:
    context = job.context
    aggregate = event["aggregate"]
    previous = UploadStore(context).publish(
        job.upload_id, job.calculation_id, totals=aggregate["totals"], months=aggregate["months"]
    )
    if previous is not None and previous.calculation_id != job.calculation_id:
        calculations.AggregateStore(context).delete(
            job.upload_id, previous.calculation_id, previous.months
        )
        calculations.delete_prefix(
            object_keys.calculation_prefix(context, job.upload_id, previous.calculation_id)
        )
    return {"published": job.calculation_id}


lambda_handler = step(_publish)
