"""What the search index is made from: one lean HTML document per paper, grouped in shards.

Pagefind is never pointed at the built site (11,600 full pages at 10,000 papers took it about 20 s
and 1.6 GB). Each published paper gets a document holding only what search shows and matches:
title (the result's title), abstract, curator note and tags, with the filters Pagefind offers
(``tag``; ``year``, the year of the paper's first digest). A document sits at its page's path
(``papers/<slug>/index.html``), so Pagefind records the result URL ``/papers/<slug>/`` and the
search page puts the base path in front.

Papers are sharded by the month of their first digest, and within the newest month (the month of the
newest first sighting) by its weeks: days 1-7, 8-14, 15-21 and 22 to the month's end are
``2025-03.1`` to ``2025-03.4``. A new digest adds to one shard (the newest week, usually) and every
other shard's documents keep their bytes, so their indexes need no new run (``write.search``); the
first digest of a new month joins the last month's weeks into one shard, indexed once. Nothing in a
document depends on later digests. Why these sizes: Pagefind needs about 1.3 ms and 140 KB of memory
per document (7,900 documents: 7.6 s, 1.16 GB; 1,931: 2.4 s), so a month keeps a shard's memory peak
small and the number of indexes the search page merges low (about a dozen a year), while a week keeps
the run a new digest costs to a few hundred documents instead of up to a month's.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields
from datetime import date
from html import escape

from ..model import Paper
from ..site import Site, paper_path
from .reuse import key_of
from .text import linkify

FORMAT = b"sitegen-lean-2\n"
"""Bumped when the documents' shape changes, so every shard is indexed again."""


@dataclass(frozen=True, slots=True)
class Shard:
    """One shard: its papers' documents are drawn only when it has to be indexed (``documents``)."""

    name: str
    papers: tuple[Paper, ...]
    key: str
    """Checksum of what its documents are drawn from: equal keys, byte-identical documents."""


@dataclass(frozen=True, slots=True)
class Document:
    """What one paper's document is drawn from (``lean_document``)."""

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


def filter_text(value: str) -> str:
    """``value`` as a filter element's text. Pagefind decodes the element's text, then decodes
    character references in it once more when it stores a filter value, and its UI draws the stored
    value as HTML (``{@html}`` in its filter panel): a label ``"><img src=x onerror=...>`` ran as
    script. Escaped three times, what the UI draws is the label as text; ``test_search`` checks it
    against the Pagefind in use."""
    return escape(escape(escape(value)))


def lean_document(doc: Document) -> bytes:
    # The labels twice: as text to search, and as filter values kept out of that text (an ignored
    # element's filters still count), since a filter value is escaped for the UI, not for the index.
    labels = " ".join(f"<span>{escape(label)}</span>" for label in doc.tags)
    filters = "".join(f'<span data-pagefind-filter="tag">{filter_text(label)}</span>' for label in doc.tags)
    parts = [
        '<!doctype html><html lang="en"><head><meta charset="utf-8"></head>',
        f'<body data-pagefind-filter="year:{doc.year}"><h1>{escape(doc.title)}</h1>',
        f"<p>{linkify(doc.abstract)}</p>",
        f"<div>{doc.note}</div>" if doc.note else "",
        f"<p>{labels}</p><div data-pagefind-ignore>{filters}</div>" if doc.tags else "",
        "</body></html>\n",
    ]
    return "".join(parts).encode("utf-8")


def document_of(site: Site, paper: Paper) -> Document:
    notes = site.index.paper_notes.get(paper.key)
    return Document(paper_path(site.permalinks[paper.key].slug) + "index.html", paper.title, paper.abstract,
                    notes[0].html if notes else None,
                    tuple(site.index.label(t) for t in site.paper_tags.get(paper.key, ())),
                    str(paper.first_seen.year))


def documents(site: Site, papers: Iterable[Paper]) -> Iterator[tuple[str, bytes]]:
    """(path inside the shard's folder, the document's bytes) of each paper, in the given order."""
    for paper in papers:
        doc = document_of(site, paper)
        yield doc.path, lean_document(doc)


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
