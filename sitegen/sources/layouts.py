"""The layouts of a copied listing page: recognise one, then read its lines into entries.

Every non-blank line ends up in exactly one of: an entry (title, abstract or meta line), the page
lines (header chrome, page date), or a warning that quotes it. Nothing is dropped silently.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice

from ..errors import warning
from ..model import Layout, Location, PartialDate, Problem, RawEntry
from .dates import MONTHS, parse_card_date, parse_page_date
from .oneline import CardLine, DumpPhrases, card_body, learn_phrases, parse_card_line
from .paragraphs import is_prose, is_stray

# Lines the listing page prints around the papers (header, sign-up box, submitter).
PAGE_CHROME = frozenset(
    {"new", "Get trending papers in your email inbox!", "Subscribe", "Daily Papers",
     "byAK and the research community"}
)
SUBMITTED_BY = "Submitted by"
AUTHORS_LINE = re.compile(r"• (\d{1,4}) authors?")
META_DOT = "·"
DETECT_SAMPLE = 20
"""Content lines looked at to tell the one-line layout from the others (files are uniform)."""
# The shape of a card line, checked cheaply for detection; the card itself is read by ``oneline``.
CARD_SHAPE = re.compile(
    r"(?:-|\d+) \S.* \d+ authors? · (?:" + "|".join(MONTHS) + r") \d{1,2}(?:, \d{4})?(?: \d+)?"
)


SUBMITTER = re.compile(r"[A-Za-z0-9][\w.-]{0,41}")
"""A Hugging Face user name: what the page prints on the line after a bare ``Submitted by``."""


def is_chrome(text: str) -> bool:
    return text in PAGE_CHROME or text == SUBMITTED_BY or text.startswith(SUBMITTED_BY + " ")


def is_submitter(text: str, previous: str) -> bool:
    """The user name on its own line after ``Submitted by``: page chrome, not a title (one word, so
    never a card; a one-word title straight after ``Submitted by`` would leave its abstract warned)."""
    return previous == SUBMITTED_BY and SUBMITTER.fullmatch(text) is not None


def content_lines(lines: Sequence[str], start: int) -> Iterator[str]:
    """The non-blank lines from ``start`` that are not page chrome, a submitter's name or a page date."""
    previous = ""
    for text in islice(lines, start, None):
        if text:
            if not (is_chrome(text) or is_submitter(text, previous) or parse_page_date(text)):
                yield text
            previous = text


def authors_line(text: str) -> re.Match[str] | None:
    """``AUTHORS_LINE.fullmatch``, with the lines that cannot be one (most) turned away first."""
    return AUTHORS_LINE.fullmatch(text) if text.startswith("• ") else None


def detect_layout(lines: Sequence[str], start: int) -> Layout | None:
    """The layout of ``lines[start:]``, or None when the text looks like no listing page."""
    sample = list(islice(content_lines(lines, start), DETECT_SAMPLE))
    if not sample:
        return None
    cards = sum(1 for text in sample if CARD_SHAPE.fullmatch(text))
    if cards * 2 > len(sample):
        return Layout.LINES
    # An author line is neither chrome nor a date, so every line can be asked without those checks.
    if any(authors_line(text) for text in lines[start:]):
        return Layout.META
    if has_page_lines(lines, start) or has_paragraphs(lines, start):
        return Layout.BLOCKS
    return None


def has_page_lines(lines: Sequence[str], start: int) -> bool:
    return any(text and (is_chrome(text) or parse_page_date(text)) for text in lines[start:])


def has_paragraphs(lines: Sequence[str], start: int) -> bool:
    """At least two non-blank lines separated by a blank one: the title / abstract block shape."""
    seen_text = seen_gap = False
    for text in lines[start:]:
        if not text:
            seen_gap = seen_text
        elif seen_gap:
            return True
        else:
            seen_text = True
    return False


@dataclass(slots=True)
class Parsed:
    """What a layout reader found; assembled into a ``Dump`` by the caller."""

    entries: list[RawEntry] = field(default_factory=list)
    page_lines: list[int] = field(default_factory=list)
    page_dates: list[tuple[int, PartialDate]] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def read_page_line(text: str, number: int, out: Parsed, previous: str = "") -> bool:
    """Record ``text`` (after the non-blank line ``previous``) as page chrome or a page date; False
    when it is neither."""
    if is_chrome(text) or is_submitter(text, previous):
        out.page_lines.append(number)
        return True
    when = parse_page_date(text)
    if when is None:
        return False
    out.page_lines.append(number)
    out.page_dates.append((number, when))
    return True


