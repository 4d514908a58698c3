"""The spelling of a claimed domain and its TXT record."""

from __future__ import annotations

import pytest

from footprint.domain.auth.domains import domain_of, normalise_domain, record_name, record_value
from footprint.domain.errors import InvalidInput


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("Example.COM", "example.com"),
        ("mail.example.co.uk.", "mail.example.co.uk"),
        ("xn--bcher-kva.example", "xn--bcher-kva.example"),
    ],
)
def test_a_domain_is_lower_cased_without_its_trailing_dot(given: str, expected: str) -> None:
    assert normalise_domain(given) == expected


@pytest.mark.parametrize(
    "given",
    [
        "localhost",
        "example",
        "-bad.example",
        "bad-.example",
        "a b.example",
        "a@b.example",
        "x." * 130 + "example",
        "example.c0m",
        "",
    ],
)
def test_what_is_not_a_domain_name_is_refused(given: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        normalise_domain(given)
    assert caught.value.details["field"] == "domain"


def test_the_record_and_the_address_domain() -> None:
    assert record_name("example.com") == "_footprint.example.com"
    assert record_value("abc") == "footprint-verification=abc"
    assert domain_of("grace@mail.example.com") == "mail.example.com"
