"""Open an upload's source file from S3 as a local, seekable file.

Uploads reach 1 GB; the file is spooled to the function's ephemeral storage, since the
XLSX reader needs to seek and a CSV is read once, streaming, either way.
"""

from __future__ import annotations

import tempfile
from typing import IO

from footprint.adapters import calculations
from footprint.adapters.aws import client
from footprint.domain import object_keys
from footprint.domain.tenancy import TenantContext

_IN_MEMORY_BYTES = 64 * 1024 * 1024


def open_source(context: TenantContext, upload_id: str) -> IO[bytes]:
    spool = tempfile.SpooledTemporaryFile(max_size=_IN_MEMORY_BYTES)  # noqa: SIM115 - returned
    client("s3").download_fileobj(
        calculations.bucket(), object_keys.source_key(context, upload_id), spool
    )
    spool.seek(0)
    return spool
