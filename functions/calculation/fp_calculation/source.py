"""Open an upload's source file from S3 as a local, seekable file.

Uploads reach 1 GB; the file is spooled to the function's ephemeral storage, since the
XLSX reader needs to seek and a CSV is read once, streaming, either way.
"""

from __future__ import annotations

import tempfile
from typing import IO

from footprint.adapters.upload_files import download_source
from footprint.adapters.uploads import Upload
from footprint.domain.tenancy import TenantContext

_IN_MEMORY_BYTES = 64 * 1024 * 1024


def open_source(context: TenantContext, upload: Upload) -> IO[bytes]:
    """The version of the source that was hashed when it arrived."""
    spool = tempfile.SpooledTemporaryFile(max_size=_IN_MEMORY_BYTES)  # noqa: SIM115 - returned
    download_source(context, upload.upload_id, upload.source_version, spool)
    spool.seek(0)
    return spool
