"""The ``sitegen`` command line: argument parsing and error reporting only."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from . import __version__
from .errors import PROGRAM, SitegenError

if TYPE_CHECKING:
    from .model import Problem
    from .project import Project

# Each module in sitegen.commands registers one command (and its subcommands).
COMMANDS = ("build", "check", "parse", "tags", "serve", "new_digest", "fetch", "init")


def make_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser with every command, or with just ``only`` (a command's module name): each module
    imports what its command needs, and a build should not wait for the others' imports."""
    parser = argparse.ArgumentParser(
        prog="sitegen",
        description="Build a static site and feeds from Hugging Face paper-listing dumps.",
    )
    parser.add_argument("--version", action="version", version=f"sitegen {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        if only in (None, name):
            importlib.import_module(f".commands.{name}", __package__).register(sub)
    return parser


def _command(argv: Sequence[str]) -> str | None:
    """The command module named by the first argument, when it names one (else every command is
    registered, so help and "invalid choice" errors list them all)."""
    name = argv[0].replace("-", "_") if argv else ""
    return name if name in COMMANDS else None


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = make_parser(_command(argv))
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        code: int = args.func(args)
        sys.stdout.flush()  # a reader that stopped early shows here, not in the interpreter's exit
    except BrokenPipeError:
        # `sitegen tags | head -1`: the reader closed the pipe, which is how pipes end, not an error.
        # stdout is pointed at devnull so the interpreter's last flush has nothing left to fail on.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141  # 128 + SIGPIPE, what a shell reports for a writer cut off
    except SitegenError as exc:
        project = getattr(args, "project", None)
        for problem in exc.problems:
            print(_line(problem, project), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except OSError as exc:  # the disk said no (read-only, full, a path through a file): one line
        where = f"{exc.filename}: " if exc.filename is not None else ""
        print(f"sitegen: {where}error: {exc.strerror or exc}", file=sys.stderr)
        return 1
    return code


def _line(problem: Problem, project: Project | None) -> str:
    """``sitegen: file:line: error: message``; a problem of no file is ``sitegen: error: message``."""
    if problem.location == PROGRAM:
        return f"sitegen: {problem.severity.value}: {problem.message}"
    return f"sitegen: {project.show(problem) if project else problem}"
