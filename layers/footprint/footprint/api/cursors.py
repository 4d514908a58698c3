"""Opaque paging cursors that only their own tenant can replay.

A cursor is the page position encrypted with KMS under an encryption context naming the
tenant and what the cursor pages through. KMS refuses to decrypt it under any other context,
so a cursor copied to another tenant (or to another listing) is just an invalid cursor.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
from typing import Any

from botocore.exceptions import ClientError

from footprint.adapters.aws import client
from footprint.domain.errors import InvalidInput
from footprint.domain.tenancy import TenantContext


def _encryption_context(context: TenantContext, purpose: str) -> dict[str, str]:
    return {"tenant_id": context.tenant_id, "purpose": purpose}


def encode_cursor(context: TenantContext, position: dict[str, Any], *, purpose: str) -> str:
    blob = client("kms").encrypt(
        KeyId=os.environ["FOOTPRINT_DATA_KEY"],
        Plaintext=json.dumps(position, separators=(",", ":")).encode("utf-8"),
        EncryptionContext=_encryption_context(context, purpose),
    )["CiphertextBlob"]
    return base64.urlsafe_b64encode(blob).decode("ascii").rstrip("=")


def decode_cursor(context: TenantContext, cursor: str, *, purpose: str) -> dict[str, Any]:
    invalid = InvalidInput("The cursor is not valid here.", field="cursor")
    try:
        blob = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        plaintext = client("kms").decrypt(
            CiphertextBlob=blob,
            KeyId=os.environ["FOOTPRINT_DATA_KEY"],
            EncryptionContext=_encryption_context(context, purpose),
        )["Plaintext"]
        position = json.loads(plaintext)
    except (binascii.Error, ValueError, ClientError):
        raise invalid from None
    if not isinstance(position, dict):
        raise invalid
    return position
