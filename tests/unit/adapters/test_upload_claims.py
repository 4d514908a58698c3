"""Content and request claims against moto: the same file is answered with its first
upload, a failed holder holds nothing, a retried request finds its first upload."""

from __future__ import annotations

from footprint.adapters.upload_claims import Claim, UploadClaims
from footprint.adapters.upload_records import UploadStore
from footprint.domain.ids import new_upload_id
from footprint.domain.tenancy import Proof, Role, TenantContext
from tests.support.uploads import UploadsStack, received_upload

ACME = TenantContext("t-acme", Proof.TOKEN, "u-ann", Role.EDITOR)
GLOBEX = TenantContext("t-globex", Proof.TOKEN, "u-bob", Role.EDITOR)


def test_content_claims(uploads: UploadsStack) -> None:
    store = UploadStore(ACME)
    claims = UploadClaims(ACME)
    first = received_upload(store)
    assert claims.claim_content("a" * 64, first, replace=False) == Claim()
    assert claims.claim_content("a" * 64, first, replace=False) == Claim()  # its own: no-op
    second = new_upload_id()
    assert claims.claim_content("a" * 64, second, replace=False) == Claim(duplicate_of=first)
    assert claims.claim_content("a" * 64, second, replace=True) == Claim(replaces=first)
    # Another tenant's identical file is not a duplicate of anything of ours.
    assert UploadClaims(GLOBEX).claim_content("a" * 64, new_upload_id(), replace=False) == Claim()


def test_a_failed_holder_does_not_make_a_duplicate(uploads: UploadsStack) -> None:
    store = UploadStore(ACME)
    claims = UploadClaims(ACME)
    first = received_upload(store)
    claims.claim_content("b" * 64, first, replace=False)
    store.mark_failed(first, "c1", reason="x")
    assert claims.claim_content("b" * 64, new_upload_id(), replace=False) == Claim()


def test_a_retried_request_finds_its_first_upload(uploads: UploadsStack) -> None:
    claims = UploadClaims(ACME)
    assert claims.remember_request("key-1", "r1", "u1") == ("u1", "r1")
    assert claims.remember_request("key-1", "r2", "u2") == ("u1", "r1")
    assert UploadClaims(GLOBEX).remember_request("key-1", "r3", "u3") == ("u3", "r3")
