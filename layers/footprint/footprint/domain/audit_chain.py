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

**Full IP addresses leave the log after 13 months** (``footprint.domain.audit_ip``), so the
chain must not depend on them. An event of ``chain_version`` 2 stores, beside its
``source_ip``, a ``source_ip_digest`` (keyed, ``audit_ip.digest``), and its canonical form
holds the address only as its network (``audit_ip.retained``): truncating the address changes
nothing the hash covers, editing it to another network breaks the hash, and, given the key,
``walk`` checks a full address against its digest. Events sealed before (version 1, no
``chain_version``) hashed the full address; the retention job truncates them anyway and
re-anchors them: in the same transaction it appends an ``audit.ip_truncated`` event whose
``reanchors`` name each changed event's sequence and new content hash, sealed with the key
(``reanchors_mac``). ``walk`` accepts an event whose content no longer matches its ``hash``
only when a later event of its chain names exactly that sequence and that content hash; the
links (``hash``, ``previous_hash``) are never rewritten, so the heads the vault recorded still
hold.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from decimal import Decimal
from typing import Any

from footprint.domain import audit_ip

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


# The chain form in which the source address enters the hash as its network, beside its
# keyed digest (see the module's docstring); events without the field are version 1.
VERSION_FIELD = "chain_version"
KEYED_IP = 2
DIGEST_FIELD = "source_ip_digest"
# The event that re-anchors the events whose address the retention job truncated.
TRUNCATION_ACTION = "audit.ip_truncated"
REANCHORS_FIELD = "reanchors"
REANCHORS_MAC_FIELD = "reanchors_mac"


def keyed_ip(fields: Mapping[str, Any]) -> bool:
    """True for an event whose chain form holds its address as network and digest."""
    return fields.get(VERSION_FIELD) == KEYED_IP


