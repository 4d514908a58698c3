"""Uploaded files in S3: presigned PUTs, direct writes, content hashes, deletion.

Every source file lives at ``object_keys.source_key`` (``tenants/<tenant>/uploads/<id>/source``)
in the uploads bucket, encrypted with the stack's KMS data key, reached through
``TenantObjects``. A presigned PUT signs the encryption headers, the content type and the
exact content length, so the client must send them as signed: S3 refuses a different size,
an unencrypted write, or another key. It is signed with the tenant's session, so its writer
has no more rights than that tenant's role.

The bucket is versioned, and a presigned URL can be used again until it expires. So the
version that was hashed is the version that is calculated: its id is kept on the upload
record, every read names it, and any other version written to the key is discarded.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import IO
from urllib.parse import urlsplit, urlunsplit

from footprint.adapters.tenant_objects import TenantObjects
from footprint.domain import object_keys
from footprint.domain.tenancy import TenantContext

PRESIGNED_SECONDS = 15 * 60
_READ_CHUNK = 8 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class StoredSource:
    """One version of an upload's source file, as hashed."""

    sha256: str
    size: int
    version_id: str | None  # None only where the bucket is not versioned


@dataclass(frozen=True, slots=True)
class PresignedPut:
    url: str
    headers: dict[str, str]  # to send with the PUT, exactly: they are signed
    expires_at: datetime


def presign_put(
    context: TenantContext, upload_id: str, *, content_type: str, size: int
) -> PresignedPut:
    """A URL to PUT exactly ``size`` bytes of ``content_type`` as the upload's source."""
    url, headers = TenantObjects(context).presign_put(
        object_keys.source_key(context, upload_id),
        content_type=content_type,
        size=size,
        seconds=PRESIGNED_SECONDS,
    )
    expires_at = datetime.now(UTC) + timedelta(seconds=PRESIGNED_SECONDS)
    return PresignedPut(public_upload_url(url), headers, expires_at)


def public_upload_url(signed: str) -> str:
    """``signed`` at the web application's origin (``FOOTPRINT_WEB_BASE_URL``), path and query
    unchanged: the app's CSP lets it send the PUT to its own origin only, and what serves
    that origin (CloudFront in AWS, the local front) hands the path to the bucket's host the
    URL was signed for. Without a web origin the URL stays the bucket's own."""
    base = os.environ.get("FOOTPRINT_WEB_BASE_URL", "").rstrip("/")
    if not base:
        return signed
    origin = urlsplit(base)
    url = urlsplit(signed)
    return urlunsplit((origin.scheme, origin.netloc, url.path, url.query, ""))


def put_source(
    context: TenantContext, upload_id: str, body: bytes, content_type: str
) -> str | None:
    """Store a directly posted file as the upload's source; answers its version id."""
    return TenantObjects(context).put(
        object_keys.source_key(context, upload_id), body, content_type
    )


def source_digest(context: TenantContext, upload_id: str) -> StoredSource:
    """SHA-256 (hex), size and version id of the newest stored source, read once as a
    stream."""
    stored = TenantObjects(context).get(object_keys.source_key(context, upload_id))
    digest = hashlib.sha256()
    size = 0
    while chunk := stored["Body"].read(_READ_CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return StoredSource(digest.hexdigest(), size, stored["VersionId"])


@contextmanager
def open_source(
    context: TenantContext, upload_id: str, version_id: str | None
) -> Iterator[IO[bytes]]:
    """The source's version ``version_id`` (the one hashed) as one streaming read.

    One GET read as it arrives, not a download to storage first: the validate step parses
    while the bytes come in and keeps no copy (an XLSX reader makes its own, to seek).
    """
    source = object_keys.source_key(context, upload_id)
    body = TenantObjects(context).get(source, version_id)["Body"]
    try:
        yield body
    finally:
        body.close()


def discard_other_versions(context: TenantContext, upload_id: str, keep: str | None) -> int:
    """Delete every version of the source but ``keep`` (a later PUT to a still-valid URL is
    neither calculated nor kept: nobody screened it for personal data). Answers how many."""
    if keep is None:
        return 0
    return TenantObjects(context).delete_versions(
        object_keys.source_key(context, upload_id), exact=True, keep_version=keep
    )


def delete_source(context: TenantContext, upload_id: str) -> int:
    """Delete the stored source, every version of it (the bucket is versioned, and a plain
    delete would only hide personal data behind a delete marker). Answers how many."""
    return TenantObjects(context).delete_versions(
        object_keys.source_key(context, upload_id), exact=True
    )
