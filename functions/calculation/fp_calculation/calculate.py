"""Calculate one part: screen it for personal data, calculate every record, write the part's
results and aggregates. Rewriting the same part writes the same objects, so a retry after a
timeout changes nothing."""

from __future__ import annotations

from typing import Any

from footprint.adapters import calculations
from footprint.adapters.uploads import UploadStore
from footprint.domain import object_keys
from footprint.domain.batch import calculate_part
from footprint.domain.uploads.pii import screen
from fp_calculation.job import Job, step


def _part(job: Job, event: dict[str, Any]) -> dict[str, Any]:
    context = job.context
    key = str(event["key"])
    if not key.startswith(object_keys.parts_prefix(context, job.upload_id, job.calculation_id)):
        raise ValueError("the part key is outside this calculation")
    index = object_keys.part_index(key)
    records = [(int(row), record) for row, record in calculations.read_jsonl_gz(key)]
    findings = [finding.to_dict() for finding in screen(records)]
    summary: dict[str, Any]
    if findings:
        # Nothing from a part holding personal data is calculated or copied anywhere.
        summary = {"rows": len(records), "errors": [], "error_count": 0, "aggregates": []}
    else:
        outcome = calculate_part(records, job.checked_gwp_set())
        summary = outcome.summary()
        if outcome.error_count == 0:
            calculations.write_jsonl_gz(
                object_keys.results_key(context, job.upload_id, job.calculation_id, index),
                outcome.lines,
            )
    summary["personal_data"] = findings
    calculations.write_json(
        object_keys.aggregates_key(context, job.upload_id, job.calculation_id, index), summary
    )
    UploadStore(context).mark_part_done(job.upload_id, job.calculation_id, index, len(records))
    return {"part": index, "rows": len(records), "errors": summary["error_count"]}


lambda_handler = step(_part)
