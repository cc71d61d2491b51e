"""Sightings to papers: every ``RawEntry`` of every dump, merged by a normalised title.

Rules (issue 2): the longest untruncated abstract wins (a truncated one only when there is no other);
the title is the latest sighting's; author count and publication date come from whichever sighting
prints them, and two sightings that disagree give a warning naming both places (the later value is
kept, as for the title). Upvotes and the card count change over time: the latest printed value wins.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple, TypeVar

from .errors import InputError, error, warning
from .model import Dump, Location, Paper, PartialDate, Problem, RawEntry
from .util.memo import BoundedMemo


class _PunctuationToSpace(dict[int, str]):
    """A ``str.translate`` table, filled on demand: punctuation becomes a space, the rest stays."""

    def __missing__(self, codepoint: int) -> str:
        char = chr(codepoint)
        mapped = " " if unicodedata.category(char).startswith("P") else char
        self[codepoint] = mapped
        return mapped


_PUNCTUATION = _PunctuationToSpace()
T = TypeVar("T")


def _title_key(title: str) -> str:
    folded = unicodedata.normalize("NFKC", title).casefold()
    return " ".join(folded.translate(_PUNCTUATION).split())


# Every sighting's title is keyed by the merge, and titles recur (repeats, notes, rules' examples).
_KEYS = BoundedMemo(_title_key)


def title_key(title: str) -> str:
    """NFKC, casefolded, punctuation to spaces, whitespace squeezed: ``Pre-Trained  LLMs?`` →
    ``pre trained llms``."""
    return _KEYS[title]


@dataclass(frozen=True, slots=True)
class MergeResult:
    papers: tuple[Paper, ...]
    """One per distinct title key, in order of first sighting."""
    listings: Mapping[date, tuple[str, ...]]
    """Digest date -> the keys of its papers in the order its dump lists them, repeats removed."""
    warnings: tuple[Problem, ...]
    """Conflicting metadata between sightings, each naming both places."""


class Sighting(NamedTuple):
    """One entry and its dump's digest date (a tuple: one is made per entry read, 11,000 at 10k papers)."""

    entry: RawEntry
    digest: date


def merge_dumps(dumps: Sequence[Dump]) -> MergeResult:
    """Merge the sightings of ``dumps`` (read in digest-date order, then by line) into papers."""
    groups: dict[str, list[Sighting]] = {}
    listings: dict[date, tuple[str, ...]] = {}
    for dump in sorted(dumps, key=lambda d: (d.digest or date.min, d.path)):
        if dump.digest is None:
            raise InputError([error(Location(dump.path), "a dump needs a digest date to be merged")])
        keys = [title_key(entry.title) for entry in dump.entries]
        for key, entry in zip(keys, dump.entries, strict=True):
            groups.setdefault(key, []).append(Sighting(entry, dump.digest))
        listings[dump.digest] = tuple(dict.fromkeys(keys))
    warnings: list[Problem] = []
    papers = tuple(merge_paper(key, sightings, warnings) for key, sightings in groups.items())
    return MergeResult(papers, listings, tuple(warnings))


def merge_paper(key: str, sightings: list[Sighting], warnings: list[Problem]) -> Paper:
    if len(sightings) == 1:
        return single_paper(key, *sightings[0])
    entries = [s.entry for s in sightings]
    published = merged_field([(e.published, e) for e in entries], "published", warnings)
    return Paper(
        key=key,
        title=entries[-1].title,
        abstract=best_abstract(entries),
        authors=merged_field([(e.authors, e) for e in entries], "authors", warnings),
        published=published.to_date() if published else None,
        upvotes=latest([e.upvotes for e in entries]),
        comments=latest([e.comments for e in entries]),
        digests=tuple(sorted({s.digest for s in sightings})),
        sources=tuple(e.location for e in entries),
    )


def single_paper(key: str, entry: RawEntry, digest: date) -> Paper:
    """``merge_paper`` of a paper seen once (most papers): every field as that sighting prints it."""
    published = entry.published.to_date() if entry.published else None
    return Paper(key, entry.title, entry.abstract, entry.authors, published, entry.upvotes, entry.comments,
                 (digest,), (entry.location,))


def best_abstract(entries: list[RawEntry]) -> str:
    """Longest untruncated abstract; ties go to the earliest sighting (``max`` keeps the first)."""
    whole = [e.abstract for e in entries if not e.truncated]
    return max(whole or [e.abstract for e in entries], key=len)


def merged_field(values: Sequence[tuple[T | None, RawEntry]], name: str, warnings: list[Problem]) -> T | None:
    """The value of a fixed fact (author count, publication date); later sightings win, and every
    disagreement with the value held so far is a warning naming both places."""
    value: T | None = None
    holder: Location | None = None
    for seen, entry in values:
        if seen is None:
            continue
        if holder is not None and seen != value:
            message = (f"{name} {describe(seen)} differs from {describe(value)} at {holder} "
                       f"for '{entry.title}'; keeping {describe(seen)}")
            warnings.append(warning(entry.location, message))
        value, holder = seen, entry.location
    return value


def latest(values: Sequence[int | None]) -> int | None:
    return next((v for v in reversed(values) if v is not None), None)


def describe(value: object) -> str:
    return value.iso() if isinstance(value, PartialDate) else str(value)
