"""Which upload holds a content, and which upload a client's request made: the two
claims that keep the same file, or the same retried request, from making a second upload.

Items (under the tenant's prefix, through ``TenantRepository``):

- ``UPLOAD-CONTENT#<sha256>`` / ``OWNER``: which upload holds that content, so the same file
  uploaded twice is answered with the first upload (unless the user asks to replace it).
- ``UPLOAD-REQUEST#<sha256 of the Idempotency-Key>`` / ``UPLOAD``: a client's retried request
  finds the upload its first attempt made (kept a day).
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from boto3.dynamodb.conditions import Attr

from footprint.adapters.repository import ConditionFailed, TenantRepository
from footprint.adapters.upload_records import UploadStore
from footprint.domain.tenancy import TenantContext
from footprint.domain.uploads.lifecycle import holds_content

REQUEST_MEMORY_SECONDS = 24 * 3600


@dataclass(frozen=True, slots=True)
class Claim:
    """The outcome of claiming a content hash for an upload."""

    duplicate_of: str | None = None  # an earlier upload holds this content: answer with it
    replaces: str | None = None  # the earlier upload this one replaces, on request


class UploadClaims:
    """One tenant's content and request claims (see the module docstring for the items)."""

    def __init__(self, context: TenantContext, repository: TenantRepository | None = None) -> None:
        self._repository = repository or TenantRepository(context)
        self._records = UploadStore(context, self._repository)

    def claim_content(self, content_sha256: str, upload_id: str, *, replace: bool) -> Claim:
        """Make ``upload_id`` the holder of this content, unless an earlier upload holds it
        (then answer that one) or ``replace`` asks to take it over. An earlier holder that is
        gone, failed or still waiting for its file does not count: its content is in no
        total, and a URL that is never used must not block the file's next upload."""
        address = (("UPLOAD-CONTENT", content_sha256), ("OWNER",))
        try:
            self._repository.put(*address, {"upload_id": upload_id}, if_absent=True)
        except ConditionFailed:
            pass
        else:
            return Claim()
        held = self._repository.get(*address)
        holder = str(held["upload_id"]) if held else None
        if holder == upload_id:
            return Claim()
        earlier = self._records.get(holder) if holder else None
        live = earlier is not None and holds_content(earlier.status)
        if live and not replace:
            return Claim(duplicate_of=holder)
        condition = Attr("upload_id").eq(holder) if holder else Attr("pk").not_exists()
        self._repository.put(*address, {"upload_id": upload_id}, condition=condition)
        return Claim(replaces=holder if live else None)

    def remember_request(
        self, idempotency_key: str, request_digest: str, upload_id: str
    ) -> tuple[str, str]:
        """The upload and request digest of the first request carrying ``idempotency_key``
        (``upload_id`` and ``request_digest`` if this is that first request). Keys are kept a
        day, hashed (they are client text)."""
        digest = hashlib.sha256(idempotency_key.encode("utf-8")).hexdigest()
        address = (("UPLOAD-REQUEST", digest), ("UPLOAD",))
        try:
            self._repository.put(
                *address,
                {"upload_id": upload_id, "request": request_digest},
                expires_at=int(time.time()) + REQUEST_MEMORY_SECONDS,
                if_absent=True,
            )
        except ConditionFailed:
            remembered = self._repository.get(*address)
            if remembered is not None:
                return str(remembered["upload_id"]), str(remembered.get("request", ""))
            raise
        return upload_id, request_digest