def read_cards(lines: Sequence[str], start: int, path: str) -> Parsed:
    """The one-card-per-line layout. The cards are read twice: once to learn the dump's capitalised
    phrases (``learn_phrases``, which weigh each cut's doubt), then card by card."""
    out = Parsed()
    phrases = learn_phrases(body for body in map(card_body, islice(lines, start, None)) if body)
    previous = ""
    for index in range(start, len(lines)):
        text, number = lines[index], index + 1
        if not text:
            continue
        if not read_page_line(text, number, out, previous):
            read_card(text, Location(path, number), phrases, out)
        previous = text
    return out


def read_card(text: str, where: Location, phrases: DumpPhrases | None, out: Parsed) -> None:
    """One card line into an entry of ``out``, with the warnings its reading needs."""
    card = parse_card_line(text, phrases)
    if card is None:
        out.warnings.append(warning(where, f"not a paper card, skipped: {text}"))
        return
    if not card.title or not card.abstract:
        out.warnings.append(warning(where, f"could not tell the title from the abstract: {text}"))
        if not card.title:
            return
    elif card.unsure:
        out.warnings.append(warning(where, unsure_cut_message(card)))
    if card.damaged:
        message = f"damaged card meta, left out: {', '.join(card.damaged)} (the paper is kept)"
        out.warnings.append(warning(where, message))
    out.entries.append(RawEntry(where, card.title, card.abstract, card.authors, card.published,
                                card.upvotes, card.comments, where.line, card.cut_margin))


UNSURE_CUT = "unsure where the title ends"
"""How ``unsure_cut_message`` begins: the merge withdraws these once a known title settles the card."""


def unsure_cut_message(card: CardLine) -> str:
    """What a curator needs to settle a doubtful cut: both readings, and how to fix the line."""
    runner_up = f"the next best reading is {card.runner_up!r}" if card.runner_up else "no other reading"
    return (f"{UNSURE_CUT} ({card.cut_doubt:.0%} likely wrong): read as {card.title!r}; "
            f"{runner_up}; write ' | ' between the title and the abstract on this line to settle it")


DAMAGED_AUTHORS = re.compile(r"• \S{1,12} authors?")
DAMAGED_DATE = re.compile(
    r"(?:" + "|".join(MONTHS) + r") \d{1,2}(?:, ?\d{2,5})?(?: \S{1,8})?"
    r"|[A-Z][a-z]{2} \d{1,2}, \d{4}(?: \d{1,6})?"
)
"""A date line after an abstract that ``parse_card_date`` cannot read: ``Feb 31, 2024``, ``Jun 12, 2017 x``,
``Jum 12, 2017`` (a month that is no month only with the full ``day, year`` after it: ``Yet 2 Things`` is a
title)."""


def damaged_authors(text: str) -> bool:
    return text.startswith("• ") and DAMAGED_AUTHORS.fullmatch(text) is not None


def damaged_date(text: str) -> bool:
    return len(text) <= 24 and DAMAGED_DATE.fullmatch(text) is not None


@dataclass(slots=True)
class Pending:
    """The entry being read in the block layouts (private to the reader; records stay frozen)."""

    line: int
    title: str
    abstract: str | None = None
    end_line: int = 0
    authors: int | None = None
    dot: bool = False
    published: PartialDate | None = None
    comments: int | None = None
    dated: bool = False
    damaged_authors: bool = False


