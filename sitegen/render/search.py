"""What the search index is made from: one record per paper, grouped in shards.

Each published paper is indexed from what search shows and matches: title (the result's title),
abstract, curator note and tags, with the filters the search page offers (``tag``; ``year``, the year
of the paper's first digest). Its result URL is its page's path (``/papers/<slug>/``), and the search
page puts the base path in front. ``render.pagefind`` writes each shard's index in Pagefind's format.

Papers are sharded by the month of their first digest, and within the newest month (the month of the
newest first sighting) by its weeks: days 1-7, 8-14, 15-21 and 22 to the month's end are
``2025-03.1`` to ``2025-03.4``. A new digest adds to one shard (the newest week, usually) and every
other shard's records keep their inputs, so their indexes are kept byte for byte (``write.search``);
the first digest of a new month joins the last month's weeks into one shard, indexed once. Nothing in
a record depends on later digests. Why these sizes: a month keeps the number of indexes the search
page merges low (about a dozen a year; each costs a first visit 5 to 6 requests, ``bench/RESULTS.md``
round 15), while a week keeps what a new digest re-indexes to a few hundred papers.
"""


from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import date
from html import escape

from ..model import Paper
from ..site import Site, paper_path
from .pagefind import Record, html_text
from .reuse import key_of

FORMAT = b"sitegen-pagefind-1\n"
"""Bumped when what is indexed of a paper, or how, changes, so every shard is indexed again."""


@dataclass(frozen=True, slots=True)
class Shard:
    """One shard: its papers' documents are drawn only when it has to be indexed (``documents``)."""

    name: str
    papers: tuple[Paper, ...]
    key: str
    """Checksum of what its documents are drawn from: equal keys, byte-identical documents."""


@dataclass(frozen=True, slots=True)
class Document:
    """What one paper's record is made from (``record_of``)."""

    path: str
    """Inside the shard's folder: ``papers/<slug>/index.html``."""
    title: str
    abstract: str
    note: str | None
    """The curator's note, as HTML."""
    tags: tuple[str, ...]
    """The tags' labels."""
    year: str

    def values(self) -> tuple[object, ...]:
        """The fields as a plain tuple: cheaper to pickle for a key than the dataclass."""
        return tuple(getattr(self, name) for name in _DOCUMENT_FIELDS)


_DOCUMENT_FIELDS = tuple(f.name for f in fields(Document))


def shard_of(paper: Paper, newest: date) -> str:
    """The month of the paper's first digest (``2025-03``), or its week of the month (``2025-03.2``,
    days 8-14) when that is ``newest``'s month."""
    first = paper.first_seen
    month = first.strftime("%Y-%m")
    if (first.year, first.month) != (newest.year, newest.month):
        return month
    return f"{month}.{min((first.day - 1) // 7, 3) + 1}"


def _by_shard(site: Site) -> dict[str, list[Paper]]:
    grouped: dict[str, list[Paper]] = {}
    if not site.papers:
        return grouped
    newest = max(p.first_seen for p in site.papers)
    for paper in site.papers:
        grouped.setdefault(shard_of(paper, newest), []).append(paper)
    return grouped


def record_of(doc: Document) -> Record:
    """What Pagefind would read off the paper's lean document: the title as its ``h1``, then the
    abstract, the note and the labels as blocks, and the ``tag`` and ``year`` filters. A filter value
    is stored as HTML, since Pagefind's UI draws it as HTML (``{@html}`` in its filter panel): a label
    ``"><img src=x onerror=...>`` ran as script when it was stored as text."""
    blocks = [doc.abstract]
    if doc.note:
        blocks.append(html_text(doc.note))
    if doc.tags:
        blocks.append(" ".join(doc.tags))
    filters = (("tag", tuple(escape(label) for label in doc.tags)),) if doc.tags else ()
    return Record("/" + doc.path.removesuffix("index.html"), doc.title, tuple(blocks),
                  (*filters, ("year", (doc.year,))))


def document_of(site: Site, paper: Paper) -> Document:
    notes = site.index.paper_notes.get(paper.key)
    return Document(paper_path(site.permalinks[paper.key].slug) + "index.html", paper.title, paper.abstract,
                    notes[0].html if notes else None,
                    tuple(site.index.label(t) for t in site.paper_tags.get(paper.key, ())),
                    str(paper.first_seen.year))


def records(site: Site, papers: Iterable[Paper]) -> list[Record]:
    """What each paper is indexed from, in the given order."""
    return [record_of(document_of(site, paper)) for paper in papers]


def search_shards(site: Site, code: str) -> tuple[Shard, ...]:
    """Every shard with at least one paper, newest first; its papers sorted by their page path.

    A shard is keyed by its documents' inputs and ``code`` (sitegen's own code, ``Reuse.code``), not
    by the documents' bytes: drawing every document only to checksum it cost 0.6 s a build at 10,000
    papers. The site's templates and settings are not in the key: no document shows them."""
    grouped = _by_shard(site)
    shards = []
    for name in sorted(grouped, reverse=True):
        papers = tuple(sorted(grouped[name], key=lambda p: site.permalinks[p.key].slug))
        inputs = [document_of(site, paper).values() for paper in papers]
        shards.append(Shard(name, papers, key_of(FORMAT, code, inputs)))
    return tuple(shards)


def shard_names(site: Site) -> tuple[str, ...]:
    """The shards' names, newest first, without drawing their documents (for the search page)."""
    return tuple(sorted(_by_shard(site), reverse=True))
