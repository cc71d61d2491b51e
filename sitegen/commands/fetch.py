"""``sitegen fetch [DATE | --from D --to D] [--source hf|arxiv:CATEGORY] [--force]``: save listings
into ``dumps/`` as the services publish them, one line per day."""

from __future__ import annotations

import argparse
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from ..config import load_config
from ..errors import SitegenError
from ..fetch.client import Client, FetchError
from ..fetch.listings import Source, count_papers, listing_url, parse_source
from ..model import Location
from ..project import Project
from ..site import FetchSettings
from ..sources.reader import DUMP_SUFFIXES
from ..util.atomic import write_atomically
from . import add_content_option, project_of
from .new_digest import name_date, parse_date, today

MAX_DAYS = 366


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "fetch", help="save Hugging Face or arXiv listings as dumps",
        description="Save the Hugging Face daily papers of DATE (or of every day from --from to --to) as "
                    "dumps/DATE.json, or today's arXiv listing of a category as dumps/DATE.xml, exactly "
                    "as the service sends them. A day that already has a dump is skipped unless --force.")
    parser.add_argument("date", nargs="?", metavar="DATE",
                        help="the digest date, YYYY-MM-DD (default: today in site.yaml's timezone)")
    parser.add_argument("--from", dest="start", metavar="DATE", help="first day of a range (Hugging Face)")
    parser.add_argument("--to", dest="end", metavar="DATE", help="last day of a range (default: today)")
    parser.add_argument("--source", default="hf", metavar="SOURCE",
                        help="hf (default) or arxiv:CATEGORY, e.g. arxiv:cs.LG")
    parser.add_argument("--force", action="store_true", help="replace a day's existing dump")
    add_content_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    return fetch(project_of(args), args.date, args.start, args.end, args.source, force=args.force)


def fetch(project: Project, when: str | None, start: str | None, end: str | None, source_text: str,
          *, force: bool = False, client: Client | None = None) -> int:
    """Fetch every day asked for; the exit code (1 when a day failed)."""
    config = load_config(project.site_file)
    source = parse_source(source_text)
    if source is None:
        raise SitegenError(f"unknown source {source_text!r}: use hf or arxiv:CATEGORY (arxiv:cs.LG)",
                           Location("--source"))
    days = _days(when, start, end, today(config.timezone), source)
    client = client or Client()
    failed = False
    for day in days:
        try:
            print(fetch_day(project, config.fetch, source, day, client, force=force), flush=True)
        except FetchError as exc:
            if exc.offline:
                raise  # every other day would fail the same way
            print(f"{day}  {source.label}  failed: {exc}", flush=True)
            failed = True
    return 1 if failed else 0


def _days(when: str | None, start: str | None, end: str | None, now: date, source: Source) -> list[date]:
    if when and (start or end):
        raise SitegenError("give DATE or --from/--to, not both", Location("sitegen fetch"))
    if start or end:
        if not source.dated:
            raise SitegenError("arXiv's listing feed holds only today's announcements: fetch one day "
                               "without --from/--to", Location("--source"))
        first, last = parse_date(start) if start else now, parse_date(end) if end else now
        if last < first or (last - first).days >= MAX_DAYS:
            raise SitegenError(f"--from must come before --to, at most {MAX_DAYS} days apart",
                               Location("sitegen fetch"))
        return [first + timedelta(days=n) for n in range((last - first).days + 1)]
    return [parse_date(when) if when else now]


def fetch_day(project: Project, settings: FetchSettings, source: Source, day: date, client: Client, *,
              force: bool) -> str:
    """Fetch one day's listing into ``dumps/``; the progress line to print."""
    head = f"{day}  {source.label}"
    folder = project.dumps
    taken = sorted(p for p in folder.iterdir() if p.suffix in DUMP_SUFFIXES and name_date(p) == day) \
        if folder.is_dir() else []
    target = project.dumps / f"{day.isoformat()}{source.suffix}"
    if taken and not force:
        return f"{head}  skipped: {_shown(project, taken[0])} exists (--force replaces it)"
    url = listing_url(settings, source, day)
    body = client.get(url)
    if body is None:
        return f"{head}  no listing that day (404), nothing written"
    count = count_papers(source, url, body)
    if count == 0:
        return f"{head}  no papers that day, nothing written"
    for path in taken:
        if path != target:
            path.unlink()  # --force: the day's new dump replaces the old, whatever its name
    write_atomically(target, body)
    return f"{head}  {count} paper{'' if count == 1 else 's'}  -> {_shown(project, target)}"


def _shown(project: Project, path: Path) -> str:
    return project.shown(Location(project.name(path))).path
