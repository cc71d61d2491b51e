"""What the search index is made from: one lean HTML document per paper, grouped in shards.

Pagefind is never pointed at the built site (11,600 full pages at 10,000 papers took it about 20 s
and 1.6 GB). Each published paper gets a document holding only what search shows and matches:
title (the result's title), abstract, curator note and tags, with the filters Pagefind offers
(``tag``; ``year``, the year of the paper's first digest). A document sits at its page's path
(``papers/<slug>/index.html``), so Pagefind records the result URL ``/papers/<slug>/`` and the
search page puts the base path in front.

Papers are sharded by the month of their first digest: a new digest adds to one shard (the newest,
usually) and every other shard's documents keep their bytes, so their indexes need no new run
(``write.search``). Nothing in a document depends on later digests. A month, not a year: Pagefind
needs about 1 ms and 140 KB of memory per document (7,900 documents: 7.6 s, 1.16 GB), so a shard
of a few thousand papers keeps both a rebuild and the memory peak small.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

from ..model import Paper
from ..site import Site, paper_path
from ..util.checksum import new_hasher
from .views import abstract_html

FORMAT = b"sitegen-lean-1\n"
"""Bumped when the documents' shape changes, so every shard is indexed again."""


@dataclass(frozen=True, slots=True)
class Shard:
    """One shard: its papers' documents are drawn again only when it has to be indexed (``documents``)."""

    name: str
    papers: tuple[Paper, ...]
    key: str
    """Checksum of its documents' bytes: equal keys, byte-identical documents."""


def shard_of(paper: Paper) -> str:
    """The month of the paper's first digest (``2025-03``)."""
    return paper.first_seen.strftime("%Y-%m")


def lean_document(title: str, abstract: Markup, note: str | None, tags: tuple[str, ...], year: str) -> bytes:
    chips = " ".join(f'<span data-pagefind-filter="tag">{escape(label)}</span>' for label in tags)
    parts = [
        '<!doctype html><html lang="en"><head><meta charset="utf-8"></head>',
        f'<body data-pagefind-filter="year:{year}"><h1>{escape(title)}</h1>',
        f"<p>{abstract}</p>",
        f"<div>{note}</div>" if note else "",
        f"<p>{chips}</p>" if chips else "",
        "</body></html>\n",
    ]
    return "".join(parts).encode("utf-8")


def documents(site: Site, papers: Iterable[Paper]) -> Iterator[tuple[str, bytes]]:
    """(path inside the shard's folder, the document's bytes) of each paper, in the given order."""
    index = site.index
    for paper in papers:
        notes = index.paper_notes.get(paper.key)
        labels = tuple(index.label(t) for t in site.paper_tags.get(paper.key, ()))
        path = paper_path(site.permalinks[paper.key].slug) + "index.html"
        yield path, lean_document(paper.title, abstract_html(paper), notes[0].html if notes else None,
                                  labels, str(paper.first_seen.year))


def search_shards(site: Site) -> tuple[Shard, ...]:
    """Every shard with at least one paper, newest first; its papers sorted by their page path."""
    grouped: dict[str, list[Paper]] = {}
    for paper in site.papers:
        grouped.setdefault(shard_of(paper), []).append(paper)
    shards = []
    for name in sorted(grouped, reverse=True):
        papers = tuple(sorted(grouped[name], key=lambda p: site.permalinks[p.key].slug))
        hasher = new_hasher(FORMAT)
        for path, data in documents(site, papers):
            hasher.update(f"{path}\n{len(data)}\n".encode())
            hasher.update(data)
        shards.append(Shard(name, papers, hasher.hexdigest()))
    return tuple(shards)


def shard_names(site: Site) -> tuple[str, ...]:
    """The shards' names, newest first, without drawing their documents (for the search page)."""
    return tuple(sorted({shard_of(p) for p in site.papers}, reverse=True))
