"""Edition impact of an upload: what its lines would be with another factor edition and/or GWP
set, or how one of its calculations differs from another. Nothing is stored or published: the
what-if is calculated with the same calculator and library as the workflow, pinned to the
edition (``Calculator(edition=...)``), and answered a page at a time.

The work is bounded by the upload's parts: each part's stored results and its records are read
and compared, then let go; what is kept is a tuple per line (docs/inventory-management.md says
how large an upload this answers for within a Lambda's time and memory). Each page calculates
the comparison again: nothing is cached between requests.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from footprint.adapters import calculation_files
from footprint.adapters.tenant_objects import TenantObjects
from footprint.adapters.upload_records import Upload, UploadStore
from footprint.collector import cyclic_collector_paused
from footprint.domain import object_keys
from footprint.domain.calculator import Calculator, RecordError, Result
from footprint.domain.errors import Conflict, InvalidInput, NotFound
from footprint.domain.factors import default_library
from footprint.domain.ids import valid_file_id
from footprint.domain.impact import Impact, calculated_side
from footprint.domain.results import stored_side
from footprint.domain.tenancy import TenantContext

# The largest upload compared in one request: measured at about 7 s and 600 MB for a million
# lines (docs/inventory-management.md), inside the Emissions function's 25 s and 1,024 MB.
# A larger file is compared offline (``footprint calc --compare-edition``).
MAX_ROWS = 1_000_000


@dataclass(frozen=True, slots=True)
class ImpactPage:
    upload_id: str
    from_calculation: str
    to_calculation: str | None  # None for a what-if
    edition: str | None
    answer: dict[str, Any]
    following: int | None


def _upload(context: TenantContext, upload_id: str) -> Upload:
    """The tenant's upload (another tenant's is not found: the store reads under the
    caller's tenant only), of a size answered here."""
    upload = UploadStore(context).get(upload_id)
    if upload is None or not upload.current_calculation:
        raise NotFound("No calculated upload with that id.", field="upload_id")
    if (upload.rows_total or 0) > MAX_ROWS:
        raise InvalidInput(
            f"the upload has {upload.rows_total} rows: the impact is answered here for"
            f" uploads of up to {MAX_ROWS}; compare a larger file offline with footprint calc"
            " --compare-edition",
            field="upload_id",
        )
    return upload


def edition_impact(
    context: TenantContext,
    upload_id: str,
    edition: str | None,
    gwp_set: str | None,
    offset: int,
    limit: int,
) -> ImpactPage:
    """The upload's published calculation against its lines calculated with ``edition``
    pinned and under ``gwp_set`` (each defaulting to what the calculation used)."""
    if edition is None and gwp_set is None:
        raise InvalidInput("give edition, gwp or both", field="edition")
    upload = _upload(context, upload_id)
    calculation_id = str(upload.current_calculation)
    library = default_library()
    calculator = Calculator(library, gwp_set or upload.gwp_set, edition)
    objects = TenantObjects(context)
    results = _by_part(calculation_files.results_keys(objects, upload_id, calculation_id))
    parts = _by_part(calculation_files.parts_keys(objects, upload_id, calculation_id))
    if set(results) != set(parts):
        raise Conflict("The calculation's files are incomplete.", field="upload_id")
    impact = Impact(library)
    with cyclic_collector_paused():
        for index in sorted(results):
            old = stored_side(calculation_files.read_json_gz(objects, results[index]))
            records = calculation_files.read_part_records(objects, parts[index])
            impact.add(old, calculated_side(calculator.gwp_set, _calculate(calculator, records)))
        answer, following = impact.page(offset, limit)
    return ImpactPage(upload_id, calculation_id, None, edition, answer, following)


def calculations_impact(
    context: TenantContext, upload_id: str, start: str, end: str, offset: int, limit: int
) -> ImpactPage:
    """How calculation ``end`` of the upload differs from calculation ``start``, both still
    held (a replaced calculation is deleted once its successor is published)."""
    _upload(context, upload_id)
    objects = TenantObjects(context)
    sides = []
    for name, calculation_id in (("from_calculation", start), ("to_calculation", end)):
        if not valid_file_id(calculation_id):
            raise InvalidInput(f"{name} has an invalid form", field=name)
        keys = _by_part(calculation_files.results_keys(objects, upload_id, calculation_id))
        if not keys:
            raise NotFound("No results of that calculation of this upload.", field=name)
        sides.append(keys)
    before, after = sides
    if set(before) != set(after):
        raise InvalidInput(
            "the two calculations were split into different parts", field="to_calculation"
        )
    impact = Impact(default_library())
    with cyclic_collector_paused():
        for index in sorted(before):
            impact.add(
                stored_side(calculation_files.read_json_gz(objects, before[index])),
                stored_side(calculation_files.read_json_gz(objects, after[index])),
            )
        answer, following = impact.page(offset, limit)
    return ImpactPage(upload_id, start, end, None, answer, following)


def _by_part(keys: list[str]) -> dict[int, str]:
    return {object_keys.part_index(key): key for key in keys}


def _calculate(
    calculator: Calculator, records: list[tuple[int, Mapping[str, Any]]]
) -> list[Result]:
    """The records calculated; a record the pinned calculation cannot do is refused with its
    row (it was calculated before, so the edition or GWP set asked for is the cause)."""
    calculated: list[Result] = []
    outcomes = calculator.calculate_batch(record for _row, record in records)
    for (row, _record), outcome in zip(records, outcomes, strict=True):
        if isinstance(outcome, RecordError):
            raise InvalidInput(
                f"row {row} cannot be calculated so: {outcome.error.message}",
                field="edition" if calculator.edition else "gwp",
                row=row,
            )
        outcome.row = row
        calculated.append(outcome)
    return calculated
