"""The ``sitegen`` command line: argument parsing and error reporting only."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from . import __version__
from .errors import SitegenError

# Each module in sitegen.commands registers one command (and its subcommands).
COMMANDS = ("build", "parse", "tags", "serve", "new_digest", "init")


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sitegen",
        description="Build a static site and feeds from Hugging Face paper-listing dumps.",
    )
    parser.add_argument("--version", action="version", version=f"sitegen {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f".commands.{name}", __package__).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        code: int = args.func(args)
    except SitegenError as exc:
        for problem in exc.problems:
            print(f"sitegen: {problem}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    return code
