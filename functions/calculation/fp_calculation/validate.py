"""Validate the file and split it into parts, in one streaming pass.

The pass checks what only the whole file can show: it exists, it is a format we read, its
header has the activity format's columns, and every row has the file's shape (encoding,
width, JSON records). Meanwhile the rows go to part objects of ``FOOTPRINT_PART_ROWS`` each
(CSV and XLSX rows as CSV text, JSON records as JSON lines), which the Distributed Map then
calculates in parallel; the checks of each record's values happen there. A structural error
anywhere rejects the upload with its row, and the parts written before it are deleted. One
pass rather than a check followed by a split: a 1 GB file is downloaded and parsed once.
The step also reads the tenant's uncertainty statement, once, and hands it to every part
through the map's input, so all parts take the same figures.
"""

from __future__ import annotations

import itertools
import os
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from functools import partial
from typing import Any

from footprint.adapters.calculation_files import write_jsonl_gz, write_table_part
from footprint.adapters.tenant_objects import TenantObjects, bucket
from footprint.adapters.upload_files import open_source
from footprint.adapters.upload_records import UploadStore
from footprint.baseline import uncertainty
from footprint.domain import object_keys
from footprint.domain.errors import InvalidInput
from footprint.domain.uncertainty import statement_document
from footprint.domain.uploads.parsing import FileFormat, detect_format, iter_rows, split_table
from fp_calculation.job import Job, step

DEFAULT_PART_ROWS = 100_000
RECORDS, TABLE = object_keys.RECORDS_PART, object_keys.TABLE_PART
# Parts are written while the split goes on, this many at once; at most twice as many wait
# in memory (a part is a few megabytes).
_PART_WRITERS = 4

PartWrite = Callable[[Callable[[], object]], None]


@contextmanager
def _writing_parts() -> Iterator[PartWrite]:
    """Run part writes beside the split, as S3 PUTs are mostly waiting; raise the first
    write's failure. Leaving the block waits for every write, so nothing lands after a
    rejection has cleared the calculation's prefix."""
    pending: deque[Future[object]] = deque()
    with ThreadPoolExecutor(max_workers=_PART_WRITERS) as writers:

        def write(task: Callable[[], object]) -> None:
            pending.append(writers.submit(task))
            while len(pending) > 2 * _PART_WRITERS or (pending and pending[0].done()):
                pending.popleft().result()

        try:
            yield write
        finally:
            while pending:
                pending.popleft().result()


def _validate_and_split(job: Job, event: dict[str, Any]) -> dict[str, Any]:
    context = job.context
    part_rows = int(os.environ.get("FOOTPRINT_PART_ROWS", DEFAULT_PART_ROWS))
    store = UploadStore(context)
    objects = TenantObjects(context)
    upload = store.mark_validating(job.upload_id, job.calculation_id)
    calculation = object_keys.calculation_prefix(context, job.upload_id, job.calculation_id)
    # A re-run starts from a clean slate, so no part of an earlier pass is mapped twice.
    objects.delete_versions(calculation)
    rows_total = parts = 0

    def part_key(suffix: str) -> str:
        return object_keys.part_key(context, job.upload_id, job.calculation_id, parts, suffix)

    try:
        file_format = detect_format(upload.filename, upload.content_type)
        with (
            open_source(context, job.upload_id, upload.source_version) as source,
            _writing_parts() as write,
        ):
            if file_format is FileFormat.JSON:
                records = iter_rows(source, file_format, upload.sheet)
                while chunk := list(itertools.islice(records, part_rows)):
                    write(partial(write_jsonl_gz, objects, part_key(RECORDS), chunk))
                    parts += 1
                    rows_total += len(chunk)
            else:
                for part in split_table(source, file_format, part_rows, upload.sheet):
                    write(partial(write_table_part, objects, part_key(TABLE), part))
                    parts += 1
                    rows_total += part.rows
        if rows_total == 0:
            raise InvalidInput("the file has no data rows", row=2)
    except InvalidInput as error:
        objects.delete_versions(calculation)
        store.mark_rejected(
            job.upload_id,
            job.calculation_id,
            reason="invalid_file",
            errors=[error.problem(error.details.get("row", 1))],
            error_count=1,
        )
        return {"valid": False}
    # Read once, here: every part takes this statement, and a change made meanwhile applies
    # from the next calculation on.
    pinned = uncertainty.get_statement(context)
    store.mark_calculating(
        job.upload_id,
        job.calculation_id,
        rows_total=rows_total,
        parts=parts,
        uncertainty_digest=pinned.digest,
    )
    return {
        "valid": True,
        "format": file_format.value,
        "bucket": bucket(),
        "prefix": object_keys.parts_prefix(context, job.upload_id, job.calculation_id),
        "parts": parts,
        "rows_total": rows_total,
        "uncertainty_statement": statement_document(pinned.statement),
    }


lambda_handler = step(_validate_and_split)
