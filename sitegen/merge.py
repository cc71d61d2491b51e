"""Sightings to papers: every ``RawEntry`` of every dump, merged by a normalised title.

Rules (issue 2): the longest untruncated abstract wins (a truncated one only when there is no other);
the title is the latest sighting's; author count and publication date come from whichever sighting
prints them, and two sightings that disagree give a warning naming both places (the later value is
kept, as for the title). Upvotes and the card count change over time: the latest printed value wins.
"""

from __future__ import annotations

import dataclasses
import math
import unicodedata
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple, TypeVar

from .errors import InputError, error, warning
from .model import Dump, Identity, Location, Paper, PartialDate, Problem, RawEntry
from .project import LEDGER_FILE
from .site import DEFAULT_ANNOUNCE
from .sources.layouts import UNSURE_CUT
from .util.fingerprint import fingerprint
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
    # A title of punctuation alone ("???") keeps it: the ledger has no line for an empty key.
    return " ".join(folded.translate(_PUNCTUATION).split()) or " ".join(folded.split())


# Every sighting's title is keyed by the merge, and titles recur (repeats, notes, rules' examples).
_KEYS = BoundedMemo(_title_key)


def title_key(title: str) -> str:
    """NFKC, casefolded, punctuation to spaces, whitespace squeezed: ``Pre-Trained  LLMs?`` →
    ``pre trained llms`` (a title of punctuation alone keeps its punctuation)."""
    return _KEYS[title]


@dataclass(frozen=True, slots=True)
class MergeResult:
    papers: tuple[Paper, ...]
    """One per distinct title key, in order of first sighting."""
    listings: Mapping[date, tuple[str, ...]]
    """Digest date -> the keys of its papers in the order its dump lists them, repeats removed."""
    warnings: tuple[Problem, ...]
    """Cuts settled by a shorter known title, then conflicting metadata between sightings, each
    naming both places."""
    dump_warnings: tuple[Problem, ...] = ()
    """The dumps' own warnings (in the order of the dumps given) that still stand once known titles
    settled their cuts: a reader's doubt about a cut that a known title confirms or makes is withdrawn."""


class Sighting(NamedTuple):
    """One entry and its dump's digest date (a tuple: one is made per entry read, 11,000 at 10k papers)."""

    entry: RawEntry
    digest: date


def merge_dumps(dumps: Sequence[Dump], known_titles: frozenset[str] = frozenset(),
                announce: Collection[str] = DEFAULT_ANNOUNCE,
                published: Mapping[str, str] | None = None) -> MergeResult:
    """Merge the sightings of ``dumps`` (read in digest-date order, then by line) into papers;
    ``known_titles`` (the ledger's keys) and the titles of the other dumps settle one-line cuts first.
    Of an arXiv feed only the ``announce`` types are taken (``site.yaml``'s ``arxiv_announce``).
    ``published`` (the ledger's key -> abstract fingerprint) keeps each published paper's key: an arXiv
    paper's against a back-filled listing (``id_keys``), a retitled one's (``_join_retitled``)."""
    dumps, settled = settle_cuts(dumps, known_titles)
    ordered = sorted(dumps, key=lambda d: (d.digest or date.min, d.path))
    for dump in ordered:
        if dump.digest is None:
            raise InputError([error(Location(dump.path), "a dump needs a digest date to be merged")])
    groups: dict[str, list[Sighting]] = {}
    listings: dict[date, tuple[str, ...]] = {}
    by_id = id_keys(ordered, published or {})
    for dump in ordered:
        assert dump.digest is not None  # checked above
        entries = [e for e in dump.entries if e.identity is None or e.identity.announce in (None, *announce)]
        keys = [by_id[e.identity.arxiv_id] if e.identity else title_key(e.title) for e in entries]
        for key, entry in zip(keys, entries, strict=True):
            groups.setdefault(key, []).append(Sighting(entry, dump.digest))
        listings[dump.digest] = tuple(dict.fromkeys(keys))
    if published:
        _join_retitled(groups, listings, published)
    warnings = list(settled)
    papers = tuple(merge_paper(key, sightings, warnings) for key, sightings in groups.items())
    return MergeResult(papers, listings, tuple(warnings), tuple(w for d in dumps for w in d.warnings))


