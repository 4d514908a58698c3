"""The local platform's adjustments to moto change how much it works, never what it answers."""

from __future__ import annotations

import gc
import hashlib
import threading
import time
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import backends
from moto.s3.models import FakeKey

from local import emulator

BUCKET = "emulator-test-bucket"
BODIES = {"upload/source": [b"first version " * 1000, b"second version"], "upload/part": [b"p"]}


@pytest.fixture
def tuned(aws: None, monkeypatch: pytest.MonkeyPatch) -> Any:
    """A versioned bucket holding ``BODIES`` in a tuned moto; moto's classes are put back
    afterwards, as ``tune`` changes them for the whole process."""
    monkeypatch.setattr(FakeKey, "__deepcopy__", None, raising=False)
    monkeypatch.setattr(backends, "list_of_moto_modules", backends.list_of_moto_modules)
    s3 = boto3.client("s3")
    s3.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "us-east-2"})
    s3.put_bucket_versioning(Bucket=BUCKET, VersioningConfiguration={"Status": "Enabled"})
    for key, bodies in BODIES.items():
        for body in bodies:
            s3.put_object(Bucket=BUCKET, Key=key, Body=body)
    emulator.tune()
    emulator.tune()
    return s3


def test_versions_are_listed_whole_without_reading_a_body(
    tuned: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unread(key: FakeKey) -> bytes:
        raise AssertionError(f"the listing read the body of {key.name}")

    monkeypatch.setattr(FakeKey, "value", property(unread))
    listed = tuned.list_object_versions(Bucket=BUCKET, Prefix="upload/")["Versions"]
    assert [
        (version["Key"], version["IsLatest"], version["Size"], version["ETag"])
        for version in listed
    ] == [
        (key, place == len(bodies) - 1, len(body), f'"{hashlib.md5(body).hexdigest()}"')
        for key, bodies in sorted(BODIES.items())
        for place, body in reversed(list(enumerate(bodies)))
    ]


def test_every_version_keeps_its_body_after_the_listing_copies_are_gone(tuned: Any) -> None:
    listed = tuned.list_object_versions(Bucket=BUCKET)["Versions"]
    gc.collect()  # a copy of a key closes its body when collected: it must be its own
    bodies = [
        tuned.get_object(Bucket=BUCKET, Key=v["Key"], VersionId=v["VersionId"])["Body"].read()
        for v in listed
    ]
    assert sorted(bodies) == sorted(body for kept in BODIES.values() for body in kept)


def test_the_emulator_lists_its_service_modules_once(tuned: Any) -> None:
    assert backends.list_of_moto_modules() is backends.list_of_moto_modules()
    assert "s3" in backends.list_of_moto_modules()


TABLE = "emulator-test-table"
B_KEY = {"pk": {"S": "b"}, "sk": {"S": "1"}}
C_KEY = {"pk": {"S": "c"}, "sk": {"S": "1"}}
# The last action of a transaction: one that fails its condition, one that holds.
C_MUST_EXIST = {
    "ConditionCheck": {
        "TableName": TABLE,
        "Key": C_KEY,
        "ConditionExpression": "attribute_exists(pk)",
    }
}
C_PUT = {
    "Put": {"TableName": TABLE, "Item": C_KEY, "ConditionExpression": "attribute_not_exists(pk)"}
}


@pytest.fixture
def dynamodb(aws: None) -> Any:
    """A table (with a stream, as the data table has) holding b#1 with v = 1 and b#2, in
    the tuned moto every unit test runs."""
    client = boto3.client("dynamodb")
    client.create_table(
        TableName=TABLE,
        KeySchema=[
            {"AttributeName": "pk", "KeyType": "HASH"},
            {"AttributeName": "sk", "KeyType": "RANGE"},
        ],
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "S"},
        ],
        BillingMode="PAY_PER_REQUEST",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
    )
    client.put_item(TableName=TABLE, Item={**B_KEY, "v": {"N": "1"}})
    client.put_item(TableName=TABLE, Item={"pk": {"S": "b"}, "sk": {"S": "2"}})
    return client


def _stream_records() -> int:
    from moto.dynamodb.models import dynamodb_backends

    table = dynamodb_backends["123456789012"]["us-east-2"].tables[TABLE]
    return len(table.stream_shard.items)


