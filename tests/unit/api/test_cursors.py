"""Paging cursors: a cursor gives back its position to the tenant and listing it was made for,
and to nothing else."""

from __future__ import annotations

import base64
from collections.abc import Iterator

import pytest

from footprint.adapters.aws import client, forget_cached_clients
from footprint.api.cursors import decode_cursor, encode_cursor
from footprint.domain.errors import InvalidInput
from footprint.domain.tenancy import TenantContext

ACME = TenantContext.for_operator("acme")
GLOBEX = TenantContext.for_operator("globex")
POSITION = {"PK": "TENANT#acme#UPLOADS", "SK": "0193", "part": 2}


@pytest.fixture(autouse=True)
def data_key(aws: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    forget_cached_clients()
    monkeypatch.setenv("FOOTPRINT_DATA_KEY", client("kms").create_key()["KeyMetadata"]["KeyId"])
    yield
    forget_cached_clients()


def test_a_cursor_gives_back_its_position_to_its_tenant_and_listing() -> None:
    cursor = encode_cursor(ACME, POSITION, purpose="uploads")
    assert decode_cursor(ACME, cursor, purpose="uploads") == POSITION


def test_a_cursor_is_opaque_text_for_a_query_string() -> None:
    cursor = encode_cursor(ACME, POSITION, purpose="uploads")
    assert "TENANT" not in cursor
    assert "=" not in cursor
    assert set(cursor) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def _refused(context: TenantContext, cursor: str, purpose: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        decode_cursor(context, cursor, purpose=purpose)
    assert refused.value.details == {"field": "cursor"}


def test_another_tenant_cannot_use_a_cursor() -> None:
    _refused(GLOBEX, encode_cursor(ACME, POSITION, purpose="uploads"), "uploads")


def test_another_listing_cannot_use_a_cursor() -> None:
    _refused(ACME, encode_cursor(ACME, POSITION, purpose="lines:a"), "lines:b")


def test_an_altered_cursor_is_refused() -> None:
    cursor = encode_cursor(ACME, POSITION, purpose="audit")
    blob = bytearray(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    blob[-1] ^= 1
    altered = base64.urlsafe_b64encode(bytes(blob)).decode("ascii").rstrip("=")
    _refused(ACME, altered, "audit")


@pytest.mark.parametrize("cursor", ["", "not-base64!", "bm90IGEgY3Vyc29y", "A"])
def test_text_that_is_no_cursor_is_refused(cursor: str) -> None:
    _refused(ACME, cursor, "audit")


def test_a_cursor_must_hold_a_position() -> None:
    blob = client("kms").encrypt(
        KeyId=client("kms").list_keys()["Keys"][0]["KeyId"],
        Plaintext=b"[1, 2]",
        EncryptionContext={"tenant_id": "acme", "purpose": "audit"},
    )["CiphertextBlob"]
    _refused(ACME, base64.urlsafe_b64encode(blob).decode("ascii"), "audit")
