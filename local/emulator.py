"""Work moto does on the local platform's behalf that AWS does not, and how it is kept out.

Each adjustment changes how much the emulator works, never what it answers. Each was read
against moto 5.2.5's source (see ``../shared/MOTO-NOTES.md``) and is checked by
``tests/unit/local/test_emulator.py``. ``tune`` applies them all; applying them twice is
the same as once.
"""

from __future__ import annotations

import tempfile
import threading

from moto import backends
from moto.s3.models import FakeKey


def tune() -> None:
    """Apply every adjustment below."""
    _list_moto_modules_once()
    _list_versions_without_bodies()


def _list_moto_modules_once() -> None:
    """moto's server looks for a request's service among its package's folders, listing
    and stat-ing all of them (some 170) for every request, under a lock every request
    shares. Each stat lets another thread run, so beside a busy handler one small GET waits
    for the handler over and over. The folders do not change: list them once."""
    modules = tuple(backends.list_of_moto_modules())
    backends.list_of_moto_modules = lambda: modules


def _listing_copy(key: FakeKey, memo: dict[int, object]) -> FakeKey:
    """A version as a listing needs it: every attribute, an empty body of its own.

    The ETag is worked out first, as moto computes it from the body on first use. The copy
    owns its body, because a key closes its body when it is garbage-collected."""
    key.etag  # noqa: B018 (a property that caches the ETag on the key)
    listed: FakeKey = object.__new__(FakeKey)
    listed.__dict__.update(key.__dict__)
    # Closed by the copy's own dispose, as moto closes every key's body.
    listed._value_buffer = tempfile.SpooledTemporaryFile(max_size=key._max_buffer_size)  # noqa: SIM115
    listed.lock = threading.Lock()
    return listed


def _list_versions_without_bodies() -> None:
    """``ListObjectVersions`` deep-copies every version of every object in the bucket, the
    prefix aside, to mark which is the latest on the copies; and a key's deep copy reads its
    whole body and writes it to a new temporary file, so each listing (the arrival's check
    for stray versions, a calculation's clean slate) costs as much as copying every file the
    bucket holds. The listing reads nothing but attributes, and moto deep-copies keys
    nowhere else: its copies carry no body."""
    setattr(FakeKey, "__deepcopy__", _listing_copy)  # noqa: B010 (mypy: no such method)
