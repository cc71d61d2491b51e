"""One dump file to one ``Dump`` record: ``text`` (bytes to clean lines) → ``dates`` (digest date,
front matter) → ``layouts`` (detect, then read entries) → year inference and the page-date check here.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

from ..errors import InputError, error, warning
from ..model import Dump, Layout, Location, PartialDate, Problem, RawEntry
from .dates import HOW_TO_DATE, digest_from_name, infer_year, parse_front_matter, same_day
from .layouts import Parsed, detect_layout, read_blocks, read_cards
from .text import decode_dump, read_bytes

Outcome = Dump | tuple[Problem, ...]
"""A dump as read, or the problems that stopped it."""

NO_PAPERS_YET = "no papers yet: paste a copied listing below the front matter"


def read_dump(path: Path, *, name: str | None = None, require_date: bool = True) -> Dump:
    """Read one dump. ``name`` is how its records and messages name the file (default: ``str(path)``;
    a build names it relative to the content folder, ``dumps/x.txt``)."""
    shown = str(path) if name is None else name
    text = decode_dump(read_bytes(path, shown), shown)
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
    return dataclasses.replace(entry, published=published)


def read_or_problems(path: Path, name: str | None = None, *, require_date: bool = True) -> Outcome:
    try:
        return read_dump(path, name=name, require_date=require_date)
    except InputError as exc:
        return tuple(exc.problems)
