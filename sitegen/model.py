"""The records that flow through the pipeline.

Every stage takes these and returns new ones: nothing here is mutated or filled in later.
Cross-references are keys (a paper's ``key``, a tag's ``id``), never object pointers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum


@dataclass(frozen=True, slots=True, order=True)
class Location:
    """Where something was read: a file and a 1-based line (0 when the whole file is meant)."""

    path: str
    """The file as the user named it (relative paths stay relative, so messages stay short)."""
    line: int = 0
    """1-based line number; 0 means the file as a whole."""
    column: int = 0
    """1-based column, when known (YAML); 0 otherwise."""

    def __str__(self) -> str:
        if not self.line:
            return self.path
        if not self.column:
            return f"{self.path}:{self.line}"
        return f"{self.path}:{self.line}:{self.column}"


class Severity(Enum):
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """One thing wrong with the input, with the place it came from."""

    location: Location
    message: str
    severity: Severity = Severity.WARNING

    def __str__(self) -> str:
        return f"{self.location}: {self.severity.value}: {self.message}"


@dataclass(frozen=True, slots=True, order=True)
class PartialDate:
    """A card date as printed: the year may be missing when the page did not show it and it could
    not be inferred (no digest date known)."""

    month: int
    day: int
    year: int | None = None

    def iso(self) -> str:
        """``YYYY-MM-DD``, or ``MM-DD`` when the year is unknown."""
        if self.year is None:
            return f"{self.month:02d}-{self.day:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def to_date(self) -> date | None:
        return None if self.year is None else date(self.year, self.month, self.day)


class Layout(Enum):
    """The three shapes a copied Hugging Face listing takes (see ``sitegen.sources``)."""

    BLOCKS = "blocks"
    """Header lines, then title / abstract paragraphs separated by blank lines."""
    META = "meta"
    """As BLOCKS, most papers followed by ``• N authors`` / ``·`` / ``date [count]``."""
    LINES = "lines"
    """One paper per line: ``<upvotes|-> <title> <abstract> N authors · date [count]``."""
    HF_JSON = "hf-json"
    """Hugging Face's ``/api/daily_papers`` (or ``/api/papers/{id}``) JSON, saved as ``DATE.json``."""
    ARXIV_FEED = "arxiv-feed"
    """An arXiv listing feed (``rss.arxiv.org``, RSS 2.0 or Atom), saved as ``DATE.xml``."""

    @property
    def separates_titles(self) -> bool:
        """Titles come apart from abstracts in the source itself (only one-line cards are cut)."""
        return self is not Layout.LINES


@dataclass(frozen=True, slots=True)
class Identity:
    """What a machine-readable listing says about a paper beyond its text: who it is and where."""

    arxiv_id: str
    """The arXiv id without version (``2503.01234``, or ``hep-th/9901001`` for old ones)."""
    version: int | None = None
    """The arXiv version the listing announced (``v2``), when it says."""
    authors: tuple[str, ...] = ()
    """Author names in order, hidden ones left out."""
    keywords: tuple[str, ...] = ()
    """Hugging Face's ``ai_keywords``."""
    categories: tuple[str, ...] = ()
    """arXiv categories (``cs.LG``)."""
    github_repo: str | None = None
    github_stars: int | None = None
    project_page: str | None = None
    announce: str | None = None
    """arXiv's announce type (``new``, ``cross``, ``replace``, ``replace-cross``)."""


@dataclass(frozen=True, slots=True)
class RawEntry:
    """One sighting of a paper in one dump, exactly as read (before merging)."""

    location: Location
    """The line the entry starts on (its title line)."""
    title: str
    abstract: str
    authors: int | None = None
    """Author count shown on the card, or None when the dump does not print one."""
    published: PartialDate | None = None
    """Publication date shown on the card, or None."""
    upvotes: int | None = None
    """Upvotes shown on the card (``-`` is 0), or None when the layout does not show them."""
    comments: int | None = None
    """The small count printed after the card date, or None."""
    end_line: int = 0
    """The last line the entry was read from (its abstract or meta date line), so a check can see that
    every line of a dump is accounted for; 0 when unknown (an entry built by hand)."""
    cut_margin: float | None = None
    """How sure the title/abstract cut of a one-line card is (the runner-up cut's extra cost;
    ``math.inf`` when the curator's `` | `` or a known title settled it); None where the layout
    separates title and abstract itself."""
    identity: Identity | None = None
    """The arXiv id and the rest, from a JSON or feed listing; None for pasted text."""

    @property
    def truncated(self) -> bool:
        """The page cut the abstract short (an ellipsis at the end)."""
        return is_truncated(self.abstract)


def is_truncated(text: str) -> bool:
    stripped = text.rstrip()
    return stripped.endswith("…") or stripped.endswith("...")


@dataclass(frozen=True, slots=True)
class Dump:
    """One text dump: one digest."""

    path: str
    layout: Layout
    digest: date | None
    """The digest date (from the file name or front matter); None only when reading a lone file
    with ``sitegen parse``: a build requires it."""
    page_date: PartialDate | None
    """The date line printed in the page header (``Mar 12``), if any."""
    entries: tuple[RawEntry, ...]
    warnings: tuple[Problem, ...]
    lines: int
    """Number of lines in the file (for summaries)."""
    page_lines: tuple[int, ...] = ()
    """Line numbers recognised as page chrome (header lines, page date, ``Submitted by``, front
    matter): read and deliberately not turned into records."""


@dataclass(frozen=True, slots=True)
class Paper:
    """A paper after merging every sighting of it across dumps."""

    key: str
    """Normalised title (NFKC, casefolded, punctuation and whitespace squeezed): the merge key."""
    title: str
    abstract: str
    authors: int | None
    published: date | None
    upvotes: int | None
    comments: int | None
    digests: tuple[date, ...]
    """Every digest the paper appeared in, oldest first."""
    sources: tuple[Location, ...]
    """Every sighting, in reading order (dumps by digest date, then line)."""
    identity: Identity | None = None
    """From the sightings that carry one (the newest version's, else the latest); None for a paper
    known only from pasted text."""

    @property
    def truncated(self) -> bool:
        return is_truncated(self.abstract)

    @property
    def first_seen(self) -> date:
        return self.digests[0]

    @property
    def last_seen(self) -> date:
        return self.digests[-1]