class BlockReader:
    """Title / abstract paragraphs, each optionally followed by ``• N authors`` / ``·`` / date."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.out = Parsed()
        self.pending: Pending | None = None
        self.untitled: tuple[Pending, str] | None = None
        """A title that had no abstract before the next title-like line, and the warning it is due:
        held for one line, because a lower-case paragraph of prose next means that "title" was the
        start of an abstract broken mid-sentence (``title``, ``We propose a``, ``new method. It ...``)."""

    def read(self, lines: Sequence[str], start: int) -> Parsed:
        previous = ""
        for index in range(start, len(lines)):
            if lines[index]:
                self.read_line(lines[index], index + 1, previous)
                previous = lines[index]
        self.flush_untitled()
        self.finish()
        return self.out

    def flush_untitled(self) -> None:
        if self.untitled is not None:
            self.warn(self.untitled[0].line, self.untitled[1])
            self.untitled = None

    def read_line(self, text: str, number: int, previous: str = "") -> None:
        if not self.continues_sentence(text):
            self.flush_untitled()
        # Order matters: a bare "Oct 24" after an abstract is the card's date, elsewhere the page's.
        if self.read_meta(text, number) or read_page_line(text, number, self.out, previous):
            return
        if authors_line(text) or text == META_DOT or parse_card_date(text):
            self.warn(number, f"author/date line out of place (not after an abstract), skipped: {text}")
        elif is_stray(text):
            self.warn(number, f"neither a title nor an abstract (a label of the page?), skipped: {text}")
        elif CARD_SHAPE.fullmatch(text):  # a one-line card pasted among the blocks: read as one
            self.finish()
            read_card(text, Location(self.path, number), None, self.out)
        elif is_prose(text):
            self.read_prose(text, number)
        else:  # a title: whatever was pending is finished, even without an abstract (warned)
            self.finish(next_title=text)
            self.pending = Pending(number, text, end_line=number)

    def read_prose(self, text: str, number: int) -> None:
        """A paragraph of abstract: the pending title's, the rest of its abstract, or an orphan."""
        entry = self.pending
        if self.untitled is not None and entry is not None:  # ``continues_sentence``: one abstract
            title = self.untitled[0]
            self.warn(entry.line, f"an abstract broken mid-sentence over lines {entry.line} and {number}, "
                                  f"read as the abstract of '{title.title}' (line {title.line})")
            title.abstract, title.end_line = f"{entry.title} {text}", number
            self.pending, self.untitled = title, None
        elif entry is not None and entry.abstract is None:
            entry.abstract, entry.end_line = text, number
        elif entry is not None and entry.authors is None and not entry.dot and not entry.dated:
            # The browser copied a line break inside the abstract: one abstract, joined by a space.
            self.warn(number, f"a second paragraph of the abstract of '{entry.title}' "
                              f"(line {entry.line}), joined to it")
            entry.abstract, entry.end_line = f"{entry.abstract} {text}", number
        else:
            self.warn(number, f"an abstract with no title before it, skipped: {text}")

    def read_meta(self, text: str, number: int) -> bool:
        """Fill a free meta slot of the finished entry before this line; False when none fits."""
        entry = self.pending
        if entry is None or entry.abstract is None or entry.dated:
            return False
        authors = authors_line(text)
        if authors and entry.authors is None and not entry.dot:
            entry.authors = int(authors[1])
        elif text == META_DOT and not entry.dot:
            entry.dot = True
        elif (card_date := parse_card_date(text)) is not None:
            entry.published, entry.comments = card_date
            entry.dated = True
        elif entry.authors is None and not entry.dot and not entry.damaged_authors and damaged_authors(text):
            self.warn(number, f"damaged author line, the count is left out (the paper is kept): {text}")
            entry.damaged_authors = True
        elif damaged_date(text):
            self.warn(number, f"damaged date line, the date is left out (the paper is kept): {text}")
            entry.dated = True
        else:
            return False
        entry.end_line = number
        return True

    def finish(self, next_title: str | None = None) -> None:
        """End the pending entry; ``next_title``: the title-like line that ends it, if one does."""
        entry, self.pending = self.pending, None
        if entry is None:
            return
        if entry.abstract is None:
            message = f"title with no abstract after it, skipped: {entry.title}"
            if next_title is None:
                self.warn(entry.line, message)
            else:  # two title-like lines in a row: a label between title and abstract, or one title
                self.untitled = entry, message + (
                    f" (the next title-like line, {next_title!r}, is read as the title of what follows;"
                    " if this line is that title, or the two lines are one, edit the dump)")
            return
        self.out.entries.append(
            RawEntry(Location(self.path, entry.line), entry.title, entry.abstract, entry.authors,
                     entry.published, None, entry.comments, entry.end_line)
        )

    def continues_sentence(self, text: str) -> bool:
        """``text`` carries on the sentence the pending "title" began: lower-case prose after it."""
        entry = self.pending
        return (self.untitled is not None and entry is not None and entry.abstract is None
                and text[:1].islower() and is_prose(text) and not CARD_SHAPE.fullmatch(text))

    def warn(self, number: int, message: str) -> None:
        self.out.warnings.append(warning(Location(self.path, number), message))


def read_blocks(lines: Sequence[str], start: int, path: str) -> Parsed:
    """The BLOCKS and META layouts (one reader: META is BLOCKS plus optional meta lines)."""
    return BlockReader(path).read(lines, start)
