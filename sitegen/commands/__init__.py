"""One module per CLI command. Each exposes ``register(subparsers)`` and sets ``func`` on its parser:
``func(args) -> int`` returns the exit code. Commands are thin: parse arguments, call the library,
print. ``sitegen.cli`` turns ``SitegenError`` into messages and exit codes.

The options every command that works on a project shares are declared here, once.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..project import Project, find_project, project_at

CONTENT_HELP = ("the content folder (the one holding site.yaml); default: found from the current folder "
                "or its parents, as ./site.yaml or ./content/site.yaml")


def add_content_option(parser: argparse.ArgumentParser, *, inherited: bool = False) -> None:
    """``--content DIR``. ``inherited``: on a subcommand whose parent also takes it, so that
    ``sitegen tags --content X explain ...`` keeps X (the subcommand's own default is suppressed)."""
    parser.add_argument("--content", type=Path, default=argparse.SUPPRESS if inherited else None,
                        metavar="DIR", help=CONTENT_HELP)


def add_out_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, default=None, metavar="DIR",
                        help="the output folder (default: public/ at the project's top)")


def project_of(args: argparse.Namespace) -> Project:
    """The project the command works on; kept on ``args`` so the CLI names files in messages as a
    person in this folder finds them."""
    content = getattr(args, "content", None)
    project = project_at(content) if content is not None else find_project()
    args.project = project
    return project


def out_of(args: argparse.Namespace, project: Project) -> Path:
    out: Path | None = getattr(args, "out", None)
    return project.out if out is None else out
