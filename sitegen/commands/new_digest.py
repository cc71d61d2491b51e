"""``sitegen new-digest [DATE]``: an empty dump for one digest date, ready to paste a listing into."""

from __future__ import annotations

import argparse
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from ..config import load_config
from ..errors import InputError, SitegenError
from ..model import Location
from ..project import Project
from ..sources.dates import digest_from_name
from . import add_content_option, project_of

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "new-digest", help="create dumps/DATE.txt to paste a listing into",
        description="Create CONTENT/dumps/DATE.txt holding only front matter (date: DATE): paste the "
                    "copied Hugging Face listing below it. Never overwrites a dump.")
    parser.add_argument("date", nargs="?", metavar="DATE",
                        help="the digest date, YYYY-MM-DD (default: today in site.yaml's timezone)")
    add_content_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    print(new_digest(project_of(args), args.date))
    return 0


def new_digest(project: Project, when: str | None = None, *, now: datetime | None = None) -> Path:
    """Create the dump and return its path. ``now`` stands in for the clock in tests."""
    config = load_config(project.site_file)
    day = parse_date(when) if when else today(config.timezone, now)
    dumps = project.dumps
    path = dumps / f"{day.isoformat()}.txt"
    refuse_taken(dumps, path, day)
    dumps.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8", newline="\n") as file:  # "x": never overwrite, even racing
        file.write(template(day))
    return path


def template(day: date) -> str:
    # Front matter only: the reader takes the date from it, and nothing here could be mistaken for
    # a paper or turn into a warning once the listing is pasted below.
    return f"---\ndate: {day.isoformat()}\n---\n"


def parse_date(text: str) -> date:
    try:
        if ISO_DATE.fullmatch(text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise SitegenError("not a date: give DATE as YYYY-MM-DD, for example 2025-03-12", Location(text))


def today(timezone: str, now: datetime | None = None) -> date:
    zone = ZoneInfo(timezone)
    return (now.astimezone(zone) if now else datetime.now(zone)).date()


def refuse_taken(dumps: Path, path: Path, day: date) -> None:
    if path.exists():
        raise SitegenError("already exists: sitegen new-digest never overwrites a dump", Location(str(path)))
    if not dumps.is_dir():
        return
    for other in sorted(dumps.glob("*.txt")):
        if name_date(other) == day:
            raise SitegenError(f"a dump for {day} already exists: one dump per digest date",
                               Location(str(other)))


def name_date(path: Path) -> date | None:
    try:
        return digest_from_name(path.name, str(path))
    except InputError:
        return None  # a badly named dump is the build's to report, not a reason to refuse here
