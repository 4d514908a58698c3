"""The chain forms an event can be sealed in, checked without AWS: version 2 holds the
address as network and keyed digest, so truncating it changes nothing the chain covers;
version 1 hashed the full address, so a truncated one must be re-anchored by a later, sealed
truncation event. Any other edit is still caught."""

from __future__ import annotations

from typing import Any

from footprint.domain import audit_chain, audit_ip

KEY = audit_chain.AuditKey(b"a-test-key-of-the-audit-chain", "t-chain")
FULL = "198.51.100.7"
TRUNCATED = "198.51.100.0"


def _event(n: int, *, keyed: bool, source: str = FULL) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "event_id": f"e{n}",
        "at": f"2025-01-01T00:00:0{n}.000000Z",
        "action": f"test.step{n}",
        "outcome": "success",
        "source_ip": source,
    }
    if keyed:
        fields[audit_chain.VERSION_FIELD] = audit_chain.KEYED_IP
        fields[audit_chain.DIGEST_FIELD] = audit_ip.digest(KEY.key, KEY.scope, source)
    return fields


def _chain(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    sealed: list[dict[str, Any]] = []
    for fields in events:
        after = audit_chain.head_of(sealed[-1]) if sealed else None
        sealed.append(audit_chain.seal(fields, after))
    return sealed


def _verdict(chain: list[dict[str, Any]], key: audit_chain.AuditKey | None = KEY) -> Any:
    return audit_chain.walk(chain, recorded_head=audit_chain.head_of(chain[-1]), key=key)


def _truncation(n: int, reanchors: list[dict[str, Any]], key: audit_chain.AuditKey = KEY) -> Any:
    fields = _event(n, keyed=True, source="ip-retention")
    fields["action"] = audit_chain.TRUNCATION_ACTION
    fields[audit_chain.REANCHORS_FIELD] = reanchors
    fields[audit_chain.REANCHORS_MAC_FIELD] = key.seal_reanchors(reanchors)
    return fields


def _problem(verdict: Any) -> tuple[int, str]:
    assert verdict.broken is not None, verdict.line()
    return verdict.broken.sequence, verdict.broken.problem


# ---------------------------------------------------------------- version 2: keyed address


def test_truncating_a_keyed_address_changes_nothing_the_chain_covers() -> None:
    chain = _chain([_event(n, keyed=True) for n in (1, 2, 3)])
    before = [event["hash"] for event in chain]
    chain[1]["source_ip"] = TRUNCATED

    assert audit_chain.hash_of(chain[1]) == before[1]
    verdict = _verdict(chain)
    assert verdict.holds, verdict.line()
    assert verdict.unchecked == 0


def test_an_edited_digest_or_field_of_a_keyed_event_breaks_the_chain() -> None:
    for name, value in (
        (audit_chain.DIGEST_FIELD, "00" * 32),
        ("outcome", "failure"),
        ("action", "test.other"),
        (audit_chain.VERSION_FIELD, 1),
    ):
        chain = _chain([_event(n, keyed=True) for n in (1, 2, 3)])
        chain[1][name] = value
        assert _problem(_verdict(chain)) == (2, "its content does not match its hash (edited)")
    chain = _chain([_event(n, keyed=True) for n in (1, 2, 3)])
    del chain[1][audit_chain.DIGEST_FIELD]
    assert _problem(_verdict(chain))[0] == 2


def test_a_keyed_address_moved_to_another_network_breaks_the_hash_without_the_key() -> None:
    chain = _chain([_event(n, keyed=True) for n in (1, 2, 3)])
    chain[2]["source_ip"] = "203.0.113.7"
    assert _problem(_verdict(chain, key=None)) == (
        3,
        "its content does not match its hash (edited)",
    )


def test_a_full_address_edited_within_its_network_fails_its_digest() -> None:
    chain = _chain([_event(n, keyed=True) for n in (1, 2, 3)])
    chain[0]["source_ip"] = "198.51.100.99"

    assert _problem(_verdict(chain)) == (
        1,
        "its source address does not match the digest the chain holds (edited)",
    )
    # Without the key the network is all that is held: the line says what went unchecked.
    unkeyed = _verdict(chain, key=None)
    assert unkeyed.holds
    assert unkeyed.unchecked == 3
    assert "3 source addresses or re-anchors not checked (no audit key given)" in unkeyed.line()


def test_a_digest_of_another_tenant_does_not_hold() -> None:
    chain = _chain([_event(n, keyed=True) for n in (1, 2)])
    other = audit_chain.AuditKey(KEY.key, "t-other")
    assert _problem(_verdict(chain, key=other))[0] == 1


# ---------------------------------------------------------------- version 1: re-anchored


def _v1_truncated(*changed: int) -> list[dict[str, Any]]:
    """Three version-1 events, ``changed`` truncated, and the truncation event naming them."""
    chain = _chain([_event(n, keyed=False) for n in (1, 2, 3)])
    reanchors = []
    for sequence in changed:
        chain[sequence - 1]["source_ip"] = TRUNCATED
        reanchors.append({"sequence": sequence, "hash": audit_chain.hash_of(chain[sequence - 1])})
    after = audit_chain.head_of(chain[-1])
    chain.append(audit_chain.seal(_truncation(4, reanchors), after))
    return chain


def test_a_truncated_unkeyed_event_breaks_the_chain_unless_re_anchored() -> None:
    chain = _chain([_event(n, keyed=False) for n in (1, 2, 3)])
    chain[1]["source_ip"] = TRUNCATED
    assert _problem(_verdict(chain)) == (2, "its content does not match its hash (edited)")

    verdict = _verdict(_v1_truncated(1, 2))
    assert verdict.holds, verdict.line()
    assert verdict.length == 4


def test_the_links_of_a_re_anchored_event_are_not_rewritten() -> None:
    original = _chain([_event(n, keyed=False) for n in (1, 2, 3)])
    chain = _v1_truncated(2)
    assert [event["hash"] for event in chain[:3]] == [event["hash"] for event in original]
    assert chain[2]["previous_hash"] == original[1]["hash"]


def test_any_other_edit_of_a_re_anchored_event_is_caught() -> None:
    chain = _v1_truncated(2)
    chain[1]["outcome"] = "failure"
    assert _problem(_verdict(chain)) == (2, "its content does not match its hash (edited)")

    chain = _v1_truncated(2)
    chain[1]["source_ip"] = "198.51.0.0"
    assert _problem(_verdict(chain))[0] == 2


def test_a_re_anchor_counts_only_for_the_sequence_it_names() -> None:
    chain = _v1_truncated(2)
    chain[0]["source_ip"] = TRUNCATED  # truncated, but the truncation event does not name it
    assert _problem(_verdict(chain)) == (1, "its content does not match its hash (edited)")


def test_a_re_anchor_not_sealed_with_the_key_is_refused() -> None:
    forger = audit_chain.AuditKey(b"not the platform's key", KEY.scope)
    chain = _chain([_event(n, keyed=False) for n in (1, 2, 3)])
    chain[1]["outcome"] = "failure"  # an edit passed off as a truncation
    reanchors = [{"sequence": 2, "hash": audit_chain.hash_of(chain[1])}]
    chain.append(
        audit_chain.seal(_truncation(4, reanchors, key=forger), audit_chain.head_of(chain[-1]))
    )

    assert _problem(_verdict(chain)) == (2, "its content does not match its hash (edited)")
    unkeyed = _verdict(chain, key=None)
    assert unkeyed.holds
    assert unkeyed.unchecked == 1  # the truncation event, whose re-anchors went unchecked


def test_a_truncation_event_whose_seal_was_edited_breaks_there() -> None:
    chain = _v1_truncated()
    chain[3][audit_chain.REANCHORS_MAC_FIELD] = "00" * 32
    chain[3]["hash"] = audit_chain.hash_of(chain[3])  # resealed by someone without the key
    verdict = audit_chain.walk(chain, recorded_head=audit_chain.head_of(chain[-1]), key=KEY)
    assert _problem(verdict) == (4, "its re-anchors are not sealed with the audit key (forged)")
