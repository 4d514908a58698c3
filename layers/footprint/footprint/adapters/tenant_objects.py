"""Tenant-scoped access to the uploads bucket.

``TenantObjects`` is the only way code reads, writes, lists, deletes or presigns tenant
objects: it is built from a ``TenantContext``, and before every call it checks that each key
or prefix it sends lies under its own tenant's ``tenants/<id>/`` (keys come from
``footprint.domain.object_keys``, or from a listing or a workflow event that carried one).
Its calls go out with the tenant's session (``footprint.adapters.aws.tenant_client``), whose
role admits only ``tenants/${aws:PrincipalTag/tenant_id}/*``: a key that slipped past the
check would still be refused by IAM. Every write is encrypted with the stack's data key.
"""

from __future__ import annotations

import os
from typing import Any

from footprint.adapters.aws import tenant_client
from footprint.domain import object_keys
from footprint.domain.tenancy import TenantContext

_DELETE_BATCH = 1000  # the most keys one DeleteObjects call takes


def bucket() -> str:
    return os.environ["FOOTPRINT_UPLOADS_BUCKET"]


def _encryption() -> dict[str, str]:
    extra = {"ServerSideEncryption": "aws:kms"}
    key = os.environ.get("FOOTPRINT_DATA_KEY")
    if key:
        extra["SSEKMSKeyId"] = key
    return extra


def _encryption_headers() -> dict[str, str]:
    """``_encryption`` as the headers a presigned PUT must send (they are signed)."""
    names = {
        "ServerSideEncryption": "x-amz-server-side-encryption",
        "SSEKMSKeyId": "x-amz-server-side-encryption-aws-kms-key-id",
    }
    return {names[name]: value for name, value in _encryption().items()}


def _version(response: dict[str, Any]) -> str | None:
    version = response.get("VersionId")
    # S3 answers "null" for an object written while versioning was off.
    return None if version in (None, "null") else str(version)


class TenantObjects:
    """Objects of the context's tenant, and nothing else."""

    def __init__(self, context: TenantContext, s3: Any | None = None) -> None:
        if not isinstance(context, TenantContext):
            raise TypeError("TenantObjects needs a verified TenantContext")
        self.context = context
        self._prefix = object_keys.tenant_prefix(context)
        self._s3 = s3

    def _client(self) -> Any:
        # Asked for on every call, not kept: the cache renews the tenant's credentials.
        return (
            self._s3
            if self._s3 is not None
            else tenant_client(self.context.tenant_id, "s3", self.context.grant)
        )

    def _check(self, key: str) -> str:
        """``key`` itself if it lies under the tenant's prefix; raises otherwise.

        S3 takes a key literally, but a URL path holding ``.``/``..`` segments, ``//`` or a
        backslash is rewritten by HTTP clients and proxies, so such a key could name another
        object than the one checked: it is refused too."""
        if (
            not key.startswith(self._prefix)
            or any(segment in (".", "..") for segment in key.split("/"))
            or "//" in key
            or "\\" in key
            or not key.isprintable()
        ):
            raise PermissionError("object key outside the tenant")
        return key

    def put(self, key: str, body: bytes, content_type: str, **extra: Any) -> str | None:
        """Write ``body`` at ``key``, encrypted; answers the version id S3 gave it."""
        key = self._check(key)
        stored = self._client().put_object(
            Bucket=bucket(),
            Key=key,
            Body=body,
            ContentType=content_type,
            **extra,
            **_encryption(),
        )
        return _version(stored)

    def get(self, key: str, version_id: str | None = None) -> dict[str, Any]:
        """S3's answer to GetObject (``Body`` streams) of the newest version or of
        ``version_id``, with ``VersionId`` None where the bucket is not versioned."""
        key = self._check(key)
        extra = {"VersionId": version_id} if version_id else {}
        answer: dict[str, Any] = self._client().get_object(Bucket=bucket(), Key=key, **extra)
        answer["VersionId"] = _version(answer)
        return answer

    def presign_put(
        self, key: str, *, content_type: str, size: int, seconds: int
    ) -> tuple[str, dict[str, str]]:
        """A URL to PUT exactly ``size`` bytes of ``content_type`` at ``key`` for ``seconds``,
        and the headers to send with it unchanged (they are signed)."""
        key = self._check(key)
        url = self._client().generate_presigned_url(
            "put_object",
            Params={
                "Bucket": bucket(),
                "Key": key,
                "ContentType": content_type,
                "ContentLength": size,
                **_encryption(),
            },
            ExpiresIn=seconds,
            HttpMethod="PUT",
        )
        return str(url), {"Content-Type": content_type, **_encryption_headers()}

    def list_keys(self, prefix: str) -> list[str]:
        """The keys under ``prefix``, sorted."""
        prefix = self._check(prefix)
        paginator = self._client().get_paginator("list_objects_v2")
        found: list[str] = []
        for page in paginator.paginate(Bucket=bucket(), Prefix=prefix):
            found.extend(self._check(item["Key"]) for item in page.get("Contents", []))
        return sorted(found)

    def delete_versions(
        self, prefix: str, *, exact: bool = False, keep_version: str | None = None
    ) -> int:
        """Delete every version (and delete marker) of the objects under ``prefix``, or of the
        one object named ``prefix`` when ``exact``, except ``keep_version``; answers how many
        were deleted. Versions, not keys: a plain delete in a versioned bucket only hides the
        data behind a delete marker."""
        prefix = self._check(prefix)
        s3 = self._client()
        deleted = 0
        paginator = s3.get_paginator("list_object_versions")
        for page in paginator.paginate(Bucket=bucket(), Prefix=prefix):
            targets = [
                {"Key": self._check(item["Key"]), "VersionId": item["VersionId"]}
                for item in [*page.get("Versions", []), *page.get("DeleteMarkers", [])]
                if (not exact or item["Key"] == prefix) and item["VersionId"] != keep_version
            ]
            for start in range(0, len(targets), _DELETE_BATCH):
                chunk = targets[start : start + _DELETE_BATCH]
                s3.delete_objects(Bucket=bucket(), Delete={"Objects": chunk, "Quiet": True})
                deleted += len(chunk)
        return deleted
