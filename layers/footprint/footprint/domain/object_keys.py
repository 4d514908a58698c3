"""The one module that builds S3 object keys for tenant files.

Every tenant object lives under ``tenants/<tenant id>/``, built from a ``TenantContext``
only, so the tenant data role's S3 statements (``tenants/${aws:PrincipalTag/tenant_id}/*``)
scope access per tenant the way ``dynamodb:LeadingKeys`` does for items; the objects adapter
(``footprint.adapters.tenant_objects``) refuses any other key before it reaches S3. Upload and
calculation ids are ours (generated), checked here so that no id can climb out of its folder.
"""

from __future__ import annotations

import re

from footprint.domain.ids import valid_file_id, valid_id
from footprint.domain.tenancy import TenantContext

ROOT = "tenants/"


def _checked(value: str, what: str) -> str:
    if not valid_file_id(value):
        raise ValueError(f"{what} has an invalid form")
    return value


def tenant_prefix(context: TenantContext) -> str:
    if not isinstance(context, TenantContext):
        raise TypeError("object keys are built from a verified TenantContext only")
    return f"{ROOT}{context.tenant_id}/"


def upload_prefix(context: TenantContext, upload_id: str) -> str:
    return f"{tenant_prefix(context)}uploads/{_checked(upload_id, 'upload id')}/"


def source_key(context: TenantContext, upload_id: str) -> str:
    """The file as the user uploaded it."""
    return upload_prefix(context, upload_id) + "source"


def calculations_prefix(context: TenantContext, upload_id: str) -> str:
    """Every calculation of an upload (its parts, results and aggregates)."""
    return f"{upload_prefix(context, upload_id)}calculations/"


def calculation_prefix(context: TenantContext, upload_id: str, calculation_id: str) -> str:
    return f"{calculations_prefix(context, upload_id)}{_checked(calculation_id, 'calculation id')}/"


def parts_prefix(context: TenantContext, upload_id: str, calculation_id: str) -> str:
    """Where the split step writes the validated records, one object per part."""
    return calculation_prefix(context, upload_id, calculation_id) + "parts/"


# A part of a CSV or XLSX file is CSV text; one of JSON records is gzip'd JSON lines.
TABLE_PART = ".csv"
RECORDS_PART = ".jsonl.gz"


def part_key(
    context: TenantContext, upload_id: str, calculation_id: str, index: int, suffix: str
) -> str:
    if suffix not in (TABLE_PART, RECORDS_PART):
        raise ValueError("unknown kind of part")
    return f"{parts_prefix(context, upload_id, calculation_id)}part-{index:06d}{suffix}"


def results_prefix(context: TenantContext, upload_id: str, calculation_id: str) -> str:
    return calculation_prefix(context, upload_id, calculation_id) + "results/"


def results_key(context: TenantContext, upload_id: str, calculation_id: str, index: int) -> str:
    """Per-line results of one part, with the provenance of each number
    (``footprint.domain.results``)."""
    return f"{results_prefix(context, upload_id, calculation_id)}part-{index:06d}.json.gz"


def aggregates_prefix(context: TenantContext, upload_id: str, calculation_id: str) -> str:
    return calculation_prefix(context, upload_id, calculation_id) + "aggregates/"


def aggregates_key(context: TenantContext, upload_id: str, calculation_id: str, index: int) -> str:
    """The aggregates of one part: summed, never incremented, so a retry counts once."""
    return f"{aggregates_prefix(context, upload_id, calculation_id)}part-{index:06d}.json"


def part_index(key: str) -> int:
    """The part number in a part, results or aggregates key."""
    match = re.search(r"/part-(\d{6})\.(?:csv|jsonl\.gz|json\.gz|json)$", key)
    if match is None:
        raise ValueError("not a part key")
    return int(match.group(1))


def tenant_of(key: str) -> str | None:
    """The tenant an object key belongs to, or None outside ``tenants/``."""
    if not key.startswith(ROOT):
        return None
    tenant, separator, _ = key[len(ROOT) :].partition("/")
    return tenant if separator else None


def source_of(key: str) -> tuple[str, str] | None:
    """(tenant id, upload id) of an upload's source key, as an S3 event names it; None for
    any other key. The arrival of a presigned upload learns its tenant from here."""
    match = re.fullmatch(r"tenants/([^/]+)/uploads/([^/]+)/source", key)
    if match is None or not valid_id(match.group(1)) or not valid_file_id(match.group(2)):
        return None
    return match.group(1), match.group(2)
