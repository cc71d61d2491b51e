"""Reading dumps: text in, ``Dump`` records out.

    read_dump(path)    one dump (raises InputError with one located problem when it cannot be read)
    read_dumps(folder) every ``*.txt`` dump of a folder, by digest date; every problem of every file at once

Stages: ``text`` (bytes to clean lines) → ``dates`` (digest date, front matter) → ``layouts`` (detect,
then read entries) → year inference and the page-date check here.
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

__all__ = ["read_dump", "read_dumps"]

NO_PAPERS_YET = "no papers yet: paste a copied listing below the front matter"


def read_dump(path: Path, *, display: str | None = None, require_date: bool = True) -> Dump:
    """Read one dump. ``display`` is how the file is named in messages (default: ``str(path)``)."""
    shown = str(path) if display is None else display
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


def read_dumps(folder: Path) -> tuple[Dump, ...]:
    """Every ``*.txt`` dump in ``folder``, by digest date then file name. Raises one ``InputError``
    listing the problems of every file (and two dumps sharing a digest date)."""
    paths = list_dumps(folder)
    dumps: list[Dump] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            dumps.append(read_dump(path))
        except InputError as exc:
            problems += exc.problems
    problems += duplicate_digests(dumps)
    if problems:
        raise InputError(problems)
    return tuple(sorted(dumps, key=lambda d: (d.digest or date.min, d.path)))


def list_dumps(folder: Path) -> list[Path]:
    try:
        paths = sorted(p for p in folder.iterdir() if p.suffix == ".txt" and p.is_file())
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise InputError([error(Location(str(folder)), f"cannot read the dump folder: {reason}")]) from None
    if not paths:
        raise InputError([error(Location(str(folder)), "no dumps (*.txt files) in this folder")])
    return paths


def duplicate_digests(dumps: list[Dump]) -> list[Problem]:
    first: dict[date, str] = {}
    problems = []
    for dump in sorted(dumps, key=lambda d: d.path):
        if dump.digest is None:
            continue
        if dump.digest in first:
            message = f"digest date {dump.digest} is also the date of {first[dump.digest]}: one dump per date"
            problems.append(error(Location(dump.path), message))
        else:
            first[dump.digest] = dump.path
    return problems
