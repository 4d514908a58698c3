"""The audit log's hash chain: how an event is sealed, and how a chain is checked.

Each chained event stores its ``sequence`` (1, 2, 3 ... per log, so the order is total even
when two events share a timestamp), the ``previous_hash`` of the event before it (``GENESIS``
for the first) and its own ``hash``: the SHA-256 of its canonical form, that is every stored
field but ``hash`` itself as JSON with sorted keys, no whitespace, UTF-8. Editing an event
breaks its hash; removing one leaves a gap in the sequence; moving one breaks the next
event's ``previous_hash``. Each log also keeps a head item (its last sequence and hash),
written in the same transaction as the event, which the daily backup copies to the vault.

The platform's log is kept as ``PLATFORM_LANES`` chains (lanes) rather than one: its events
(failed sign-ins for e-mails no tenant has) come from anyone on the internet at any rate, and
a single head would make every one of them wait for the others. Each event joins a lane drawn
at random, names it in its ``lane`` field, and ``walk_lanes`` checks every lane.

Events written before the chain existed carry no ``sequence``: the chain cannot vouch for
them, so ``walk`` counts them and lets them be, as long as they precede its first event.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, replace
from decimal import Decimal
from typing import Any

GENESIS = "0" * 64
# The head item of a tenant's chain, under the tenant's key space.
HEAD = (("AUDIT_CHAIN",), ("HEAD",))
# The platform's lanes (see docs/identity.md for why 64 make a contended write rare enough).
PLATFORM_LANES = tuple(f"{lane:02x}" for lane in range(64))


def lane_head(lane: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The head item of one of the platform's lanes, under the platform's key space."""
    return ("AUDIT_CHAIN", lane), ("HEAD",)


def _plain(value: object) -> object:
    # DynamoDB answers numbers as Decimal; the only number in an event is its sequence.
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    raise TypeError(f"an audit event holds no {type(value).__name__}")


def canonical(fields: Mapping[str, Any]) -> bytes:
    """The bytes an event's hash is taken of: every field but ``hash``."""
    unsealed = {name: value for name, value in fields.items() if name != "hash"}
    text = json.dumps(
        unsealed, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_plain
    )
    return text.encode("utf-8")


def hash_of(fields: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical(fields)).hexdigest()


