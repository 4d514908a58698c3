"""Work moto does on the local platform's behalf that AWS does not, and how it is kept out.

Each adjustment changes how much the emulator works, never what it answers; one more makes
DynamoDB's item calls atomic under concurrency, as DynamoDB's are. Each was read against
moto 5.2.5's source (see ``../shared/MOTO-NOTES.md``) and is checked by
``tests/unit/local/test_emulator.py``. ``tune`` applies them all; applying them twice is
the same as once. The local platform and the unit tests' moto both run tuned.
"""

from __future__ import annotations

import copy
import functools
import tempfile
import threading
from collections.abc import Callable
from typing import Any

from moto import backends
from moto.dynamodb.comparisons import get_filter_expression
from moto.dynamodb.exceptions import (
    ConditionalCheckFailed,
    MockValidationException,
    MultipleTransactionsException,
    TooManyTransactionsException,
    TransactionCanceledException,
    TransactWriteSingleOpException,
)
from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.dynamo_type import DynamoType, Item
from moto.dynamodb.models.table import Table
from moto.s3.models import FakeKey


def tune() -> None:
    """Apply every adjustment below."""
    _list_moto_modules_once()
    _list_versions_without_bodies()
    _transactions_copy_only_their_items()
    _item_calls_one_at_a_time()


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


class _Journal:
    """What a transaction changed, to undo it: a copy of each item before its write, and
    how many stream records each table had before the transaction."""

    def __init__(self, backend: DynamoDBBackend) -> None:
        self.items: list[tuple[Table, DynamoType, DynamoType | None, Item | None]] = []
        self.streams = [
            (table, len(table.stream_shard.items))
            for table in backend.tables.values()
            if table.stream_shard is not None
        ]

    def keep(
        self, table: Table, key: tuple[DynamoType, DynamoType | None], item: Item | None
    ) -> None:
        self.items.append((table, *key, copy.deepcopy(item)))

    def roll_back(self) -> None:
        for table, hash_key, range_key, before in reversed(self.items):
            # A table with a range key holds its items by hash key, then range key.
            place: Any = table.items if range_key is None else table.items[hash_key]
            slot = hash_key if range_key is None else range_key
            if before is None:
                place.pop(slot, None)
            else:
                place[slot] = before
        for table, length in self.streams:
            if table.stream_shard is not None:
                del table.stream_shard.items[length:]


def _target(table: Table, op_type: str, op: dict[str, Any]) -> dict[str, Any]:
    """The key of the item an operation writes or checks."""
    if op_type != "Put":
        return dict(op["Key"])
    attrs = op["Item"]
    key = {table.hash_key_attr: attrs[table.hash_key_attr]}
    if table.range_key_attr is not None:
        key[table.range_key_attr] = attrs[table.range_key_attr]
    return key


def _write(backend: DynamoDBBackend, op_type: str, op: dict[str, Any], key: dict[str, Any]) -> None:
    expression: dict[str, Any] = {
        "condition_expression": op.get("ConditionExpression"),
        "expression_attribute_names": op.get("ExpressionAttributeNames"),
        "expression_attribute_values": op.get("ExpressionAttributeValues"),
    }
    if op_type == "Put":
        backend.put_item(op["TableName"], op["Item"], **expression)
    elif op_type == "Delete":
        backend.delete_item(op["TableName"], key, **expression)
    elif op_type == "Update":
        backend.update_item(
            op["TableName"], key, update_expression=op["UpdateExpression"], **expression
        )


def _transact_write_items(backend: DynamoDBBackend, transact_items: list[dict[str, Any]]) -> None:
    """moto's ``transact_write_items`` (the same checks, writes and cancellation reasons, in
    the same order), keeping a copy of each item before it is written instead of a deep copy
    of every table the transaction names. A cancelled transaction puts those items back and
    drops the stream records its writes added."""
    if len(transact_items) > 100:
        raise TooManyTransactionsException()
    journal = _Journal(backend)
    targets: set[tuple[str, str]] = set()
    errors: list[tuple[str | None, str | None, dict[str, Any] | None]] = []
    for entry in transact_items:
        original_item: dict[str, Any] | None = None
        if len(entry) > 1:
            raise TransactWriteSingleOpException
        try:
            op_type, op = next(iter(entry.items()))
            if op_type not in {"ConditionCheck", "Put", "Delete", "Update"}:
                raise ValueError("Unsupported transaction operation")
            table = backend.get_table(op["TableName"])
            key = _target(table, op_type, op)
            target = (str(op["TableName"]), str(dict(sorted(key.items()))))
            if target in targets:
                raise MultipleTransactionsException()
            targets.add(target)
            current = backend.get_item(op["TableName"], key)
            condition = op.get("ConditionExpression")
            if condition is not None and not get_filter_expression(
                condition, op.get("ExpressionAttributeNames"), op.get("ExpressionAttributeValues")
            ).expr(current):
                if op.get("ReturnValuesOnConditionCheckFailure") == "ALL_OLD" and current:
                    original_item = current.to_json()["Attributes"]
                raise ConditionalCheckFailed(item=original_item)
            if op_type != "ConditionCheck":
                journal.keep(table, backend.get_keys_value(table, key), current)
                _write(backend, op_type, op, key)
            errors.append((None, None, None))
        except (MultipleTransactionsException, MockValidationException):
            journal.roll_back()
            raise
        except ConditionalCheckFailed as error:
            errors.append(("ConditionalCheckFailed", str(error.message), original_item))
        except Exception as error:
            errors.append((type(error).__name__, str(error), original_item))
    if any(code is not None for code, _, _ in errors):
        journal.roll_back()
        raise TransactionCanceledException(errors)


def _transactions_copy_only_their_items() -> None:
    """moto's ``transact_write_items`` deep-copies every table a transaction names before it
    starts, so that it can put the tables back if the transaction is cancelled: each
    transaction costs as much as copying the table and every stream record it has written
    (with 3,000 items, over 300 ms for one audited action). The copy of each item the
    transaction writes is all a cancellation needs."""
    setattr(DynamoDBBackend, "transact_write_items", _transact_write_items)  # noqa: B010


# moto's DynamoDB calls that read or write items. Each runs whole before the next starts.
_ITEM_CALLS = (
    "get_item",
    "put_item",
    "update_item",
    "delete_item",
    "query",
    "scan",
    "transact_write_items",
)
_ITEMS_LOCK = threading.RLock()


def _one_at_a_time(call: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(call)
    def serialised(*args: Any, **kwargs: Any) -> Any:
        with _ITEMS_LOCK:
            return call(*args, **kwargs)

    serialised.one_at_a_time = True  # type: ignore[attr-defined]
    return serialised


def _item_calls_one_at_a_time() -> None:
    """moto checks a write's condition and then writes, and writes a transaction's items one
    after another, in the calling thread; DynamoDB does each at once. The local platform's
    emulator serves requests in threads, so two conditional writes could both pass their
    check (two events sealed after the same audit chain head), and a reader could see half
    a transaction. Holding one lock through every item call makes each one whole, as in
    DynamoDB. Applied after the transaction's replacement, which it wraps."""
    for name in _ITEM_CALLS:
        call = getattr(DynamoDBBackend, name)
        if not getattr(call, "one_at_a_time", False):
            setattr(DynamoDBBackend, name, _one_at_a_time(call))
