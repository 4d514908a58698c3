"""Neutralise spreadsheet formula injection in exported cells (CSV and XLSX).

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is run
as a formula by Excel, LibreOffice and Google Sheets when the export is opened (OWASP, "CSV
Injection"): a facility name such as ``=HYPERLINK(...)`` or ``-2+3+cmd|...`` in an uploaded
file must come back as text. Following OWASP, such a cell is prefixed with a single quote,
which spreadsheets display as text and do not evaluate.

Decision on numbers: a value that *is* a number (an ``int`` or ``float``, as every emission
figure of an export is) is left alone, so ``-12.5`` stays a number a spreadsheet can sum.
A text cell is left alone only if the whole of it is a plain decimal number (``-12.5``,
``+3``, ``-1e-3``): spreadsheets read such text as that number and nothing else, so it cannot
carry a formula. Any other text with a dangerous first character is quoted, ``-1+2`` and
``+44 20 7946 0958`` included.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import cast

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?")


def neutralise[T](value: T) -> T:
    """``value`` safe to write into an exported cell (numbers and ``None`` unchanged)."""
    if (
        isinstance(value, str)
        and value.startswith(_TRIGGERS)
        and not _PLAIN_NUMBER.fullmatch(value)
    ):
        return cast(T, "'" + value)
    return value


def neutralise_row[T](values: Iterable[T]) -> list[T]:
    """Every cell of one exported row, neutralised (for ``csv.writer.writerow``)."""
    return [neutralise(value) for value in values]
