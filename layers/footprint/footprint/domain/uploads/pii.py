"""The personal-data screen: which cells of an upload hold personal data, never what they hold.

Footprint stores no personal data beyond its users' names, work e-mails and IP addresses, so
an upload whose cells carry e-mail addresses, phone numbers, national ids, payment card
numbers or IBANs is refused (and its stored copy deleted by the workflow). Activity data is
full of numbers (quantities, dates, NAICS codes, meter and invoice ids, "US-TX-0001"), so every
detector is a precise shape *plus* a validation where one exists, and leans to precision:

- **email**: local part, ``@``, a dotted domain with a 2-24 letter top-level label.
- **phone**: international (``+`` and 8-15 digits, E.164's length, ITU-T E.164 §6; with a
  separator or at least 10 digits), North American ``(415) 555-2671`` / ``415-555-2671``
  (NANP area and exchange codes start 2-9), and national trunk-prefixed numbers written with
  separators (``020 7946 0958``, ``01 23 45 67 89``), 10-11 digits. A bare digit run without
  ``+`` is never taken for a phone number: it is far likelier an id.
- **national_id**: US Social Security numbers written ``AAA-GG-SSSS`` or with spaces (area
  not 000, 666 or 9xx; group not 00; serial not 0000: SSA, "SSN randomization", 2011) and UK
  National Insurance numbers (two prefix letters from the allowed sets, six digits, suffix
  A-D: HMRC National Insurance Manual NIM39110). Bare nine-digit runs are not flagged.
- **payment_card**: 13-19 digits, bare or in 4-4-4-4(-3) / Amex 4-6-5 groups, whose issuer
  prefix and length belong to a card scheme (ISO/IEC 7812 IIN ranges as the schemes publish
  them) and which pass the Luhn check (ISO/IEC 7812-1 Annex B).
- **iban**: country code, two check digits and the country's registered length (SWIFT IBAN
  Registry), passing the ISO 13616 mod-97 check.

A value in a numeric column (``quantity``, ``distance``, ``supplier_factor``) that reads as a
number is a number, not a phone or card number, and is not screened. A ``Finding`` names the
row, the column and the kind; the value never leaves this module.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from footprint.domain.uploads.parsing import NUMERIC_COLUMNS, Cell, Table


class Kind(StrEnum):
    EMAIL = "email"
    PHONE = "phone"
    NATIONAL_ID = "national_id"
    PAYMENT_CARD = "payment_card"
    IBAN = "iban"


@dataclass(frozen=True, slots=True)
class Finding:
    """Personal data of one kind in one cell: where, and what kind; never the value."""

    row: int
    column: str
    kind: Kind

    def to_dict(self) -> dict[str, object]:
        return {"row": self.row, "column": self.column, "kind": self.kind.value}


_EMAIL = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@"
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![\w-])"
)
_INTERNATIONAL_PHONE = re.compile(r"(?<![\w+])\+\d(?:[ .\-]?\(?\d++\)?){1,7}(?![\w-])")
_NANP_PHONE = re.compile(
    r"(?<![\w-])(?:\+?1[ .\-]?)?(?:\([2-9]\d{2}\) ?|[2-9]\d{2}[ .\-])[2-9]\d{2}[ .\-]\d{4}(?![\w-])"
)
_NATIONAL_PHONE = re.compile(
    r"(?<![\w+\-])(?:0\d{2,4}[ \-]\d{3,4}[ \-]?\d{3,4}|0[1-9](?:[ .]\d{2}){4})(?![\w-])"
)
_SSN = re.compile(r"(?<![\w-])(?!000|666|9\d\d)\d{3}([ \-])(?!00)\d{2}\1(?!0000)\d{4}(?![\w-])")
_NINO = re.compile(
    r"(?<![A-Z0-9])(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
    r" ?\d{2} ?\d{2} ?\d{2} ?[A-D](?![A-Za-z0-9])"
)
_CARD = re.compile(
    r"(?<![\d\-])(?:\d{13,19}|\d{4}([ \-])\d{4}\1\d{4}\1\d{1,7}|\d{4}([ \-])\d{6}\2\d{5})"
    r"(?![\d\-])"
)
_IBAN = re.compile(r"(?<![A-Z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}(?![A-Z0-9])")

# Which rows deserve a closer look: Python's regular expressions, run over every character of
# a digit-led pattern, are too slow for millions of rows. So a row's text is first reduced to
# its shape (ASCII digits become "0", upper-case letters "A", lower-case "a") and searched for
# the few fixed spellings a shape of personal data takes (bytes search is C's fast scan).
# Dates ("0000-00-00"), decimals and words have none of them, so most rows end there.
_SHAPE_TABLE = bytes.maketrans(
    b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
    b"0" * 10 + b"A" * 26 + b"a" * 26,
)


def _spellings(template: bytes, separators: bytes) -> tuple[bytes, ...]:
    """``template`` with each ``?`` written as each of ``separators``, in every combination."""
    pattern = template.replace(b"?", b"%c")
    slots = template.count(b"?")
    return tuple(pattern % choice for choice in itertools.product(separators, repeat=slots))


_SHAPES = (
    b"0" * 13,  # bare card numbers (13 digits or more)
    *_spellings(b"000?00?0000", b"- "),  # SSNs
    *_spellings(b"000?000", b"- "),  # grouped phone and card numbers
    b"000.000.0000",  # NANP with dots
    *_spellings(b"00?00?00?00", b" ."),  # national numbers in pairs
    b"AA00",  # IBAN
    b"AA 00 00 00 A",  # NINO
    b"AA 000000 A",
    b")000",  # (415) 555-2671
    b") 000",
)


def _suspicious(text: str) -> bool:
    if "@" in text or "+" in text:
        return True
    shape = text.encode("ascii", "replace").translate(_SHAPE_TABLE)
    return any(map(shape.__contains__, _SHAPES))


_NUMBER = re.compile(r"\s*[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?\s*")

# (first digits, lowest, highest, lengths): issuer ranges of the card schemes (ISO/IEC 7812
# IINs as Visa, Mastercard, American Express, Discover, JCB, Diners Club, UnionPay and
# Maestro publish them).
_SCHEMES: tuple[tuple[int, int, int, frozenset[int]], ...] = (
    (1, 4, 4, frozenset({13, 16, 19})),  # Visa
    (2, 51, 55, frozenset({16})),  # Mastercard
    (4, 2221, 2720, frozenset({16})),  # Mastercard 2-series
    (2, 34, 34, frozenset({15})),  # American Express
    (2, 37, 37, frozenset({15})),
    (4, 6011, 6011, frozenset(range(16, 20))),  # Discover
    (3, 644, 649, frozenset(range(16, 20))),
    (2, 65, 65, frozenset(range(16, 20))),
    (4, 3528, 3589, frozenset(range(16, 20))),  # JCB
    (3, 300, 305, frozenset(range(14, 20))),  # Diners Club
    (2, 36, 36, frozenset(range(14, 20))),
    (2, 38, 39, frozenset(range(16, 20))),
    (2, 62, 62, frozenset(range(16, 20))),  # UnionPay
    (2, 50, 50, frozenset(range(13, 20))),  # Maestro
    (2, 56, 58, frozenset(range(13, 20))),
)

# IBAN lengths by country (SWIFT IBAN Registry): the SEPA countries and other common ones.
# A code not listed is not flagged (precision first).
_IBAN_LENGTHS = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22,
    "BR": 29, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "DO": 28, "EE": 20,
    "EG": 29, "ES": 24, "FI": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18,
    "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IS": 26, "IT": 27, "JO": 30,
    "KW": 30, "KZ": 20, "LB": 28, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MD": 24,
    "ME": 22, "MK": 19, "MT": 31, "MU": 30, "NL": 18, "NO": 15, "PK": 24, "PL": 28, "PS": 29,
    "PT": 25, "QA": 29, "RO": 24, "RS": 22, "SA": 24, "SE": 24, "SI": 19, "SK": 24, "SM": 27,
    "TN": 24, "TR": 26, "UA": 29, "VA": 22, "XK": 20,
}  # fmt: skip


def luhn_valid(digits: str) -> bool:
    """The Luhn (mod 10) check of ISO/IEC 7812-1."""
    total = 0
    for index, character in enumerate(reversed(digits)):
        value = ord(character) - 48
        if index % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def _card_scheme_matches(digits: str) -> bool:
    length = len(digits)
    return any(
        low <= int(digits[:width]) <= high and length in lengths
        for width, low, high, lengths in _SCHEMES
    )


def iban_valid(candidate: str) -> bool:
    """Registered length for the country and the ISO 13616 mod-97 check."""
    iban = candidate.replace(" ", "").upper()
    if _IBAN_LENGTHS.get(iban[:2]) != len(iban):
        return False
    rearranged = iban[4:] + iban[:4]
    if not rearranged.isalnum() or not rearranged.isascii():
        return False
    return int("".join(str(int(character, 36)) for character in rearranged)) % 97 == 1


def _digit_count(text: str) -> int:
    return sum(character.isdigit() for character in text)


def _has_phone(text: str) -> bool:
    for match in _INTERNATIONAL_PHONE.finditer(text):
        found = match.group()
        digits = _digit_count(found)
        separated = any(character in " .-()" for character in found)
        if 8 <= digits <= 15 and (separated or digits >= 10):
            return True
    if _NANP_PHONE.search(text):
        return True
    return any(10 <= _digit_count(match.group()) <= 11 for match in _NATIONAL_PHONE.finditer(text))


def _has_card(text: str) -> bool:
    for match in _CARD.finditer(text):
        digits = re.sub(r"[ \-]", "", match.group())
        if _card_scheme_matches(digits) and luhn_valid(digits):
            return True
    return False


def _has_iban(text: str) -> bool:
    return any(iban_valid(match.group()) for match in _IBAN.finditer(text.upper()))


def kinds_in(text: str) -> list[Kind]:
    """The kinds of personal data in one piece of text (empty for none)."""
    kinds: list[Kind] = []
    if "@" in text and _EMAIL.search(text):
        kinds.append(Kind.EMAIL)
    if _has_phone(text):
        kinds.append(Kind.PHONE)
    if _SSN.search(text) or _NINO.search(text):
        kinds.append(Kind.NATIONAL_ID)
    if _has_card(text):
        kinds.append(Kind.PAYMENT_CARD)
    if _has_iban(text):
        kinds.append(Kind.IBAN)
    return kinds


def screen_row(row: int, cells: Mapping[str, Cell]) -> list[Finding]:
    """Findings in one row. A shape check over the whole row clears almost every row of
    activity data; only rows with a suspicious shape are looked at cell by cell."""
    if not _suspicious("\x1f".join([value for value in cells.values() if isinstance(value, str)])):
        return []
    findings: list[Finding] = []
    for column, value in cells.items():
        if not isinstance(value, str) or not value:
            continue
        if not _suspicious(value) or (column in NUMERIC_COLUMNS and _NUMBER.fullmatch(value)):
            continue
        findings.extend(Finding(row, column, kind) for kind in kinds_in(value))
    return findings


def screen_table(text: str, table: Table) -> list[Finding]:
    """Every finding in a table part (``text`` as stored, ``table`` as read from it).

    A cell's text appears whole in the part's text, so a part whose text has no suspicious
    shape has no suspicious cell: one scan of the text clears a clean part, and only a
    part with a suspicious shape somewhere is screened row by row.
    """
    if not _suspicious(text):
        return []
    return screen(table.records())


def screen(rows: Iterable[tuple[int, Mapping[str, Cell]]]) -> list[Finding]:
    """Every finding in ``rows`` (as ``footprint.domain.uploads.parsing.iter_rows`` yields
    them), in row order."""
    findings: list[Finding] = []
    for row, cells in rows:
        findings.extend(screen_row(row, cells))
    return findings
