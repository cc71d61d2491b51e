"""``sitegen build``: content folder in, static site out, with a summary a curator can trust."""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from ..build import STAGES, BuildOptions, build
from ..build.check import check_project
from ..build.progress import progress, wants_bar
from ..errors import SitegenError
from ..model import Severity
from ..project import Project
from ..util import counted
from . import add_content_option, add_out_option, out_of, project_of


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "build", help="build the site into public/",
        description="Parse every dump, merge, tag and render the site and its feeds into --out "
                    "(swapped in only when the whole build succeeded).")
    add_content_option(parser)
    add_out_option(parser)
    parser.add_argument("--base-url", help="override site.yaml's base_url (previews, CI)")
    parser.add_argument("--quiet", action="store_true",
                        help="no progress bar (it is drawn only on a terminal outside CI)")
    parser.add_argument("--allow-url-change", action="store_true",
                        help="accept that a published paper URL moves (a redirect page is left) "
                             "or disappears")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    project = project_of(args)
    options = BuildOptions(base_url=args.base_url, allow_url_change=args.allow_url_change)
    # A bar for a person at a terminal; in CI and pipes the output stays the warnings and one summary line.
    with progress(STAGES, quiet=args.quiet or not wants_bar(sys.stderr)) as reporter:
        try:
            report = build(project, out_of(args, project), options=options, reporter=reporter)
        except SitegenError as exc:
            raise every_error(project, exc, args.base_url) from None
    for problem in report.warnings:
        print(f"sitegen: {project.show(problem)}", file=sys.stderr)
    seconds = time.perf_counter() - started
    print(f"built {report.out}: {counted(report.papers, 'paper')}, {counted(report.digests, 'digest')}, "
          f"{counted(report.tags, 'tag')}, {counted(report.pages, 'page')} "
          f"({counted(report.files, 'file')}), {counted(len(report.warnings), 'warning')} in {seconds:.2f} s")
    return 0


def every_error(project: Project, failed: SitegenError, base_url: str | None) -> SitegenError:
    """The build stops at its first failing stage; the curator should see every error at once, so
    the inputs are checked as ``sitegen check`` does and its errors join the one that stopped it."""
    errors = [p for p in check_project(project, base_url) if p.severity is Severity.ERROR]
    if set(errors) <= set(failed.problems):
        return failed
    return SitegenError(sorted(set(failed.problems) | set(errors)))
