"""KMS behind two small interfaces: token signing (asymmetric key, private half never leaves
KMS) and envelope-free encryption of small secrets (TOTP seeds) bound to their owner.

``FOOTPRINT_SIGNING_KEY`` is the RSA_2048 SIGN_VERIFY key's id; ``FOOTPRINT_DATA_KEY`` the
symmetric data key's id. The encryption context names the tenant, the user and the purpose
(a member of staff: the staff id and the purpose), so a ciphertext copied to another
person's record does not decrypt there.
"""

from __future__ import annotations

import base64
import os
from functools import cache

from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import load_der_public_key

from footprint.adapters.aws import client
from footprint.domain.tenancy import TenantContext

SIGNING_ALGORITHM = "RSASSA_PKCS1_V1_5_SHA_256"


def signing_key_id() -> str:
    return os.environ["FOOTPRINT_SIGNING_KEY"]


def sign(message: bytes) -> bytes:
    """RS256 signature of ``message`` (a JWS signing input, well under KMS's 4 KB RAW limit)."""
    response = client("kms").sign(
        KeyId=signing_key_id(),
        Message=message,
        MessageType="RAW",
        SigningAlgorithm=SIGNING_ALGORITHM,
    )
    signature: bytes = response["Signature"]
    return signature


@cache
def public_key(key_id: str) -> rsa.RSAPublicKey:
    """The signing key's public half, fetched once per execution environment."""
    der = client("kms").get_public_key(KeyId=key_id)["PublicKey"]
    key = load_der_public_key(der)
    if not isinstance(key, rsa.RSAPublicKey):
        raise TypeError("the signing key is not an RSA key")
    return key


def _encryption_context(context: TenantContext, user_id: str, purpose: str) -> dict[str, str]:
    return {"tenant_id": context.tenant_id, "user_id": user_id, "purpose": purpose}


def _staff_encryption_context(staff_id: str, purpose: str) -> dict[str, str]:
    return {"staff_id": staff_id, "purpose": purpose}


def _encrypt(encryption_context: dict[str, str], plaintext: str) -> str:
    response = client("kms").encrypt(
        KeyId=os.environ["FOOTPRINT_DATA_KEY"],
        Plaintext=plaintext.encode("utf-8"),
        EncryptionContext=encryption_context,
    )
    return base64.b64encode(response["CiphertextBlob"]).decode("ascii")


def _decrypt(encryption_context: dict[str, str], ciphertext: str) -> str:
    response = client("kms").decrypt(
        CiphertextBlob=base64.b64decode(ciphertext), EncryptionContext=encryption_context
    )
    plaintext: bytes = response["Plaintext"]
    return plaintext.decode("utf-8")


def encrypt_secret(context: TenantContext, user_id: str, purpose: str, plaintext: str) -> str:
    return _encrypt(_encryption_context(context, user_id, purpose), plaintext)


def decrypt_secret(context: TenantContext, user_id: str, purpose: str, ciphertext: str) -> str:
    return _decrypt(_encryption_context(context, user_id, purpose), ciphertext)


def encrypt_staff_secret(staff_id: str, purpose: str, plaintext: str) -> str:
    return _encrypt(_staff_encryption_context(staff_id, purpose), plaintext)


def decrypt_staff_secret(staff_id: str, purpose: str, ciphertext: str) -> str:
    return _decrypt(_staff_encryption_context(staff_id, purpose), ciphertext)
