"""Tenant-scoped and platform-level access to the single data table.

``TenantRepository`` is the only way code reads or writes tenant data: it is built from a
``TenantContext``, turns key *parts* into keys through ``footprint.domain.keys`` and checks,
before every call, that each key it sends begins with its own tenant's prefix. Callers never
see or pass a raw partition key, so a request cannot steer it to another tenant's items.
``PlatformRepository`` holds the few records that belong to no tenant (``PLATFORM#...``).

Items carry ``pk``/``sk``, optionally ``gsi1pk``/``gsi1sk`` (index ``gsi1``) and ``expires_at``
(epoch seconds; DynamoDB's TTL deletes the item some time after, so readers also check it).
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from boto3.dynamodb.conditions import Attr, ConditionBase, ConditionExpressionBuilder, Key
from botocore.exceptions import ClientError

from footprint.adapters.aws import platform_table, projection, tenant_table
from footprint.domain import keys
from footprint.domain.errors import Conflict
from footprint.domain.tenancy import TenantContext

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.service_resource import Table

KeyParts = tuple[str, ...]
_KEY_ATTRIBUTES = ("pk", "sk", "gsi1pk", "gsi1sk")
# Why DynamoDB cancels a transaction when an item is not as its writer read it.
_BATCH_GET_LIMIT = 100  # keys per BatchGetItem
_CHANGED = frozenset({"ConditionalCheckFailed", "TransactionConflict"})


class ConditionFailed(Conflict):
    """A conditional write found the item not as expected."""

    def __init__(self) -> None:
        super().__init__("The resource changed or already exists.")


@dataclass(frozen=True)
class Page:
    items: list[dict[str, Any]]
    cursor: dict[str, Any] | None  # DynamoDB's LastEvaluatedKey, None on the last page


@dataclass(frozen=True)
class Put:
    """An item to write whole, in a transaction or a batch."""

    pk: KeyParts
    sk: KeyParts
    attributes: Mapping[str, Any]


@dataclass(frozen=True)
class Update:
    """A change to an item in a transaction (see ``update``: the item must exist unless
    ``must_exist`` is False)."""

    pk: KeyParts
    sk: KeyParts
    set_values: Mapping[str, Any] = field(default_factory=dict)
    remove: Sequence[str] = ()
    condition: ConditionBase | None = None
    must_exist: bool = True


@dataclass(frozen=True)
class Delete:
    """An item to delete in a transaction (deleting a missing item is no error)."""

    pk: KeyParts
    sk: KeyParts


Write = Put | Update | Delete


def _live(item: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if item is None:
        return None
    expires = item.get("expires_at")
    if expires is not None and int(expires) <= time.time():
        return None
    return dict(item)


def _strip(item: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in item.items() if k not in _KEY_ATTRIBUTES}


class _Store(ABC):
    """What both repositories share: a table and a function that turns parts into keys."""

    def __init__(self, table: Table) -> None:
        self._table = table

    @abstractmethod
    def _key(self, parts: KeyParts) -> str:
        """The partition key for ``parts`` in this store's key space."""

    @abstractmethod
    def _check(self, key: str) -> str:
        """``key`` itself if it lies in this store's key space; raises otherwise."""

    def _keys(self, pk: KeyParts, sk: KeyParts) -> dict[str, str]:
        return {"pk": self._check(self._key(pk)), "sk": keys.escape_sort(sk)}

    def get(self, pk: KeyParts, sk: KeyParts, *, consistent: bool = True) -> dict[str, Any] | None:
        response = self._table.get_item(Key=self._keys(pk, sk), ConsistentRead=consistent)
        item = _live(response.get("Item"))
        return _strip(item) if item else None

    def get_many(
        self, addresses: Sequence[tuple[KeyParts, KeyParts]]
    ) -> list[dict[str, Any] | None]:
        """Several items by key, consistently, in the order asked (None where missing): one
        BatchGetItem round trip per hundred distinct keys, asked again for any DynamoDB left
        unprocessed."""
        keys = [self._keys(pk, sk) for pk, sk in addresses]
        distinct = list({(key["pk"], key["sk"]): key for key in keys}.values())
        found: dict[tuple[str, str], dict[str, Any]] = {}
        table = self._table.name
        # The table's own client takes Python values, as the table does (see ``transact``).
        client: Any = self._table.meta.client
        for start in range(0, len(distinct), _BATCH_GET_LIMIT):
            chunk = distinct[start : start + _BATCH_GET_LIMIT]
            request = {table: {"Keys": chunk, "ConsistentRead": True}}
            while request:
                response = client.batch_get_item(RequestItems=request)
                for item in response.get("Responses", {}).get(table, []):
                    found[(item["pk"], item["sk"])] = item
                request = response.get("UnprocessedKeys") or {}
        answers = [_live(found.get((key["pk"], key["sk"]))) for key in keys]
        return [_strip(item) if item else None for item in answers]

    def _item(self, pk: KeyParts, sk: KeyParts, attributes: Mapping[str, Any]) -> dict[str, Any]:
        item = {k: v for k, v in attributes.items() if k not in _KEY_ATTRIBUTES}
        item.update(self._keys(pk, sk))
        return item

    def put(
        self,
        pk: KeyParts,
        sk: KeyParts,
        attributes: Mapping[str, Any],
        *,
        gsi1: tuple[KeyParts, KeyParts] | None = None,
        expires_at: int | None = None,
        if_absent: bool = False,
        condition: ConditionBase | None = None,
    ) -> None:
        item = self._item(pk, sk, attributes)
        if gsi1 is not None:
            item["gsi1pk"] = self._check(self._key(gsi1[0]))
            item["gsi1sk"] = keys.escape_sort(gsi1[1])
        if expires_at is not None:
            item["expires_at"] = int(expires_at)
        expression = condition
        if if_absent:
            absent = Attr("pk").not_exists()
            expression = absent if expression is None else absent & expression
        try:
            if expression is None:
                self._table.put_item(Item=item)
            else:
                self._table.put_item(Item=item, ConditionExpression=expression)
        except ClientError as error:
            _raise_condition(error)

    def update(
        self,
        pk: KeyParts,
        sk: KeyParts,
        *,
        set_values: Mapping[str, Any] | None = None,
        remove: Sequence[str] = (),
        add: Mapping[str, int] | None = None,
        condition: ConditionBase | None = None,
        must_exist: bool = True,
    ) -> dict[str, Any]:
        """Change attributes (never key attributes); answers the item as it is afterwards."""
        arguments = self._update_arguments(pk, sk, set_values, remove, add, condition, must_exist)
        try:
            response = self._table.update_item(**arguments, ReturnValues="ALL_NEW")
        except ClientError as error:
            _raise_condition(error)
        return _strip(dict(response.get("Attributes", {})))

    def _update_arguments(
        self,
        pk: KeyParts,
        sk: KeyParts,
        set_values: Mapping[str, Any] | None,
        remove: Sequence[str],
        add: Mapping[str, int] | None,
        condition: ConditionBase | None,
        must_exist: bool,
    ) -> dict[str, Any]:
        names: dict[str, str] = {}
        values: dict[str, Any] = {}
        clauses = [
            clause
            for clause in (
                _update_clause("SET", "s", " = ", (set_values or {}).items(), names, values),
                _update_clause("ADD", "a", " ", (add or {}).items(), names, values),
                _update_clause("REMOVE", "r", None, ((n, None) for n in remove), names, values),
            )
            if clause
        ]
        arguments: dict[str, Any] = {
            "Key": self._keys(pk, sk),
            "UpdateExpression": " ".join(clauses),
            "ExpressionAttributeNames": names,
        }
        if values:
            arguments["ExpressionAttributeValues"] = values
        expression = _existing(condition) if must_exist else condition
        if expression is not None:
            arguments["ConditionExpression"] = expression
        return arguments

    def transact(self, writes: Sequence[Write]) -> None:
        """Apply ``writes`` all or none (one TransactWriteItems: at most 100, each to another
        item); raises ``ConditionFailed`` if a condition does not hold, or if another
        transaction was writing one of the items (either way they changed: read again)."""
        table = self._table.name
        actions: list[dict[str, Any]] = []
        for write in writes:
            if isinstance(write, Put):
                item = self._item(write.pk, write.sk, write.attributes)
                actions.append({"Put": {"TableName": table, "Item": item}})
            elif isinstance(write, Update):
                arguments = self._update_arguments(
                    write.pk, write.sk, write.set_values, write.remove, None, None, False
                )
                condition = _existing(write.condition) if write.must_exist else write.condition
                if condition is not None:
                    _spell_out(arguments, condition)
                actions.append({"Update": {"TableName": table, **arguments}})
            else:
                actions.append(
                    {"Delete": {"TableName": table, "Key": self._keys(write.pk, write.sk)}}
                )
        # The table's own client takes Python values, as the table does (its type stubs are
        # the plain client's, which takes DynamoDB's typed values).
        client: Any = self._table.meta.client
        try:
            client.transact_write_items(TransactItems=actions)
        except ClientError as error:
            reasons = error.response.get("CancellationReasons", [])
            if any(reason.get("Code") in _CHANGED for reason in reasons):
                raise ConditionFailed() from None
            raise

    def put_many(self, puts: Iterable[Put]) -> None:
        """Write items whole, in batches: no conditions, and no order or atomicity between
        them (an item written twice keeps the last)."""
        with self._table.batch_writer(overwrite_by_pkeys=["pk", "sk"]) as batch:
            for put in puts:
                batch.put_item(Item=self._item(put.pk, put.sk, put.attributes))

    def delete(self, pk: KeyParts, sk: KeyParts, *, condition: ConditionBase | None = None) -> None:
        try:
            if condition is None:
                self._table.delete_item(Key=self._keys(pk, sk))
            else:
                self._table.delete_item(Key=self._keys(pk, sk), ConditionExpression=condition)
        except ClientError as error:
            _raise_condition(error)

    def delete_partition(
        self, pk: KeyParts, *, where: Callable[[KeyParts], bool] | None = None
    ) -> int:
        """Delete every item under partition ``pk`` (those whose sort key parts ``where``
        accepts, where given); answers how many."""
        partition = self._check(self._key(pk))
        deleted = 0
        arguments: dict[str, Any] = {
            "KeyConditionExpression": Key("pk").eq(partition),
            "ProjectionExpression": "pk, sk",
        }
        while True:
            response = self._table.query(**arguments)
            with self._table.batch_writer() as batch:
                for item in response.get("Items", []):
                    if where is not None and not where(keys.unescape_sort(str(item["sk"]))):
                        continue
                    batch.delete_item(Key={"pk": self._check(str(item["pk"])), "sk": item["sk"]})
                    deleted += 1
            if "LastEvaluatedKey" not in response:
                return deleted
            arguments["ExclusiveStartKey"] = response["LastEvaluatedKey"]

    def query(
        self,
        pk: KeyParts,
        *,
        sk_prefix: KeyParts | None = None,
        sk_span: tuple[str, str] | None = None,
        index: str | None = None,
        limit: int = 100,
        cursor: Mapping[str, Any] | None = None,
        newest_first: bool = False,
        attributes: Sequence[str] = (),
        where: ConditionBase | None = None,
    ) -> Page:
        """One page of the items under partition ``pk`` (of the table or of ``gsi1``), with
        only ``attributes`` where some are named (an item's expiry is read with them); of
        those whose sort key begins ``sk_prefix``, or lies within ``sk_span`` (from
        ``keys.sort_span`` or ``keys.sort_range``), where given. ``where`` filters the items
        read: ``limit`` counts the items read, so a page may hold fewer (even none) while the
        cursor says more follow."""
        hash_name, range_name = ("gsi1pk", "gsi1sk") if index == "gsi1" else ("pk", "sk")
        condition: ConditionBase = Key(hash_name).eq(self._check(self._key(pk)))
        if sk_prefix:
            condition = condition & Key(range_name).begins_with(keys.escape_sort(sk_prefix))
        if sk_span:
            condition = condition & Key(range_name).between(*sk_span)
        arguments: dict[str, Any] = {
            "KeyConditionExpression": condition,
            "Limit": limit,
            "ScanIndexForward": not newest_first,
        }
        if index is not None:
            arguments["IndexName"] = index
        if attributes:
            arguments.update(projection(*attributes, "expires_at"))
        if where is not None:
            arguments["FilterExpression"] = where
        if cursor:
            for name in ("pk", hash_name):
                if name in cursor:
                    self._check(str(cursor[name]))
            arguments["ExclusiveStartKey"] = dict(cursor)
        response = self._table.query(**arguments)
        items = [_strip(item) for item in map(_live, response.get("Items", [])) if item]
        return Page(items, response.get("LastEvaluatedKey"))

    def query_all(
        self,
        pk: KeyParts,
        *,
        sk_span: tuple[str, str] | None = None,
        index: str | None = None,
        page_size: int = 200,
        attributes: Sequence[str] = (),
    ) -> Iterator[dict[str, Any]]:
        """Every item under partition ``pk`` (within ``sk_span`` where given), read
        ``page_size`` at a time (see ``query``)."""
        cursor: Mapping[str, Any] | None = None
        while True:
            page = self.query(
                pk,
                sk_span=sk_span,
                index=index,
                limit=page_size,
                cursor=cursor,
                attributes=attributes,
            )
            yield from page.items
            if page.cursor is None:
                return
            cursor = page.cursor


