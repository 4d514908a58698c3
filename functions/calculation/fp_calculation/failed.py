"""Mark the upload failed, with a reason a user can act on and no internals."""

from __future__ import annotations

from typing import Any

from footprint.adapters.upload_records import UploadStore
from fp_calculation.job import Job, step

# Step Functions error names a user may see; anything else is reported as an internal error.
_PUBLIC_REASONS = {
    "States.Timeout": "the calculation took too long",
    "TransientError": "a service was unavailable after several retries",
    "Lambda.TooManyRequestsException": "the service was busy after several retries",
}


def _failed(job: Job, event: dict[str, Any]) -> dict[str, Any]:
    error = (event.get("error") or {}).get("Error", "")
    reason = _PUBLIC_REASONS.get(error, "an internal error stopped the calculation")
    UploadStore(job.context).mark_failed(job.upload_id, job.calculation_id, reason=reason)
    return {"failed": job.calculation_id, "reason": reason}


lambda_handler = step(_failed)
