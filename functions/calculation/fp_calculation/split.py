"""Split the file into part objects of at most ``FOOTPRINT_PART_ROWS`` records each, in one
streaming pass; the Distributed Map then calculates the parts in parallel."""

from __future__ import annotations

import itertools
import os
from typing import Any

from footprint.adapters import calculations
from footprint.adapters.uploads import UploadStore
from footprint.domain import object_keys
from footprint.domain.uploads.parsing import FileFormat, iter_rows
from fp_calculation.job import Job, step
from fp_calculation.source import open_source

DEFAULT_PART_ROWS = 50_000


def _split(job: Job, event: dict[str, Any]) -> dict[str, Any]:
    context = job.context
    part_rows = int(os.environ.get("FOOTPRINT_PART_ROWS", DEFAULT_PART_ROWS))
    store = UploadStore(context)
    upload = store.require(job.upload_id)
    prefix = object_keys.parts_prefix(context, job.upload_id, job.calculation_id)
    # A re-run starts from a clean slate, so no part of an earlier split is mapped twice.
    calculations.delete_prefix(
        object_keys.calculation_prefix(context, job.upload_id, job.calculation_id)
    )
    rows_total = parts = 0
    with open_source(context, upload) as source:
        rows = iter_rows(source, FileFormat(event["validation"]["format"]), upload.sheet)
        while chunk := list(itertools.islice(rows, part_rows)):
            calculations.write_jsonl_gz(
                object_keys.part_key(context, job.upload_id, job.calculation_id, parts), chunk
            )
            parts += 1
            rows_total += len(chunk)
    store.mark_calculating(job.upload_id, job.calculation_id, rows_total=rows_total, parts=parts)
    return {
        "bucket": calculations.bucket(),
        "prefix": prefix,
        "parts": parts,
        "rows_total": rows_total,
    }


lambda_handler = step(_split)
