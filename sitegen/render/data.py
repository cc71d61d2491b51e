"""The site's machine-readable files: ``sitemap.xml``, ``robots.txt``, ``.nojekyll``, ``papers.json``.

Pure functions of a ``Site``: no clock, no disk. Every URL comes from the path helpers in ``site.py``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from functools import partial
from typing import Any
from xml.sax.saxutils import escape

from ..model import Paper
from ..site import Site, author_path, date_path, feed_path, paper_path, tag_archive_path, tag_path, url
from . import elsewhere
from .chunks import Chunks
from .feeds import papers_newest_first
from .views import tag_listings

SITEMAP = "sitemap.xml"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NOT_FOUND_PAGE = "404.html"
INDEX_PAGES = ("", "tags/", "dates/")
"""Pages that list the newest digest, so they change whenever one is added."""


def render_data(site: Site, page_paths: Sequence[str]) -> dict[str, bytes]:
    """``{site path: bytes}`` for the four data files; ``page_paths`` are the pages the build wrote."""
    return {name: data.read() if isinstance(data, Chunks) else data
            for name, data in data_files(site, page_paths).items()}


def data_files(site: Site, page_paths: Sequence[str]) -> dict[str, bytes | Chunks]:
    """``render_data`` with ``papers.json`` as ``Chunks``, written as it is made (it is the site's one
    large file)."""
    return {
        ".nojekyll": b"",  # GitHub Pages would otherwise run Jekyll and drop files starting with "_"
        "papers.json": Chunks(partial(papers_json_parts, site)),
        "robots.txt": render_robots(site),
        SITEMAP: render_sitemap(site, page_paths),
    }


def render_robots(site: Site) -> bytes:
    return f"User-agent: *\nAllow: /\n\nSitemap: {url(site.config, SITEMAP)}\n".encode()


def render_sitemap(site: Site, page_paths: Iterable[str]) -> bytes:
    """Every page given, once, sorted, as absolute URLs, with ``lastmod`` where a digest date says it.

    Left out: the 404 page and redirect stubs of renamed papers, which a crawler should not index.
    """
    skipped = {NOT_FOUND_PAGE, *(paper_path(old) for old in site.redirects)}
    lastmods = page_lastmods(site)
    # Written line by line rather than through ElementTree: a third of the time for 20,000 pages.
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<urlset xmlns="{SITEMAP_NS}">']
    for path in sorted(set(page_paths) - skipped):
        lastmod = f"<lastmod>{lastmods[path].isoformat()}</lastmod>" if path in lastmods else ""
        lines.append(f"  <url><loc>{escape(url(site.config, path))}</loc>{lastmod}</url>")
    lines.append("</urlset>\n")
    return "\n".join(lines).encode()


def page_lastmods(site: Site) -> dict[str, date]:
    """Page path -> newest digest date it shows, for the pages whose content that date decides."""
    out: dict[str, date] = {}
    if site.digests:
        out.update(dict.fromkeys(INDEX_PAGES, site.digests[0]))
    for paper in site.papers:
        out[paper_path(site.permalinks[paper.key].slug)] = paper.last_seen
    for tag_id, listing in tag_listings(site).items():
        if not listing.newest:
            continue  # no paper, no date to claim
        # The tag's page counts all its papers; an archive page changes only with its own papers.
        out[tag_path(tag_id)] = max(p.last_seen for p in listing.papers)
        for number, chunk in enumerate(listing.archive, start=1):
            out[tag_archive_path(tag_id, number)] = max(p.last_seen for p in chunk)
    for author in site.index.authors.values():
        out[author_path(author.slug)] = max(p.last_seen for p in author.papers)
    for day in site.digests:
        for page in range(1, _pages(site, len(site.digest_papers.get(day, ()))) + 1):
            out[date_path(day, page)] = day
    return out


def _pages(site: Site, count: int) -> int:
    return max(1, math.ceil(count / max(1, site.config.page_size)))


def render_papers_json(site: Site) -> bytes:
    """Every published paper, newest first, with its URL, feed id, tags, digests and sources."""
    return b"".join(papers_json_parts(site))


def papers_json_parts(site: Site) -> Iterator[bytes]:
    """``papers.json`` a paper at a time."""
    config = site.config
    meta = {
        "title": config.title,
        "description": config.description,
        "url": config.base_url,
        "language": config.language,
        "author": config.author,
        "id": site.site_id,
        "feed": url(config, feed_path("atom")),
        "digests": [d.isoformat() for d in site.digests],
    }
    # One paper a line: a diff shows which papers changed, and without ``indent`` json uses its C
    # encoder (the pure-Python indenting one is slow on large sites: bench/RESULTS.md).
    yield f'{{"site": {_json(meta)},\n"papers": [\n'.encode()
    for number, paper in enumerate(papers_newest_first(site)):
        yield (",\n" if number else "").encode() + _json(paper_record(site, paper)).encode()
    yield b"\n]}\n"


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def paper_record(site: Site, paper: Paper) -> dict[str, Any]:
    link = site.permalinks[paper.key]
    return {
        "key": paper.key,
        "slug": link.slug,
        "url": url(site.config, paper_path(link.slug)),
        "id": link.feed_id,
        "title": paper.title,
        "abstract": paper.abstract,
        "authors": paper.authors,
        "published": paper.published.isoformat() if paper.published else None,
        "upvotes": paper.upvotes,
        "comments": paper.comments,
        "digests": [d.isoformat() for d in paper.digests],
        "tags": list(site.paper_tags.get(paper.key, ())),
        "sources": [str(loc) for loc in paper.sources],
        **identity_record(paper),
    }


def identity_record(paper: Paper) -> dict[str, Any]:
    """What a machine-readable listing told of the paper; every key present (null or empty) for a
    paper only pasted text named, so a reader of ``papers.json`` need not test for keys."""
    identity = paper.identity
    if identity is None:
        return {"arxiv_id": None, "author_names": [], "keywords": [], "links": {}}
    return {"arxiv_id": identity.arxiv_id, "author_names": list(identity.authors),
            "keywords": list(identity.keywords), "links": dict(elsewhere.paper_links(identity))}