def _update_clause(
    action: str,
    tag: str,
    joiner: str | None,
    entries: Iterable[tuple[str, Any]],
    names: dict[str, str],
    values: dict[str, Any],
) -> str:
    """One action of an update expression (``SET #s0 = :s0, ...``), its names and values
    added to ``names`` and ``values``; "" when there is nothing to do. ``joiner`` None: the
    action takes names only (REMOVE)."""
    parts = []
    for index, (name, value) in enumerate(entries):
        _refuse_key_attribute(name)
        names[f"#{tag}{index}"] = name
        if joiner is None:
            parts.append(f"#{tag}{index}")
        else:
            values[f":{tag}{index}"] = value
            parts.append(f"#{tag}{index}{joiner}:{tag}{index}")
    return f"{action} {', '.join(parts)}" if parts else ""


def _existing(condition: ConditionBase | None) -> ConditionBase:
    """``condition`` on an item that must exist."""
    exists = Attr("pk").exists()
    return exists if condition is None else exists & condition


def _spell_out(arguments: dict[str, Any], condition: ConditionBase) -> None:
    """Add ``condition`` to ``arguments`` as an expression with its names and values: boto3
    writes a condition object's placeholders at the top of a request, where a transaction's
    actions cannot see them."""
    built = ConditionExpressionBuilder().build_expression(condition)
    arguments["ConditionExpression"] = built.condition_expression
    arguments.setdefault("ExpressionAttributeNames", {}).update(built.attribute_name_placeholders)
    if built.attribute_value_placeholders:
        arguments.setdefault("ExpressionAttributeValues", {}).update(
            built.attribute_value_placeholders
        )


