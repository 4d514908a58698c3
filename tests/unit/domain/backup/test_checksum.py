"""The backup fingerprint: order-independent, spelling-independent, and sensitive to content."""

from __future__ import annotations

import random

import pytest

from footprint.domain.backup.checksum import Fingerprint, canonical_value, fingerprint

ITEMS = [
    {"pk": {"S": f"TENANT#t1#ITEM#{n}"}, "sk": {"S": "A"}, "n": {"N": str(n)}} for n in range(50)
]


def test_the_order_of_items_does_not_matter() -> None:
    shuffled = list(ITEMS)
    random.Random(7).shuffle(shuffled)
    assert fingerprint(shuffled) == fingerprint(ITEMS)
    assert fingerprint(ITEMS).count == 50


def test_the_order_of_attributes_does_not_matter() -> None:
    forwards = {"a": {"S": "1"}, "b": {"N": "2"}}
    backwards = {"b": {"N": "2"}, "a": {"S": "1"}}
    assert fingerprint([forwards]) == fingerprint([backwards])


@pytest.mark.parametrize(
    ("scanned", "exported"),
    [
        ({"N": "1.50"}, {"N": "1.5"}),
        ({"N": "100"}, {"N": "1E+2"}),
        ({"N": "-0"}, {"N": "0.000"}),
        ({"B": b"\x00\x01"}, {"B": "AAE="}),
        ({"SS": ["b", "a"]}, {"SS": ["a", "b"]}),
        ({"NS": ["10", "9.0"]}, {"NS": ["9", "1E+1"]}),
        ({"BS": [b"\x02", b"\x01"]}, {"BS": ["AQ==", "Ag=="]}),
        (
            {"M": {"x": {"L": [{"N": "2.0"}, {"B": b"\x01"}]}}},
            {"M": {"x": {"L": [{"N": "2"}, {"B": "AQ=="}]}}},
        ),
    ],
)
def test_the_scan_and_the_export_spell_a_value_alike(scanned: dict, exported: dict) -> None:
    assert canonical_value(scanned) == canonical_value(exported)
    assert fingerprint([{"v": scanned}]) == fingerprint([{"v": exported}])


@pytest.mark.parametrize(
    "changed",
    [
        {"pk": {"S": "TENANT#t1#ITEM#0"}, "sk": {"S": "A"}, "n": {"N": "1000"}},  # a value
        {"pk": {"S": "TENANT#t1#ITEM#0"}, "sk": {"S": "A"}, "n": {"S": "0"}},  # a type
        {"pk": {"S": "TENANT#t1#ITEM#0"}, "sk": {"S": "A"}},  # an attribute dropped
        {"pk": {"S": "TENANT#t1#ITEM#0"}, "sk": {"S": "A"}, "n": {"N": "0"}, "x": {"NULL": True}},
    ],
)
def test_any_change_to_an_item_changes_the_checksum(changed: dict) -> None:
    assert fingerprint([changed, *ITEMS[1:]]).checksum != fingerprint(ITEMS).checksum


def test_a_duplicated_item_does_not_cancel_out() -> None:
    doubled = fingerprint([*ITEMS, ITEMS[0], ITEMS[0]])
    assert doubled.count == 52
    assert doubled.checksum != fingerprint(ITEMS).checksum


def test_fingerprints_merge_and_travel_as_text() -> None:
    whole = fingerprint(ITEMS)
    assert fingerprint(ITEMS[:20]).merge(fingerprint(ITEMS[20:])) == whole
    assert Fingerprint.from_dict(whole.as_dict()) == whole
    assert len(whole.hex) == 64


def test_an_unknown_type_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown DynamoDB attribute type"):
        canonical_value({"X": "1"})
