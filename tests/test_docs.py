"""Every command has help and is documented in the README (after sqlite-utils' tests/test_docs.py)."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from sitegen.cli import main, make_parser

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
Parser = argparse.ArgumentParser


def subcommands(parser: Parser, prefix: str = "") -> list[tuple[str, Parser]]:
    found = []
    for action in parser._actions:  # argparse keeps subparsers only here
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found.append((f"{prefix}{name}", sub))
                found += subcommands(sub, f"{prefix}{name} ")
    return found


COMMANDS = subcommands(make_parser())


def test_the_commands_are_found() -> None:
    names = {name for name, _ in COMMANDS}
    assert {"build", "parse", "tags", "tags explain", "serve", "new-digest", "init"} <= names


@pytest.mark.parametrize(("name", "parser"), COMMANDS, ids=[name for name, _ in COMMANDS])
def test_command_has_help_and_is_in_the_readme(name: str, parser: Parser) -> None:
    assert parser.format_help().startswith(f"usage: sitegen {name}")
    shown = re.search(rf"`sitegen {re.escape(name)}( [^`]*)?`", README)
    assert shown, f"README does not show `sitegen {name}`"


def test_readme_starts_with_the_two_commands() -> None:
    block = README.split("```sh\n", 1)[1].split("```", 1)[0].splitlines()
    commands = [line.split("#")[0].strip() for line in block]
    assert commands == ["pip install . && sitegen build", "scripts/test"]
    assert "pytest" in (ROOT / "scripts" / "test").read_text(encoding="utf-8")


def test_readme_tags_explain_example_is_what_the_command_prints(capsys: pytest.CaptureFixture[str]) -> None:
    """The README's `$ sitegen tags explain "..."` transcript, run on the real digest in content/."""
    command, shown = README.split("\n$ sitegen tags explain ", 1)[1].split("```", 1)[0].split("\n", 1)
    title = command.strip().strip('"')
    assert main(["tags", "--content", str(ROOT / "content"), "explain", title]) == 0
    assert capsys.readouterr().out.strip() == shown.strip()