def id_keys(dumps: Sequence[Dump], published: Mapping[str, str] | None = None) -> dict[str, str]:
    """arXiv id -> the key of its paper. A paper keeps the key of its title (so pasted sightings of
    that title merge into it, and a paper published before an id arrived keeps its ledger entry);
    only a second id with the same title, in reading order, is told apart by its id.

    A key already in the ledger (``published``: key -> abstract fingerprint) stays with the id it was
    published for, whatever is read before it (a back-filled dump): ``<title> arxiv <id>`` with that
    id, and a title several ids share with the id one of whose abstracts has the ledger's fingerprint."""
    first: dict[str, str] = {}  # id -> the title key of its first sighting
    abstracts: dict[str, list[str]] = {}
    for dump in dumps:
        for entry in dump.entries:
            if entry.identity is not None:
                first.setdefault(entry.identity.arxiv_id, title_key(entry.title))
                abstracts.setdefault(entry.identity.arxiv_id, []).append(entry.abstract)
    by_id: dict[str, str] = {}
    taken: set[str] = set()
    if published:
        shared = Counter(first.values())
        for arxiv_id, key in first.items():
            if f"{key} arxiv {arxiv_id}" in published:
                by_id[arxiv_id] = f"{key} arxiv {arxiv_id}"
        for arxiv_id, key in first.items():
            if arxiv_id not in by_id and key not in taken and shared[key] > 1 and key in published \
                    and published[key] in {fingerprint(abstract) for abstract in abstracts[arxiv_id]}:
                by_id[arxiv_id] = key
                taken.add(key)
        taken.update(by_id.values())
    for arxiv_id, key in first.items():
        if arxiv_id in by_id:
            continue
        if key in taken:
            key = f"{key} arxiv {arxiv_id}"
        taken.add(key)
        by_id[arxiv_id] = key
    return by_id


def _join_retitled(groups: dict[str, list[Sighting]], listings: dict[date, tuple[str, ...]],
                   published: Mapping[str, str]) -> None:
    """A new title whose whole abstract is a published paper's (its ledger fingerprint) is that paper
    with a corrected title, seen again while the dumps of the old title stay: its sightings join the
    published paper's (in reading order), which keeps its key, and so its slug and feed id. Papers
    with arXiv ids are told apart by them, never by their text."""
    by_print: dict[str, str] = {}
    for key in groups:
        if published.get(key):
            by_print.setdefault(published[key], key)
    if not by_print:
        return
    joined: dict[str, str] = {}
    for key in [k for k in groups if k not in published]:
        if any(s.entry.identity is not None for s in groups[key]):
            continue
        prints = sorted({fingerprint(s.entry.abstract) for s in groups[key] if not s.entry.truncated} - {""})
        target = next((by_print[p] for p in prints if p in by_print), None)
        if target is None or any(s.entry.identity is not None for s in groups[target]):
            continue
        groups[target] = sorted([*groups[target], *groups.pop(key)], key=_reading_order)
        joined[key] = target
    if joined:
        for day, keys in listings.items():
            listings[day] = tuple(dict.fromkeys(joined.get(k, k) for k in keys))


def _reading_order(sighting: Sighting) -> tuple[date, str, int]:
    return sighting.digest, sighting.entry.location.path, sighting.entry.location.line or 0


def merge_paper(key: str, sightings: list[Sighting], warnings: list[Problem]) -> Paper:
    if len(sightings) == 1:
        return single_paper(key, *sightings[0])
    entries = [s.entry for s in sightings]
    published = merged_field([(e.published, e) for e in entries], "published", warnings)
    return Paper(
        key=key,
        title=entries[-1].title,
        abstract=newest_version(entries) or best_abstract(entries),
        authors=merged_field([(e.authors, e) for e in entries], "authors", warnings),
        published=published.to_date() if published else None,
        upvotes=latest([e.upvotes for e in entries]),
        comments=latest([e.comments for e in entries]),
        digests=tuple(sorted({s.digest for s in sightings})),
        sources=tuple(e.location for e in entries),
        identity=merged_identity(entries),
    )


def single_paper(key: str, entry: RawEntry, digest: date) -> Paper:
    """``merge_paper`` of a paper seen once (most papers): every field as that sighting prints it."""
    published = entry.published.to_date() if entry.published else None
    return Paper(key, entry.title, entry.abstract, entry.authors, published, entry.upvotes, entry.comments,
                 (digest,), (entry.location,), entry.identity)


