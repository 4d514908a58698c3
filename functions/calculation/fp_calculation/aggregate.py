"""Add up the parts: reject the upload if any part found personal data (withdrawing it from
every total if it was published: ``footprint.uploads.rejection``) or row errors, otherwise
write the calculation's aggregates (not yet visible: publish makes them so)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any

from footprint.adapters import calculation_files
from footprint.adapters.aggregates import AggregateStore
from footprint.adapters.tenant_objects import TenantObjects
from footprint.adapters.transient import TransientError
from footprint.adapters.upload_records import UploadStore
from footprint.domain import object_keys
from footprint.domain.batch import MAX_ERRORS_KEPT
from footprint.domain.inventory import SummedAggregates, summarise
from footprint.uploads import rejection
from fp_calculation.job import Job, step


def _aggregate(job: Job, event: dict[str, Any]) -> dict[str, Any]:
    context = job.context
    upload = UploadStore(context).require(job.upload_id)
    if rejection.rejected_for_personal_data(upload, job.calculation_id):
        rejection.delete_everything(context, upload)  # a repeat finishes a deletion cut short
        return {"accepted": False, "reason": rejection.PERSONAL_DATA}
    objects = TenantObjects(context)
    expected = int(event["validation"]["parts"])
    keys = objects.list_keys(
        object_keys.aggregates_prefix(context, job.upload_id, job.calculation_id)
    )
    if len(keys) != expected:
        raise TransientError(f"{len(keys)} of {expected} parts are in")
    with ThreadPoolExecutor(max_workers=8) as pool:
        parts = list(pool.map(partial(calculation_files.read_json, objects), keys))
    findings = [finding for part in parts for finding in part["personal_data"]]
    if findings:
        rejection.reject_personal_data(
            context, job.upload_id, job.calculation_id, findings[:MAX_ERRORS_KEPT], len(findings)
        )
        return {"accepted": False, "reason": rejection.PERSONAL_DATA}
    error_count = sum(int(part["error_count"]) for part in parts)
    if error_count:
        errors = sorted(
            (error for part in parts for error in part["errors"]), key=lambda e: e["row"]
        )[:MAX_ERRORS_KEPT]
        objects.delete_versions(
            object_keys.calculation_prefix(context, job.upload_id, job.calculation_id)
        )
        UploadStore(context).mark_rejected(
            job.upload_id,
            job.calculation_id,
            reason="invalid_rows",
            errors=errors,
            error_count=error_count,
        )
        return {"accepted": False, "reason": "invalid_rows"}
    aggregates = SummedAggregates.of_tables(part["aggregates"] for part in parts)
    AggregateStore(context).write(job.upload_id, job.calculation_id, aggregates)
    summary = summarise(aggregates, "scope", job.checked_gwp_set())
    return {
        "accepted": True,
        "months": aggregates.months(),
        "totals": {
            "gwp_set": summary["gwp_set"],
            "co2e_kg": summary["totals"]["co2e_kg"],
            "co2e_market_based_kg": summary["totals"]["co2e_market_based_kg"],
            "by_scope": {group["key"]: group["co2e_kg"] for group in summary["groups"]},
        },
        # Beside the totals, not in them: the upload's list of calculations names them.
        "editions": summary["editions"],
    }


lambda_handler = step(_aggregate)
