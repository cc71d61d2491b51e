"""The one-card-per-line layout: ``<upvotes|-> <title> <abstract> N authors · <date>[ <count>]``.

Nothing separates the title from the abstract on such a line; ``split_title`` finds the boundary.
(Interim version: the full heuristic is being written.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import PartialDate

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

CARD_LINE = re.compile(
    r"^(?P<upvotes>-|\d+) (?P<body>.+?) (?P<authors>\d+) authors · "
    r"(?P<month>" + "|".join(MONTHS) + r") (?P<day>\d{1,2})(?:, (?P<year>\d{4}))?(?: (?P<count>\d+))?$"
)


@dataclass(frozen=True, slots=True)
class Card:
    """The fields of one card line, as printed (a year-less date keeps ``year=None``)."""

    upvotes: int
    title: str
    abstract: str
    authors: int
    published: PartialDate
    comments: int | None


def parse_card_line(text: str) -> Card | None:
    """The card on a whitespace-normalised line, or None when the line is not a card."""
    match = CARD_LINE.match(text)
    if not match:
        return None
    title, abstract = split_title(match["body"])
    return Card(
        upvotes=0 if match["upvotes"] == "-" else int(match["upvotes"]),
        title=title,
        abstract=abstract,
        authors=int(match["authors"]),
        published=PartialDate(
            MONTHS.index(match["month"]) + 1,
            int(match["day"]),
            int(match["year"]) if match["year"] else None,
        ),
        comments=int(match["count"]) if match["count"] else None,
    )


def split_title(body: str) -> tuple[str, str]:
    """Split ``<title> <abstract>`` into its two parts."""
    words = body.split(" ")
    for i in range(1, len(words) - 1):
        word, following = words[i], words[i + 1]
        if word[:1].isupper() and following[:1].islower():
            return " ".join(words[:i]), " ".join(words[i:])
    return body, ""
