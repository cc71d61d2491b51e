"""Dates in a dump: the digest date (file name or front matter), the page date, card dates.

Card dates are printed the way the listing page shows them: ``Feb 5, 2024``, or without the year
when it is the page's own year (``Apr 25``), optionally followed by a small count (``Apr 25 2``).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ..config.frontmatter import split_front_matter
from ..errors import InputError, error
from ..model import Location, PartialDate, Problem

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
CARD_DATE = re.compile(
    r"(?P<month>" + "|".join(MONTHS) + r") (?P<day>\d{1,2})(?:, (?P<year>\d{4}))?(?: (?P<count>\d{1,6}))?"
)
MONTH_NAMES = frozenset(MONTHS)
CARD_DATE_LENGTH = len("Sep 30, 2025 123456")
"""The longest text ``CARD_DATE`` matches (one character per ``\\d``, Unicode digits included)."""
DIGEST_NAME = re.compile(r"(?P<iso>\d{4}-\d{2}-\d{2})(?:-[^/\\]*)?\.(?:txt|json|xml|rss|atom)")
FRONT_MATTER_KEYS = ("date",)
HOW_TO_DATE = (
    "name the file YYYY-MM-DD.txt (or YYYY-MM-DD-anything.txt) "
    "or start it with front matter: ---, date: YYYY-MM-DD, ---"
)


def parse_card_date(text: str) -> tuple[PartialDate, int | None] | None:
    """``Feb 5, 2024`` / ``Apr 25 2`` / ``Oct 24``: the date and the trailing count, or None."""
    # Asked of every line of a block dump: most are titles and abstracts, turned away before the regex.
    if len(text) > CARD_DATE_LENGTH or text[:3] not in MONTH_NAMES:
        return None
    match = CARD_DATE.fullmatch(text)
    if not match:
        return None
    month = MONTHS.index(match["month"]) + 1
    day = int(match["day"])
    year = int(match["year"]) if match["year"] else None
    # Feb 29 is a valid year-less card date: its year is decided later.
    if not 1 <= day <= calendar.monthrange(year or 2024, month)[1]:
        return None
    count = int(match["count"]) if match["count"] else None
    return PartialDate(month, day, year), count


def parse_page_date(text: str) -> PartialDate | None:
    """The page header's date line (``Mar 12``, rarely ``Mar 12, 2025``): a card date without a count."""
    parsed = parse_card_date(text)
    if parsed is None or parsed[1] is not None:
        return None
    return parsed[0]


def infer_year(when: PartialDate, base: date | None) -> PartialDate:
    """A year-less date is in ``base``'s year, or the year before when it would lie after ``base``
    (a page dated Jan 3 lists a paper from Dec 30 of the previous year). Unknown base: left year-less."""
    if when.year is not None or base is None:
        return when
    year = base.year if (when.month, when.day) <= (base.month, base.day) else base.year - 1
    if when.month == 2 and when.day == 29 and not calendar.isleap(year):
        return when  # no Feb 29 that year: keep it honest rather than guess; the reader warns
    return PartialDate(when.month, when.day, year)


def same_day(page: PartialDate, digest: date) -> bool:
    if page.year is not None and page.year != digest.year:
        return False
    return (page.month, page.day) == (digest.month, digest.day)


def digest_from_name(name: str, display: str) -> date | None:
    """``2025-03-12.txt`` or ``2025-03-12-anything.txt``; None when the name carries no date."""
    match = DIGEST_NAME.fullmatch(name)
    if not match:
        return None
    try:
        return date.fromisoformat(match["iso"])
    except ValueError:
        message = f"the file name starts with {match['iso']}, which is not a real date"
        raise InputError([error(Location(display), message)]) from None


@dataclass(frozen=True, slots=True)
class DumpFront:
    """A dump's front matter."""

    digest: date | None
    """The ``date:`` value, if any."""
    line: int
    """Line of the ``date:`` key (0 when absent)."""
    size: int
    """Lines the block takes, fences included (0 when the dump has no front matter)."""


def parse_front_matter(lines: Sequence[str], name: str) -> DumpFront:
    """An optional ``---`` / ``date: YYYY-MM-DD`` / ``---`` block on the first lines of the dump."""
    problems: list[Problem] = []
    front = split_front_matter(lines, name, FRONT_MATTER_KEYS, problems)
    if problems:
        raise InputError(problems)
    if "date" not in front.values:
        return DumpFront(None, 0, front.size)
    value, where = front.values["date"]
    return DumpFront(parse_iso(value, where), where.line, front.size)


def parse_iso(value: str, where: Location) -> date:
    try:
        if len(value) != 10:
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise InputError([error(where, f"date must be YYYY-MM-DD, not '{value}'")]) from None
