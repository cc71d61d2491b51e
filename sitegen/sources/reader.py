"""One dump file to one ``Dump`` record: ``text`` (bytes to clean lines) → ``dates`` (digest date,
front matter) → ``layouts`` (detect, then read entries) → year inference and the page-date check here.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

from ..errors import InputError, error, warning
from ..model import Dump, Layout, Location, PartialDate, Problem, RawEntry
from ..util.textfile import decode_utf8, read_bytes
from .arxivfeed import read_arxiv_feed
from .dates import HOW_TO_DATE, MONTHS, digest_from_name, infer_year, parse_front_matter, same_day
from .hfjson import read_hf_json
from .layouts import Parsed, detect_layout, read_blocks, read_cards
from .text import check_binary, decode_dump

Outcome = Dump | tuple[Problem, ...]
"""A dump as read, or the problems that stopped it."""

NO_PAPERS_YET = "no papers yet: paste a copied listing below the front matter"
TEXT_SUFFIX = ".txt"
JSON_SUFFIX = ".json"
FEED_SUFFIXES = (".xml", ".rss", ".atom")
DUMP_SUFFIXES = (TEXT_SUFFIX, JSON_SUFFIX, *FEED_SUFFIXES)
"""What a dump may be: pasted text, Hugging Face's JSON, or an arXiv listing feed."""


def read_dump(path: Path, *, name: str | None = None, require_date: bool = True) -> Dump:
    """Read one dump. ``name`` is how its records and messages name the file (default: ``str(path)``;
    a build names it relative to the content folder, ``dumps/x.txt``)."""
    shown = str(path) if name is None else name
    if path.suffix in (JSON_SUFFIX, *FEED_SUFFIXES):
        return read_listing(path, shown, require_date)
    text = decode_dump(read_bytes(path, shown, InputError), shown)
    front = parse_front_matter(text.lines, shown)
    digest = choose_digest(digest_from_name(path.name, shown), front.digest, Location(shown, front.line))
    if digest is None and require_date:
        raise InputError([error(Location(shown), f"no digest date: {HOW_TO_DATE}")])
    if not any(text.lines[front.size :]):
        if not front.size:
            raise InputError([error(Location(shown, 1), "no text")])
        # `sitegen new-digest` writes just the front matter: a digest waiting for its paste, not an error.
        waiting = warning(Location(shown, front.size), NO_PAPERS_YET)
        return Dump(shown, Layout.BLOCKS, digest, None, (), (waiting,), len(text.lines),
                    tuple(range(1, front.size + 1)))
    layout = detect_layout(text.lines, front.size)
    if layout is None:
        raise InputError([error(first_text_line(text.lines, front.size, shown), unrecognised_message())])
    reader = read_cards if layout is Layout.LINES else read_blocks
    parsed = reader(text.lines, front.size, shown)
    return assemble(shown, layout, digest, parsed, text.warnings, text.lines, front.size)


def read_listing(path: Path, shown: str, require_date: bool) -> Dump:
    """A machine-readable listing (``.json`` from Hugging Face, ``.xml`` from arXiv): no front matter,
    the digest date is the file name's."""
    data = read_bytes(path, shown, InputError)
    if not data.strip():
        raise InputError([error(Location(shown), "the file is empty: a dump needs at least one paper")])
    check_binary(data, shown)
    digest = digest_from_name(path.name, shown)
    if digest is None and require_date:
        raise InputError([error(Location(shown), f"no digest date: {HOW_TO_DATE}")])
    if path.suffix == JSON_SUFFIX:
        text = decode_utf8(data, shown, "save the JSON as it was served", InputError)
        parsed, layout = read_hf_json(text, shown), Layout.HF_JSON
    else:
        parsed, layout = read_arxiv_feed(data, shown), Layout.ARXIV_FEED
    if not parsed.entries and not parsed.warnings:
        raise InputError([error(Location(shown, 1), "no papers in this listing")])
    lines = data.count(b"\n") + (not data.endswith(b"\n"))
    warnings = tuple(sorted(parsed.warnings, key=lambda p: (p.location.line, p.message)))
    return Dump(shown, layout, digest, None, tuple(parsed.entries), warnings, lines)


def choose_digest(from_name: date | None, from_front: date | None, front_line: Location) -> date | None:
    if from_name and from_front and from_name != from_front:
        message = f"front matter says {from_front}, the file name says {from_name}: keep one"
        raise InputError([error(front_line, message)])
    return from_front or from_name


def first_text_line(lines: tuple[str, ...], start: int, path: str) -> Location:
    for index in range(start, len(lines)):
        if lines[index]:
            return Location(path, index + 1)
    return Location(path, start + 1 if start < len(lines) else 1)


def unrecognised_message() -> str:
    return ("not a recognised paper listing: expected a copied Hugging Face page (header lines, then "
            "title/abstract blocks) or one '<upvotes> <title> <abstract> N authors · date' card per line")


def assemble(path: str, layout: Layout, digest: date | None, parsed: Parsed,
             text_warnings: tuple[Problem, ...], lines: tuple[str, ...], front_size: int) -> Dump:
    problems = list(text_warnings) + parsed.warnings
    page_date = parsed.page_dates[0][1] if parsed.page_dates else None
    if digest is not None:
        problems += check_page_dates(path, parsed.page_dates, digest)
    base = digest or (page_date.to_date() if page_date else None)
    entries = tuple(resolve_year(entry, base, problems) for entry in parsed.entries)
    page_lines = tuple(sorted([*range(1, front_size + 1), *parsed.page_lines]))
    warnings = tuple(sorted(problems, key=lambda p: (p.location.line, p.message)))
    return Dump(path, layout, digest, page_date, entries, warnings, len(lines), page_lines)


def check_page_dates(path: str, page_dates: list[tuple[int, PartialDate]], digest: date) -> list[Problem]:
    return [
        warning(Location(path, line), f"page date {when.iso()} differs from the digest date {digest}")
        for line, when in page_dates
        if not same_day(when, digest)
    ]


def resolve_year(entry: RawEntry, base: date | None, problems: list[Problem]) -> RawEntry:
    """Give a year-less card date its year (see ``dates.infer_year``)."""
    if entry.published is None or entry.published.year is not None:
        return entry
    published = infer_year(entry.published, base)
    if base is not None and published.year is None:
        problems.append(warning(entry.location, f"card date {published.iso()} fits no year near {base}"))
    elif base is not None and doubtful_year(published, base):
        month_day = f"{MONTHS[published.month - 1]} {published.day}"
        problems.append(warning(entry.location, (
            f"card date {month_day} lies after the digest date {base}: read as {published.iso()}, a year "
            f"earlier; write its year on the line to settle it ({month_day}, {base.year} or "
            f"{month_day}, {base.year - 1})")))
    return dataclasses.replace(entry, published=published)


YEAR_LESS_DAYS = 14
"""Hugging Face prints a date without its year when it is in the page's year or in the last two weeks."""


def doubtful_year(published: PartialDate, base: date) -> bool:
    """A year-less date read as last year's, but further back than the page prints dates without a
    year: a page copied days after its digest date, or a mistyped date. Either way a guess."""
    day = published.to_date()
    return day is not None and day.year < base.year and (base - day).days >= YEAR_LESS_DAYS


def read_or_problems(path: Path, name: str | None = None, *, require_date: bool = True) -> Outcome:
    try:
        return read_dump(path, name=name, require_date=require_date)
    except InputError as exc:
        return tuple(exc.problems)