@dataclass(frozen=True)
class Head:
    """The last event of a chain: what the head item and the vault keep of it."""

    sequence: int
    hash: str
    event_id: str
    at: str

    def to_attributes(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_attributes(cls, item: Mapping[str, Any]) -> Head:
        return cls(
            sequence=int(item["sequence"]),
            hash=str(item["hash"]),
            event_id=str(item["event_id"]),
            at=str(item["at"]),
        )


def seal(fields: Mapping[str, Any], after: Head | None) -> dict[str, Any]:
    """``fields`` (with ``event_id`` and ``at``) as the event that follows ``after`` (None:
    the chain's first)."""
    sealed = dict(fields)
    sealed["sequence"] = after.sequence + 1 if after else 1
    sealed["previous_hash"] = after.hash if after else GENESIS
    sealed["hash"] = hash_of(sealed)
    return sealed


def head_of(sealed: Mapping[str, Any]) -> Head:
    return Head.from_attributes(sealed)


@dataclass(frozen=True)
class Break:
    """The first event that does not fit, and why."""

    sequence: int
    event_id: str
    at: str
    problem: str
    lane: str | None = None

    def line(self) -> str:
        where = f"lane {self.lane}, " if self.lane is not None else ""
        return f"{where}event {self.sequence} ({self.event_id}, {self.at}): {self.problem}"


@dataclass(frozen=True)
class Verdict:
    length: int  # chained events read
    unchained: int  # events before the chain began, which it cannot vouch for
    head: Head | None  # the last chained event read
    broken: Break | None
    chains: int = 1  # chains that hold events (the platform's lanes)

    @property
    def holds(self) -> bool:
        return self.broken is None

    def line(self) -> str:
        if self.broken is not None:
            return f"chain broken at {self.broken.line()}"
        if self.head is None:
            text = "no chained events"
        else:
            held = "chain holds" if self.chains == 1 else f"{self.chains} chains hold"
            text = (
                f"{held}: {self.length} events, the last {self.head.sequence} "
                f"({self.head.event_id}, {self.head.at}, hash {self.head.hash})"
            )
        if self.unchained:
            text += (
                f"; {self.unchained} earlier events predate the chain and carry no link "
                "(not verifiable)"
            )
        return text


def _unchained(items: list[Mapping[str, Any]], first: Mapping[str, Any] | None) -> Break | None:
    """An unchained event dated after the chain began was not written by ``seal``."""
    if first is None:
        return None
    for item in items:
        if str(item.get("at", "")) > str(first["at"]):
            return Break(
                int(first["sequence"]),
                str(item.get("event_id", "?")),
                str(item.get("at", "?")),
                "an event without a chain link dated after the chain began (inserted)",
            )
    return None


def _misfit(
    item: Mapping[str, Any], expected: int, previous: str, vault: Head | None
) -> str | None:
    sequence = int(item["sequence"])
    if hash_of(item) != item.get("hash"):
        return "its content does not match its hash (edited)"
    if sequence < expected:
        return f"sequence {sequence} again after {expected - 1} (a copy or a fork)"
    if sequence > expected:
        missing = str(expected) if sequence == expected + 1 else f"{expected} to {sequence - 1}"
        return f"event {missing} missing before it (removed)"
    if item.get("previous_hash") != previous:
        return "its previous hash is not the hash of the event before it (removed or reordered)"
    if vault is not None and vault.sequence == sequence and vault.hash != item["hash"]:
        return "its hash differs from the one the backup vault recorded (rewritten)"
    return None


def walk(
    items: Iterable[Mapping[str, Any]],
    *,
    recorded_head: Head | None,
    vault_head: Head | None = None,
) -> Verdict:
    """Check a log's events (in any order) against the chain rules, the log's head item and,
    where given, the head the backup vault recorded; names the first event that does not
    fit, in sequence order."""
    chained: list[Mapping[str, Any]] = []
    unchained: list[Mapping[str, Any]] = []
    for item in items:
        (chained if "sequence" in item else unchained).append(item)
    chained.sort(key=lambda item: int(item["sequence"]))
    first = chained[0] if chained else None
    inserted = _unchained(unchained, first)
    if inserted is not None:
        return Verdict(len(chained), len(unchained), None, inserted)
    expected, previous, last = 1, GENESIS, None
    for item in chained:
        problem = _misfit(item, expected, previous, vault_head)
        if problem is not None:
            broken = Break(int(item["sequence"]), str(item["event_id"]), str(item["at"]), problem)
            return Verdict(len(chained), len(unchained), last, broken)
        last = head_of(item)
        expected, previous = last.sequence + 1, last.hash
    return Verdict(len(chained), len(unchained), last, _beyond(last, recorded_head, vault_head))


def walk_lanes(
    items: Iterable[Mapping[str, Any]],
    *,
    recorded_heads: Mapping[str, Head | None],
    vault_heads: Mapping[str, Head] | None = None,
) -> Verdict:
    """``walk`` for a log kept in lanes: each lane's events against its head item and its
    vault head. ``recorded_heads`` holds every lane (None where a lane has no head item);
    an event naming another lane, or none, fits no head. The first lane that does not hold
    is named; when all hold, the head is the last event of all."""
    vault = vault_heads or {}
    lanes: dict[str, list[Mapping[str, Any]]] = {lane: [] for lane in [*recorded_heads, *vault]}
    unchained: list[Mapping[str, Any]] = []
    for item in items:
        if "sequence" in item:
            lanes.setdefault(str(item.get("lane")), []).append(item)
        else:
            unchained.append(item)
    chained = [item for events in lanes.values() for item in events]
    earliest = min(chained, key=lambda item: str(item["at"]), default=None)
    inserted = _unchained(unchained, earliest)
    if inserted is not None:
        lane = str(earliest["lane"]) if earliest else None
        return Verdict(len(chained), len(unchained), None, replace(inserted, lane=lane))
    last: Head | None = None
    for lane, events in sorted(lanes.items()):
        verdict = walk(events, recorded_head=recorded_heads.get(lane), vault_head=vault.get(lane))
        if verdict.broken is not None:
            broken = replace(verdict.broken, lane=lane)
            return Verdict(len(chained), len(unchained), verdict.head, broken)
        if verdict.head is not None and (last is None or verdict.head.at > last.at):
            last = verdict.head
    held = sum(1 for events in lanes.values() if events)
    return Verdict(len(chained), len(unchained), last, None, chains=held)


def _beyond(last: Head | None, recorded: Head | None, vault: Head | None) -> Break | None:
    """What the heads say about the end of the chain: an event they name that is gone."""
    read = last.sequence if last else 0
    if recorded is None:
        if last is not None:
            return Break(last.sequence, last.event_id, last.at, "the chain's head item is gone")
    elif recorded.sequence > read:
        return Break(
            recorded.sequence,
            recorded.event_id,
            recorded.at,
            "the chain's head item names this event, which is gone (removed)",
        )
    elif recorded != last:
        return Break(
            read,
            last.event_id if last else "?",
            last.at if last else "?",
            f"the chain's head item names event {recorded.sequence} ({recorded.event_id}), "
            "not the last one",
        )
    if vault is not None and vault.sequence > read:
        return Break(
            vault.sequence,
            vault.event_id,
            vault.at,
            "the backup vault recorded this event as the chain's head; it is gone (removed)",
        )
    return None


@dataclass(frozen=True)
class VaultHeads:
    """Every chain's head as one backup recorded it: the document kept in the vault."""

    backup_id: str
    recorded_at: str
    tenants: dict[str, Head]
    platform: dict[str, Head]  # by lane

    def to_json(self) -> str:
        return json.dumps(
            {
                "backup_id": self.backup_id,
                "recorded_at": self.recorded_at,
                "tenants": {
                    tenant: head.to_attributes() for tenant, head in sorted(self.tenants.items())
                },
                "platform": {
                    lane: head.to_attributes() for lane, head in sorted(self.platform.items())
                },
            },
            indent=1,
        )

    @classmethod
    def from_json(cls, text: str) -> VaultHeads:
        document = json.loads(text)
        return cls(
            backup_id=str(document["backup_id"]),
            recorded_at=str(document["recorded_at"]),
            tenants={
                str(tenant): Head.from_attributes(head)
                for tenant, head in document["tenants"].items()
            },
            platform={
                str(lane): Head.from_attributes(head) for lane, head in document["platform"].items()
            },
        )
