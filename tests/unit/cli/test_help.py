"""``footprint --help`` and every command's help are written for users: what it does, and an
example of each command (issue 22)."""

from __future__ import annotations

import argparse

import pytest

from footprint.cli import build_parser, main


def _commands(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> list[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    """Every command and subcommand, with the words that call it."""
    found = [(path, parser)]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                found += _commands(child, (*path, name))
    return found


def test_top_level_help_is_for_users(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    text = capsys.readouterr().out
    assert "register(" not in text
    assert "``" not in text
    for command in ("calc", "factors search", "tenant create", "backup run", "restore"):
        assert f"\n  footprint {command} " in text


@pytest.mark.parametrize(
    ("path", "parser"),
    [pytest.param(p, c, id=" ".join(p) or "footprint") for p, c in _commands(build_parser())],
)
def test_every_command_has_an_example(
    path: tuple[str, ...], parser: argparse.ArgumentParser
) -> None:
    text = parser.format_help()
    assert "examples:" in text
    assert f"  footprint {' '.join(path)}".rstrip() + " " in text.split("examples:", 1)[1]


def test_search_text_names_the_category_and_activity_to_write(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["factors", "search", "steam", "--region", "US", "--edition", "2025"]) == 0
    header, line = capsys.readouterr().out.splitlines()
    row = dict(zip(header.split("\t"), line.split("\t"), strict=True))
    assert row["category"] == "steam_heat"
    assert row["activity"] == "steam_and_heat"
    assert row["unit"] == "mmBtu"
