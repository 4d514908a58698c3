"""Uploaded files in S3: presigned PUTs, direct writes, content hashes, deletion.

Every source file lives at ``object_keys.source_key`` (``tenants/<tenant>/uploads/<id>/source``)
in the uploads bucket, encrypted with the stack's KMS data key. A presigned PUT signs the
encryption headers, the content type and the exact content length, so the client must send
them as signed: S3 refuses a different size, an unencrypted write, or another key.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from footprint.adapters import calculations
from footprint.adapters.aws import client
from footprint.domain import object_keys
from footprint.domain.tenancy import TenantContext

PRESIGNED_SECONDS = 15 * 60
_READ_CHUNK = 8 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class PresignedPut:
    url: str
    headers: dict[str, str]  # to send with the PUT, exactly: they are signed
    expires_at: datetime


def _encryption_headers() -> dict[str, str]:
    return {
        "x-amz-server-side-encryption": "aws:kms",
        "x-amz-server-side-encryption-aws-kms-key-id": os.environ["FOOTPRINT_DATA_KEY"],
    }


def presign_put(
    context: TenantContext, upload_id: str, *, content_type: str, size: int
) -> PresignedPut:
    """A URL to PUT exactly ``size`` bytes of ``content_type`` as the upload's source."""
    url = client("s3").generate_presigned_url(
        "put_object",
        Params={
            "Bucket": calculations.bucket(),
            "Key": object_keys.source_key(context, upload_id),
            "ContentType": content_type,
            "ContentLength": size,
            "ServerSideEncryption": "aws:kms",
            "SSEKMSKeyId": os.environ["FOOTPRINT_DATA_KEY"],
        },
        ExpiresIn=PRESIGNED_SECONDS,
        HttpMethod="PUT",
    )
    headers = {"Content-Type": content_type, **_encryption_headers()}
    expires_at = datetime.now(UTC) + timedelta(seconds=PRESIGNED_SECONDS)
    return PresignedPut(str(url), headers, expires_at)


def put_source(context: TenantContext, upload_id: str, body: bytes, content_type: str) -> None:
    """Store a directly posted file as the upload's source."""
    client("s3").put_object(
        Bucket=calculations.bucket(),
        Key=object_keys.source_key(context, upload_id),
        Body=body,
        ContentType=content_type,
        ServerSideEncryption="aws:kms",
        SSEKMSKeyId=os.environ["FOOTPRINT_DATA_KEY"],
    )


def source_digest(context: TenantContext, upload_id: str) -> tuple[str, int]:
    """SHA-256 (hex) and size of the stored source, read once as a stream."""
    body = client("s3").get_object(
        Bucket=calculations.bucket(), Key=object_keys.source_key(context, upload_id)
    )["Body"]
    digest = hashlib.sha256()
    size = 0
    while chunk := body.read(_READ_CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def delete_source(context: TenantContext, upload_id: str) -> int:
    """Delete the stored source, every version of it (the bucket is versioned, and a plain
    delete would only hide personal data behind a delete marker). Answers how many."""
    return calculations.delete_prefix(object_keys.source_key(context, upload_id), exact=True)
