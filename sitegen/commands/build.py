"""``sitegen build``: content folder in, static site out, with a summary a curator can trust."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from ..build import STAGES, build
from ..progress import progress, wants_bar


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "build", help="build the site into public/",
        description="Parse every dump, merge, tag and render the site and its feeds into --out "
                    "(swapped in only when the whole build succeeded).")
    parser.add_argument("--content", type=Path, default=Path("content"),
                        help="the content folder (default: content)")
    parser.add_argument("--out", type=Path, default=Path("public"),
                        help="the output folder (default: public)")
    parser.add_argument("--base-url", help="override site.yaml's base_url (previews, CI)")
    parser.add_argument("--quiet", action="store_true",
                        help="no progress bar (it is drawn only on a terminal outside CI)")
    parser.add_argument("--allow-url-change", action="store_true",
                        help="accept that a published paper URL moves (a redirect page is left) "
                             "or disappears")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    # A bar for a person at a terminal; in CI and pipes the output stays the warnings and one summary line.
    with progress(STAGES, quiet=args.quiet or not wants_bar(sys.stderr)) as reporter:
        report = build(args.content, args.out, base_url=args.base_url,
                       allow_url_change=args.allow_url_change, reporter=reporter)
    for problem in report.warnings:
        print(f"sitegen: {problem}", file=sys.stderr)
    seconds = time.perf_counter() - started
    print(f"built {report.out}: {report.papers} papers, {report.digests} digests, {report.tags} tags, "
          f"{report.pages} pages ({report.files} files), {len(report.warnings)} warnings in {seconds:.2f} s")
    return 0