def best_abstract(entries: list[RawEntry]) -> str:
    """Longest untruncated abstract; ties go to the earliest sighting (``max`` keeps the first)."""
    whole = [e.abstract for e in entries if not e.truncated]
    return max(whole or [e.abstract for e in entries], key=len)


def newest_version(entries: list[RawEntry]) -> str | None:
    """The abstract of the highest arXiv version a sighting names (a listing without a version, as
    Hugging Face's, gives the text of some version no newer)."""
    versions = [(e.identity.version, index) for index, e in enumerate(entries)
                if e.identity is not None and e.identity.version is not None]
    if not versions:
        return None
    return entries[max(versions)[1]].abstract  # the highest version; of equals, the latest sighting


def merged_identity(entries: list[RawEntry]) -> Identity | None:
    """One identity from every sighting that has one: each field as the latest sighting giving it."""
    known = [e.identity for e in entries if e.identity is not None]
    if not known:
        return None
    merged = known[0]
    for later in known[1:]:
        merged = dataclasses.replace(merged, **{
            name: value for name in Identity.__slots__
            if (value := getattr(later, name)) not in (None, ())})
    versions = [i.version for i in known if i.version is not None]
    return dataclasses.replace(merged, version=max(versions)) if versions else merged


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


MAX_KNOWN_TITLE_WORDS = 40


def settle_cuts(dumps: Sequence[Dump],
                ledger_keys: frozenset[str] = frozenset()) -> tuple[Sequence[Dump], tuple[Problem, ...]]:
    """One-line cards cut again where a title already known settles them: a title read from a dump
    whose layout separates titles (blocks, meta) or kept in the ledger that begins a card's text
    wins its cut (the longest such). Cards the curator settled with `` | `` are left alone.

    A known title longer than the reader's own cut is sure (the title went on past where the reader
    stopped). A shorter one may be another paper whose title this card's title extends, so that
    cut is made and warned, naming the known title's place, for the curator to settle. Either way, and
    when the reader's own cut is a known title, the reader's doubt about the card is withdrawn: the
    dumps come back with those warnings left out."""
    known = dict.fromkeys(sorted(ledger_keys), Location(LEDGER_FILE))
    for dump in dumps:
        if dump.layout.separates_titles:
            for entry in dump.entries:
                known[title_key(entry.title)] = entry.location
    if not known:
        return dumps, ()
    warnings: list[Problem] = []
    return tuple(_settle_dump(dump, known, warnings) for dump in dumps), tuple(warnings)


def _settle_dump(dump: Dump, known: Mapping[str, Location], warnings: list[Problem]) -> Dump:
    if dump.layout.separates_titles:
        return dump
    settled = [_settle_entry(entry, known) for entry in dump.entries]
    entries = tuple(entry for entry, _ in settled)
    warnings.extend(problem for _, problem in settled if problem is not None)
    sure = {entry.location for entry in entries if entry.cut_margin is not None
            and (entry.cut_margin == math.inf or title_key(entry.title) in known)}
    standing = tuple(w for w in dump.warnings
                     if not (w.location in sure and w.message.startswith(UNSURE_CUT)))
    if entries == dump.entries and standing == dump.warnings:
        return dump
    return dataclasses.replace(dump, entries=entries, warnings=standing)


def _settle_entry(entry: RawEntry, known: Mapping[str, Location]) -> tuple[RawEntry, Problem | None]:
    if entry.cut_margin is None or entry.cut_margin == math.inf or title_key(entry.title) in known:
        return entry, None
    tokens = f"{entry.title} {entry.abstract}".split(" ")
    # Keyed a word at a time (each word's key is remembered), confirmed on the whole prefix.
    keys = [title_key(token) for token in tokens[: MAX_KNOWN_TITLE_WORDS + 1]]
    for count in range(min(len(tokens) - 1, MAX_KNOWN_TITLE_WORDS), 0, -1):
        candidate = " ".join(key for key in keys[:count] if key)
        if candidate not in known:
            continue
        title = " ".join(tokens[:count])
        if title_key(title) != candidate or title == entry.title:
            return entry, None
        abstract = " ".join(tokens[count:])
        settled = dataclasses.replace(entry, title=title, abstract=abstract, cut_margin=math.inf)
        if len(title) > len(entry.title):
            return settled, None
        return settled, warning(entry.location, (
            f"one-line card cut after the title known from {known[candidate]}: {title!r}; "
            f"alone it would read {entry.title!r}; if that is this card's title, "
            "write ' | ' after it in the dump"))
    return entry, None