def _refuse_key_attribute(name: str) -> None:
    if name in _KEY_ATTRIBUTES:
        raise ValueError("key attributes are set by the repository only")


def _raise_condition(error: ClientError) -> None:
    if error.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException":
        raise ConditionFailed() from None
    raise error


class TenantRepository(_Store):
    """Items of the context's tenant, and nothing else."""

    def __init__(self, context: TenantContext, table: Table | None = None) -> None:
        if not isinstance(context, TenantContext):
            raise TypeError("a TenantRepository needs a verified TenantContext")
        super().__init__(
            table if table is not None else tenant_table(context.tenant_id, context.grant)
        )
        self.context = context
        self._prefix = keys.tenant_prefix(context)

    def _key(self, parts: KeyParts) -> str:
        return keys.tenant_key(self.context, *parts)

    def _check(self, key: str) -> str:
        # Belt and braces: the key module cannot build another tenant's key, and this
        # refuses one that arrives any other way (a cursor, a future code path).
        if not key.startswith(self._prefix):
            raise PermissionError("key outside the tenant")
        return key


class PlatformRepository(_Store):
    """Platform-level records: the tenant registry, the e-mail registry, sign-in throttles."""

    def __init__(self, table: Table | None = None) -> None:
        super().__init__(table if table is not None else platform_table())

    def _key(self, parts: KeyParts) -> str:
        return keys.platform_key(*parts)

    def _check(self, key: str) -> str:
        if not key.startswith(keys.PLATFORM_PREFIX):
            raise PermissionError("platform records only")
        return key


# Either store: for the identity code that keeps a person's records in the tenant's partition
# or, for staff, in the platform's.
Repository = TenantRepository | PlatformRepository
