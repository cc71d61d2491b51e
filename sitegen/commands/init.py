"""``sitegen init DIR``: a new digest project, ready to build and to publish with GitHub Pages."""

from __future__ import annotations

import argparse
import shlex
from pathlib import Path
from typing import Any

from ..scaffold import init_project


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "init", help="create a new digest project in DIR",
        description="Create a digest project in DIR (new or empty): site.yaml, tags.yaml with two "
                    "example tags, a sample dump, an about page, .gitignore and the GitHub Pages "
                    "workflow. Build it with `sitegen build --content DIR`.")
    parser.add_argument("dir", type=Path, metavar="DIR", help="the new project's folder")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    target: Path = args.dir
    written = init_project(target)
    for path in written:
        print(path)
    print(f"\nnext: edit {target / 'site.yaml'} (title, base_url) and {target / 'requirements.txt'}, "
          f"then `cd {shlex.quote(str(target))}` and `sitegen serve` "
          "(every command finds the project from there)")
    return 0
