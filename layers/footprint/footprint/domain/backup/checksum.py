"""An order-independent fingerprint (item count and checksum) of a set of DynamoDB items.

A backup is verified by comparing the fingerprint of the exported items with that of the
table at export time, and a restore by comparing the restored table with the backup. Scans,
export files and batch writes all visit items in different orders, so the checksum is the
sum, modulo 2**256, of one SHA-256 digest per item: the order does not matter, and unlike
XOR a duplicated item changes the sum instead of cancelling out.

Items arrive in DynamoDB's typed form (``{"S": ...}``, ``{"N": ...}``) from two sources that
spell the same value differently: the low-level client gives binary values as ``bytes`` and
numbers as DynamoDB stored them, export files give binary as base64 text. Each value is put
in one canonical form first (numbers normalised, sets sorted, binary as base64), so the same
item always has the same digest.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

MODULUS = 2**256

AttributeValue = Mapping[str, Any]
Item = Mapping[str, AttributeValue]


def _number(text: str) -> str:
    """One spelling per number: ``1.50``, ``1.5`` and ``15E-1`` are the same value."""
    value = Decimal(str(text))
    if value == 0:
        return "0"
    return format(value.normalize(), "f")


def _binary(value: Any) -> str:
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    return str(value)


def canonical_value(value: AttributeValue) -> dict[str, Any]:
    """``value`` (one typed attribute value) in the single form the digest is taken over."""
    if len(value) != 1:
        raise ValueError("a typed attribute value has exactly one type key")
    ((kind, raw),) = value.items()
    match kind:
        case "S" | "BOOL" | "NULL":
            return {kind: raw}
        case "N":
            return {"N": _number(raw)}
        case "B":
            return {"B": _binary(raw)}
        case "SS":
            return {"SS": sorted(str(item) for item in raw)}
        case "NS":
            return {"NS": sorted((_number(item) for item in raw), key=Decimal)}
        case "BS":
            return {"BS": sorted(_binary(item) for item in raw)}
        case "L":
            return {"L": [canonical_value(item) for item in raw]}
        case "M":
            return {"M": canonical_item(raw)}
    raise ValueError(f"unknown DynamoDB attribute type {kind!r}")


def canonical_item(item: Item) -> dict[str, Any]:
    return {name: canonical_value(value) for name, value in item.items()}


def item_digest(item: Item) -> int:
    text = json.dumps(canonical_item(item), sort_keys=True, separators=(",", ":"))
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest(), "big")


@dataclass(frozen=True)
class Fingerprint:
    """How many items a set holds and the order-independent checksum of their contents."""

    count: int = 0
    checksum: int = 0

    def add(self, item: Item) -> Fingerprint:
        return Fingerprint(self.count + 1, (self.checksum + item_digest(item)) % MODULUS)

    def merge(self, other: Fingerprint) -> Fingerprint:
        return Fingerprint(self.count + other.count, (self.checksum + other.checksum) % MODULUS)

    @property
    def hex(self) -> str:
        return f"{self.checksum:064x}"

    def as_dict(self) -> dict[str, Any]:
        return {"count": self.count, "checksum": self.hex}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Fingerprint:
        return cls(int(data["count"]), int(str(data["checksum"]), 16))


def fingerprint(items: Iterable[Item]) -> Fingerprint:
    result = Fingerprint()
    for item in items:
        result = result.add(item)
    return result
