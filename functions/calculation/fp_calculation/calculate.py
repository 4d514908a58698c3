"""Calculate one part: screen it for personal data, calculate every row under the
uncertainty statement the calculation pinned, write the part's results and aggregates.
Rewriting the same part writes the same objects, so a retry after a timeout changes
nothing."""

from __future__ import annotations

from typing import Any

from footprint.adapters import calculation_files
from footprint.adapters.tenant_objects import TenantObjects
from footprint.adapters.upload_records import UploadStore
from footprint.domain import object_keys
from footprint.domain.batch import PartOutcome, calculate_part, calculate_table
from footprint.domain.uncertainty import Statement
from footprint.domain.uploads.parsing import read_table
from footprint.domain.uploads.pii import Finding, screen, screen_table
from fp_calculation.job import Job, step


def _part(job: Job, event: dict[str, Any]) -> dict[str, Any]:
    context = job.context
    objects = TenantObjects(context)
    key = str(event["key"])
    if not key.startswith(object_keys.parts_prefix(context, job.upload_id, job.calculation_id)):
        raise ValueError("the part key is outside this calculation")
    index = object_keys.part_index(key)
    rows, findings, outcome = _screened(objects, key, job.checked_gwp_set(), job.statement())
    summary: dict[str, Any]
    if outcome is None:
        # Nothing from a part holding personal data is calculated or copied anywhere.
        summary = {"rows": rows, "errors": [], "error_count": 0, "aggregates": []}
    else:
        summary = outcome.summary()
        if outcome.error_count == 0:
            calculation_files.write_json_gz(
                objects,
                object_keys.results_key(context, job.upload_id, job.calculation_id, index),
                outcome.results_document(),
            )
    summary["personal_data"] = [finding.to_dict() for finding in findings]
    calculation_files.write_json(
        objects,
        object_keys.aggregates_key(context, job.upload_id, job.calculation_id, index),
        summary,
    )
    UploadStore(context).mark_part_done(job.upload_id, job.calculation_id, index, rows)
    return {"part": index, "rows": rows, "errors": summary["error_count"]}


def _screened(
    objects: TenantObjects, key: str, gwp_set: str, statement: Statement
) -> tuple[int, list[Finding], PartOutcome | None]:
    """The part's rows, its personal-data findings and, only where there are none, its
    calculation."""
    if key.endswith(object_keys.TABLE_PART):
        part = calculation_files.read_table_part(objects, key)
        table = read_table(part.text, part.first_row)
        findings = screen_table(part.text, table)
        if findings:
            return len(table.rows), findings, None
        return (
            len(table.rows),
            [],
            calculate_table(table, gwp_set, statement),
        )
    records = [(int(row), record) for row, record in calculation_files.read_jsonl_gz(objects, key)]
    findings = screen(records)
    return len(records), findings, None if findings else calculate_part(records, gwp_set, statement)


lambda_handler = step(_part)
