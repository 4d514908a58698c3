"""Check the file as a whole before any row is calculated: it exists, it is a format we
read, and its header has the activity format's columns. Row-level validation happens in each
part, in parallel (a 10,000,000-row file is validated by many functions at once)."""

from __future__ import annotations

from typing import Any

from footprint.adapters.uploads import UploadStore
from footprint.domain.errors import InvalidInput
from footprint.domain.uploads.parsing import detect_format, iter_rows
from fp_calculation.job import Job, step
from fp_calculation.source import open_source


def _validate(job: Job, event: dict[str, Any]) -> dict[str, Any]:
    store = UploadStore(job.context)
    upload = store.mark_validating(job.upload_id, job.calculation_id)
    try:
        file_format = detect_format(upload.filename, upload.content_type)
        with open_source(job.context, upload) as source:
            # The first row proves the header and the reader; the parts check every row.
            if next(iter(iter_rows(source, file_format, upload.sheet)), None) is None:
                raise InvalidInput("the file has no data rows", row=2)
    except InvalidInput as error:
        problem = {
            "row": error.details.get("row", 1),
            "column": error.details.get("column") or error.details.get("field"),
            "message": error.message,
        }
        store.mark_rejected(
            job.upload_id,
            job.calculation_id,
            reason="invalid_file",
            errors=[problem],
            error_count=1,
        )
        return {"valid": False}
    return {"valid": True, "format": file_format.value}


lambda_handler = step(_validate)
