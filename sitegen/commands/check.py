"""``sitegen check``: every problem of a project's inputs, without writing anything (for CI and
pre-commit hooks)."""

from __future__ import annotations

import argparse
from typing import Any

from ..build.check import check_project
from ..model import Severity
from ..util import counted
from . import add_content_option, project_of


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "check", help="check site.yaml, tags.yaml, dumps, notes and the ledger; write nothing",
        description="Read and check everything a build reads (site.yaml, tags.yaml and its examples, "
                    "every dump, the notes, permalinks.lock) and print every problem at once with its "
                    "file:line. Writes nothing. Exits 1 when there is an error (with --strict, a warning "
                    "too).")
    add_content_option(parser)
    parser.add_argument("--base-url", help="check with this base_url instead of site.yaml's")
    parser.add_argument("--strict", action="store_true", help="exit 1 on warnings as well as errors")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    project = project_of(args)
    problems = check_project(project, args.base_url)
    for problem in problems:
        print(f"sitegen: {project.show(problem)}")
    errors = sum(1 for p in problems if p.severity is Severity.ERROR)
    warnings = len(problems) - errors
    print(f"checked {project.content}: {counted(errors, 'error')}, {counted(warnings, 'warning')}")
    return 1 if errors or (args.strict and warnings) else 0