def _writes_then(last: dict[str, Any]) -> list[dict[str, Any]]:
    """A put of a new item a#1, an update of b#1 (in place, in moto) and a delete of b#2,
    then ``last``."""
    return [
        {"Put": {"TableName": TABLE, "Item": {"pk": {"S": "a"}, "sk": {"S": "1"}}}},
        {
            "Update": {
                "TableName": TABLE,
                "Key": B_KEY,
                "UpdateExpression": "SET v = :v",
                "ExpressionAttributeValues": {":v": {"N": "2"}},
            }
        },
        {"Delete": {"TableName": TABLE, "Key": {"pk": {"S": "b"}, "sk": {"S": "2"}}}},
        last,
    ]


def _held(client: Any) -> list[tuple[str, str, str]]:
    items = client.scan(TableName=TABLE, ConsistentRead=True)["Items"]
    return sorted((i["pk"]["S"], i["sk"]["S"], i.get("v", {}).get("N", "")) for i in items)


def test_a_failed_condition_cancels_every_write_of_the_transaction(dynamodb: Any) -> None:
    before, records = _held(dynamodb), _stream_records()

    with pytest.raises(ClientError) as cancelled:
        dynamodb.transact_write_items(TransactItems=_writes_then(C_MUST_EXIST))

    assert cancelled.value.response["Error"]["Code"] == "TransactionCanceledException"
    reasons = cancelled.value.response["CancellationReasons"]
    assert [reason["Code"] for reason in reasons] == ["None"] * 3 + ["ConditionalCheckFailed"]
    assert _held(dynamodb) == before  # no a#1, b#1 still 1, b#2 still there
    assert _stream_records() == records


def test_a_refused_write_late_in_a_transaction_undoes_the_earlier_ones(dynamodb: Any) -> None:
    before = _held(dynamodb)
    refused = {
        "Update": {
            "TableName": TABLE,
            "Key": C_KEY,
            "UpdateExpression": "ADD v :v",
            "ExpressionAttributeValues": {":v": {"S": "not a number"}},
        }
    }

    with pytest.raises(ClientError, match="ValidationException"):
        dynamodb.transact_write_items(TransactItems=_writes_then(refused))

    assert _held(dynamodb) == before  # c#1 not left behind by the refused update either


def test_a_transaction_that_holds_writes_every_item(dynamodb: Any) -> None:
    dynamodb.transact_write_items(TransactItems=_writes_then(C_PUT))

    assert _held(dynamodb) == [("a", "1", ""), ("b", "1", "2"), ("c", "1", "")]


def test_a_transaction_copies_no_table(dynamodb: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """What a transaction costs grows with its own items, not with the table (moto itself
    deep-copies every table a transaction names)."""
    from moto.dynamodb.models.table import Table

    def refused(table: Table, memo: dict[int, object]) -> Table:
        raise AssertionError(f"the transaction copied the table {table.name}")

    monkeypatch.setattr(Table, "__deepcopy__", refused, raising=False)
    with pytest.raises(ClientError, match="TransactionCanceledException"):
        dynamodb.transact_write_items(TransactItems=_writes_then(C_MUST_EXIST))
    dynamodb.transact_write_items(TransactItems=_writes_then(C_PUT))


def test_no_reader_sees_half_a_transaction(dynamodb: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A reader asks for a#1 right after the transaction has written it and before its last
    action cancels it: it gets an answer only once the transaction is over, without a#1."""
    from moto.dynamodb.models.table import Table

    real_put = Table.put_item
    seen: list[object] = []

    def put_then_read(table: Table, *args: Any, **kwargs: Any) -> Any:
        written = real_put(table, *args, **kwargs)
        if args and args[0].get("pk") == {"S": "a"}:
            reader = threading.Thread(
                target=lambda: seen.append(
                    dynamodb.get_item(TableName=TABLE, Key={"pk": {"S": "a"}, "sk": {"S": "1"}})
                )
            )
            reader.start()
            reader.join(timeout=0.5)  # the reader waits for the transaction: let it go on
            seen.append("transaction went on")
        return written

    monkeypatch.setattr(Table, "put_item", put_then_read)
    with pytest.raises(ClientError, match="TransactionCanceledException"):
        dynamodb.transact_write_items(TransactItems=_writes_then(C_MUST_EXIST))
    deadline = time.monotonic() + 5
    while len(seen) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)

    assert seen[0] == "transaction went on"
    assert "Item" not in seen[1]
