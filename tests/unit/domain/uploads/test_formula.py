"""Formula injection: dangerous text is quoted, numbers stay numbers."""

from __future__ import annotations

import pytest

from footprint.domain.uploads.formula import neutralise, neutralise_row


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("http://evil.example","x")',
        "+SUM(A1:A2)",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(1,2)",
        "\t=1+1",
        "\r=1+1",
        "-1+2",
        "+44 20 7946 0958",
        "-",
        "=",
    ],
)
def test_dangerous_text_is_quoted(text: str) -> None:
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize(
    "value", [-12.5, 0, 3, None, "-12.5", "+3", "-1e-3", ".5", "Plant 1", "a=b", ""]
)
def test_numbers_and_harmless_text_pass_unchanged(value: object) -> None:
    assert neutralise(value) == value


def test_a_row() -> None:
    assert neutralise_row(["=1", -4.0, "ok"]) == ["'=1", -4.0, "ok"]
