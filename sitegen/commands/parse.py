"""``sitegen parse FILE... [--json]``: show what the reader found in each dump, before merging."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ..model import Dump, RawEntry
from ..sources import collect, read_or_problems
from ..util import counted

JSON_HELP = """\
With --json, prints one JSON array with one object per FILE, in the order given:
  {"file": path, "layout": "blocks"|"meta"|"lines", "digest": "YYYY-MM-DD"|null,
   "page_date": "YYYY-MM-DD"|"MM-DD"|null, "lines": N,
   "records": [{"title", "abstract", "authors", "published", "upvotes", "comments", "source"}, ...],
   "warnings": [{"source": "file:line", "message": text}, ...]}
Records are every sighting in file order, repeats included. "published" is YYYY-MM-DD, or MM-DD when
the year cannot be known (no digest date); a field the dump does not print is null.
Without --json, prints a one-line summary per file and its warnings.
Exits 1, printing nothing on stdout, when any FILE cannot be read (every such problem is listed)."""


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "parse",
        help="show the papers read from dump files (before merging)",
        description="Read dump files and show the records found in each, in file order.",
        epilog=JSON_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE", help="dump files to read")
    parser.add_argument("--json", action="store_true", help="print the records as JSON (shape below)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    dumps = read_all(args.files)
    if args.json:
        text = json.dumps([dump_to_json(d) for d in dumps], ensure_ascii=False, indent=2)
        sys.stdout.write(text + "\n")
        return 0
    for dump in dumps:
        sys.stdout.write(summary(dump) + "\n")
        for problem in dump.warnings:
            sys.stdout.write(f"  {problem}\n")
    return 0


def read_all(paths: list[Path]) -> list[Dump]:
    """Every file is read before anything is printed, so all unreadable files are reported together;
    the dumps come back in the order given."""
    dumps = collect([read_or_problems(path, require_date=False) for path in paths])
    order = {str(path): number for number, path in enumerate(paths)}
    return sorted(dumps, key=lambda dump: order[dump.path])


def summary(dump: Dump) -> str:
    digest = dump.digest.isoformat() if dump.digest else "no digest date"
    return (f"{dump.path}: {dump.layout.value} layout, {digest}, {counted(len(dump.entries), 'record')}, "
            f"{counted(len(dump.warnings), 'warning')}")


def dump_to_json(dump: Dump) -> dict[str, object]:
    return {
        "file": dump.path,
        "layout": dump.layout.value,
        "digest": dump.digest.isoformat() if dump.digest else None,
        "page_date": dump.page_date.iso() if dump.page_date else None,
        "lines": dump.lines,
        "records": [entry_to_json(e) for e in dump.entries],
        "warnings": [{"source": str(p.location), "message": p.message} for p in dump.warnings],
    }


def entry_to_json(entry: RawEntry) -> dict[str, object]:
    return {
        "title": entry.title,
        "abstract": entry.abstract,
        "authors": entry.authors,
        "published": entry.published.iso() if entry.published else None,
        "upvotes": entry.upvotes,
        "comments": entry.comments,
        "source": str(entry.location),
    }