def canonical(fields: Mapping[str, Any]) -> bytes:
    """The bytes an event's hash is taken of: every field but ``hash``, the source address of
    a version-2 event as its network."""
    unsealed = {name: value for name, value in fields.items() if name != "hash"}
    if keyed_ip(fields) and isinstance(fields.get("source_ip"), str):
        unsealed["source_ip"] = audit_ip.retained(fields["source_ip"])
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
class AuditKey:
    """The platform's audit key and the log it is applied to (a tenant id, or ``platform``):
    what ``walk`` needs to check full addresses against their digests and re-anchors
    against their seal."""

    key: bytes
    scope: str

    def ip_holds(self, item: Mapping[str, Any]) -> bool:
        """A version-2 event's address is its digest's, or already truncated (then the hash
        holds its network)."""
        source = str(item.get("source_ip", ""))
        expected = audit_ip.digest(self.key, self.scope, source)
        return hmac.compare_digest(expected, str(item.get(DIGEST_FIELD, ""))) or (
            not audit_ip.is_full(source)
        )

    def seal_reanchors(self, reanchors: Sequence[Mapping[str, Any]]) -> str:
        """The seal of a truncation event's re-anchors: one who can write the table but does
        not hold the key cannot make an edit pass for a truncation."""
        entries = [(int(entry["sequence"]), str(entry["hash"])) for entry in reanchors]
        message = json.dumps(["reanchors", self.scope, entries], separators=(",", ":"))
        return hmac.new(self.key, message.encode(), hashlib.sha256).hexdigest()

    def reanchors_hold(self, item: Mapping[str, Any]) -> bool:
        sealed = self.seal_reanchors(item.get(REANCHORS_FIELD) or [])
        return hmac.compare_digest(sealed, str(item.get(REANCHORS_MAC_FIELD, "")))


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
    # Full addresses and re-anchors taken on trust, as no audit key was given to check them.
    unchecked: int = 0

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
        if self.unchecked:
            text += (
                f"; {self.unchecked} source addresses or re-anchors not checked "
                "(no audit key given)"
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


Anchors = frozenset[tuple[int, str]]


def _anchors(chained: Sequence[Mapping[str, Any]], key: AuditKey | None) -> Anchors:
    """The (sequence, content hash) pairs that later truncation events of the chain name
    (with the key: only those whose seal holds)."""
    anchors: set[tuple[int, str]] = set()
    for item in chained:
        if item.get("action") != TRUNCATION_ACTION or REANCHORS_FIELD not in item:
            continue
        if key is not None and not key.reanchors_hold(item):
            continue
        anchors.update(
            (int(entry["sequence"]), str(entry["hash"]))
            for entry in item[REANCHORS_FIELD]
            if int(entry["sequence"]) < int(item["sequence"])
        )
    return frozenset(anchors)


def _misfit(
    item: Mapping[str, Any],
    expected: int,
    previous: str,
    vault: Head | None,
    anchors: Anchors = frozenset(),
    key: AuditKey | None = None,
) -> str | None:
    sequence = int(item["sequence"])
    content = hash_of(item)
    if content != item.get("hash") and (sequence, content) not in anchors:
        return "its content does not match its hash (edited)"
    if key is not None and keyed_ip(item) and not key.ip_holds(item):
        return "its source address does not match the digest the chain holds (edited)"
    if key is not None and REANCHORS_FIELD in item and not key.reanchors_hold(item):
        return "its re-anchors are not sealed with the audit key (forged)"
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


def _unchecked(chained: Sequence[Mapping[str, Any]], key: AuditKey | None) -> int:
    """What only the key could check, when it is not given: full addresses of version-2
    events, and truncation events' re-anchors."""
    if key is not None:
        return 0
    return sum(
        1
        for item in chained
        if (keyed_ip(item) and audit_ip.is_full(str(item.get("source_ip", ""))))
        or REANCHORS_FIELD in item
    )


def walk(
    items: Iterable[Mapping[str, Any]],
    *,
    recorded_head: Head | None,
    vault_head: Head | None = None,
    key: AuditKey | None = None,
) -> Verdict:
    """Check a log's events (in any order) against the chain rules, the log's head item and,
    where given, the head the backup vault recorded; names the first event that does not
    fit, in sequence order. With the audit ``key``, full addresses are checked against their
    digests and re-anchors against their seal; without it they are counted as unchecked."""
    chained: list[Mapping[str, Any]] = []
    unchained: list[Mapping[str, Any]] = []
    for item in items:
        (chained if "sequence" in item else unchained).append(item)
    chained.sort(key=lambda item: int(item["sequence"]))
    first = chained[0] if chained else None
    inserted = _unchained(unchained, first)
    if inserted is not None:
        return Verdict(len(chained), len(unchained), None, inserted)
    anchors = _anchors(chained, key)
    unchecked = _unchecked(chained, key)
    expected, previous, last = 1, GENESIS, None
    for item in chained:
        problem = _misfit(item, expected, previous, vault_head, anchors, key)
        if problem is not None:
            broken = Break(int(item["sequence"]), str(item["event_id"]), str(item["at"]), problem)
            return Verdict(len(chained), len(unchained), last, broken, unchecked=unchecked)
        last = head_of(item)
        expected, previous = last.sequence + 1, last.hash
    beyond = _beyond(last, recorded_head, vault_head)
    return Verdict(len(chained), len(unchained), last, beyond, unchecked=unchecked)


def walk_lanes(
    items: Iterable[Mapping[str, Any]],
    *,
    recorded_heads: Mapping[str, Head | None],
    vault_heads: Mapping[str, Head] | None = None,
    key: AuditKey | None = None,
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
    unchecked = 0
    for lane, events in sorted(lanes.items()):
        verdict = walk(
            events, recorded_head=recorded_heads.get(lane), vault_head=vault.get(lane), key=key
        )
        unchecked += verdict.unchecked
        if verdict.broken is not None:
            broken = replace(verdict.broken, lane=lane)
            return Verdict(len(chained), len(unchained), verdict.head, broken, unchecked=unchecked)
        if verdict.head is not None and (last is None or verdict.head.at > last.at):
            last = verdict.head
    held = sum(1 for events in lanes.values() if events)
    return Verdict(len(chained), len(unchained), last, None, chains=held, unchecked=unchecked)


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
