"""What each kind of page of a ``Site`` is: one function per kind, choosing a template, a head and the
few views its template needs (``Page``). Pure functions of the site and the render's ``CardViews``;
``render.drawing`` keys, draws and hands out the pages.

Every path comes from ``sitegen.site``, every link goes through ``href`` (root-relative, base path
included) and every canonical URL through ``url``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from markupsafe import Markup

from ..model import Paper
from ..notes import markdown_text, render_markdown
from ..site import (
    DIGESTS_FEED,
    OPML_PATH,
    SEARCH_BUNDLE,
    SEARCH_PATH,
    STATS_PATH,
    STYLESHEET_PATH,
    Author,
    Site,
    Tag,
    author_path,
    date_path,
    feed_path,
    href,
    page_path,
    paper_path,
    tag_archive_path,
    tag_path,
    url,
)
from . import scholarly, views
from .search import shard_names
from .stats import stats_view
from .views import CardViews, Link

ATOM, RSS = "application/atom+xml", "application/rss+xml"


@dataclass(frozen=True, slots=True)
class Feed:
    title: str
    type: str
    href: str


@dataclass(frozen=True, slots=True)
class Head:
    """What ``base.html`` puts in the ``<head>`` of the page being drawn."""

    title: str
    canonical: str
    description: str
    feeds: tuple[Feed, ...]


@dataclass(frozen=True, slots=True)
class SiteView:
    title: str
    description: str
    language: str
    author: str
    home: str
    stylesheet: str
    nav: tuple[Link, ...]
    pages: tuple[Link, ...]
    """Curator note pages, linked from the footer."""
    feeds: tuple[Link, ...]
    search: str
    """Root-relative URL of the search page; "" when search is off."""
    static: str
    """Root-relative URL of ``static/`` (scripts that enhance a page)."""


def output_file(path: str) -> str:
    """``papers/x/`` -> ``papers/x/index.html``; ``404.html`` stays."""
    return path + "index.html" if path == "" or path.endswith("/") else path


Page = tuple[str, str, "Head", dict[str, Any]]
"""A page to draw: its site path, its template, its head and the template's context."""


def listing_pages(site: Site, cards: CardViews) -> Iterator[Page]:
    """Every page but the papers'."""
    yield home_page(site, cards)
    yield tags_page(site)
    listings = views.tag_listings(site)
    for tag in site.tags:
        yield from tag_pages(site, cards, tag, listings[tag.id])
    for author in site.index.authors.values():
        yield author_page(site, cards, author)
    yield dates_page(site)
    for day in site.digests:
        yield from date_pages(site, cards, day)
    for note in site.index.pages:
        yield (page_path(note.target), "page.html", _head(site, page_path(note.target), note.title),
               {"note": note, "body": Markup(note.html)})
    yield stats_page(site)
    if site.config.search:
        yield search_page(site)
    yield "404.html", "404.html", _head(site, "404.html", "Page not found"), {}
    for old, new in sorted(site.redirects.items()):
        yield redirect_page(site, old, new)


def site_view(site: Site) -> SiteView:
    """What every page shows of the site (header, footer, feeds)."""
    config = site.config
    pages = tuple(Link(n.title, href(config, page_path(n.target))) for n in site.index.pages)
    return SiteView(
        title=config.title,
        description=config.description,
        language=config.language,
        author=config.author,
        home=href(config, ""),
        stylesheet=href(config, STYLESHEET_PATH),
        nav=(Link("Digests", href(config, "dates/")), Link("Tags", href(config, "tags/")),
             Link("Stats", href(config, STATS_PATH))),
        pages=pages,
        feeds=(Link("Atom", href(config, feed_path("atom"))), Link("RSS", href(config, feed_path("rss"))),
               Link("One entry per digest", href(config, DIGESTS_FEED)),
               Link("All feeds (OPML)", href(config, OPML_PATH))),
        search=href(config, SEARCH_PATH) if config.search else "",
        static=href(config, "static/"),
    )


def _head(site: Site, path: str, title: str, description: str = "", tag: Tag | None = None) -> Head:
    config = site.config
    feeds = [Feed(f"{config.title} (Atom)", ATOM, href(config, feed_path("atom"))),
             Feed(f"{config.title} (RSS)", RSS, href(config, feed_path("rss")))]
    if tag is not None:  # a tag page offers its own feed first, so readers subscribe to the topic
        feeds[:0] = [Feed(f"{tag.label} (Atom)", ATOM, href(config, feed_path("atom", tag.id))),
                     Feed(f"{tag.label} (RSS)", RSS, href(config, feed_path("rss", tag.id)))]
    return Head(title, url(config, path), description or config.description, tuple(feeds))


def home_page(site: Site, cards: CardViews) -> Page:
    latest = site.digests[0] if site.digests else None
    papers = site.index.digest_listings.get(latest, ()) if latest else ()
    size = site.config.page_size
    context = {
        "latest": views.digest_link(site, latest, len(papers)) if latest else None,
        "note": _digest_note(site, latest) if latest else None,
        "cards": cards.listing(papers[:size], latest),
        "more": len(papers) > size,
        "earlier": [views.digest_link(site, d, len(site.digest_papers.get(d, ()))) for d in site.digests[1:]],
        "tags": _tag_links(site),
    }
    return "", "index.html", _head(site, "", site.config.title), context


def _tag_links(site: Site) -> list[Link]:
    counts: dict[str, int] = {}
    for key in site.permalinks:
        for tag in site.paper_tags.get(key, ()):
            counts[tag] = counts.get(tag, 0) + 1
    return [Link(t.label, href(site.config, tag_path(t.id)), counts.get(t.id, 0)) for t in site.tags]


def _digest_note(site: Site, day: date) -> Markup | None:
    notes = site.index.digest_notes.get(day)
    return Markup(notes[0].html) if notes else None


def paper_note(site: Site, paper: Paper) -> Markup | None:
    notes = site.index.paper_notes.get(paper.key)
    return Markup(notes[0].html) if notes else None


def paper_page(site: Site, cards: CardViews, paper: Paper, related: Sequence[views.Card],
               note: Markup | None) -> Page:
    path = paper_path(site.permalinks[paper.key].slug)
    context = {
        "paper": paper,
        "abstract": views.abstract_html(paper),
        "published": views.format_date(paper.published) if paper.published else "",
        "tags": cards.tag_links(paper.key),
        "digests": [views.digest_link(site, d) for d in paper.digests],
        "note": note,
        "authors": views.author_links(site, paper),
        "links_out": views.links_out(paper),
        "citation_meta": scholarly.citation_meta(paper),
        "related": related,
        "citation": scholarly.citation(site, paper),
        "json_ld": scholarly.json_ld(scholarly.scholarly_article(site, paper)),
    }
    return path, "paper.html", _head(site, path, paper.title, views.excerpt(paper.abstract, 160)), context


def author_page(site: Site, cards: CardViews, author: Author) -> Page:
    """Every paper of the digest that names the author, newest digest first, on one page."""
    path = author_path(author.slug)
    count = len(author.papers)
    description = f"{count} paper{'' if count == 1 else 's'} by {author.name} in {site.config.title}."
    context = {"author": author.name, "cards": cards.listing(author.papers)}
    return path, "author.html", _head(site, path, author.name, description), context


def tags_page(site: Site) -> Page:
    labels = {t.id: t.label for t in site.tags}
    links = _tag_links(site)
    rows = [(link, labels.get(t.parent or "", "")) for link, t in zip(links, site.tags, strict=True)]
    return "tags/", "tags.html", _head(site, "tags/", "Tags"), {"rows": rows}


def tag_pages(site: Site, cards: CardViews, tag: Tag, listing: views.TagListing) -> Iterator[Page]:
    """The tag's page (its newest papers) and its archive pages (``views.TagListing``)."""
    description = Markup(render_markdown(tag.description, site.config.base_path)) if tag.description else None
    feeds = (Link("Atom", href(site.config, feed_path("atom", tag.id))),
             Link("RSS", href(site.config, feed_path("rss", tag.id))))
    pages = len(listing.archive)
    for number, chunk in enumerate((listing.newest, *listing.archive)):
        path = tag_archive_path(tag.id, number) if number else tag_path(tag.id)
        title = f"{tag.label}, archive page {number}" if number else tag.label
        context = {"tag": tag, "description": description if not number else None,
                   "total": len(listing.papers) if not number else None, "archive": number,
                   "cards": cards.listing(chunk),
                   "pager": views.archive_pager(site, tag.id, number, pages), "feeds": feeds}
        yield path, "tag.html", _head(site, path, title, _plain(tag.description), tag), context


def _plain(markdown: str) -> str:
    return views.excerpt(markdown_text(markdown), 160) if markdown else ""


def dates_page(site: Site) -> Page:
    rows = []
    for day in site.digests:
        papers = site.index.digest_listings.get(day, ())
        new = sum(1 for p in papers if p.first_seen == day)
        rows.append((views.digest_link(site, day, len(papers)), new))
    return "dates/", "dates.html", _head(site, "dates/", "Digests"), {"rows": rows}


def date_pages(site: Site, cards: CardViews, day: date) -> Iterator[Page]:
    papers = site.index.digest_listings.get(day, ())
    chunks = views.paginate(papers, site.config.page_size)
    new = sum(1 for p in papers if p.first_seen == day)
    for number, chunk in enumerate(chunks, start=1):
        path = date_path(day, number)
        label = views.format_date(day)
        title = f"Digest of {label}" if number == 1 else f"Digest of {label}, page {number}"
        context = {"day": day, "label": label, "total": len(papers), "new": new,
                   "note": _digest_note(site, day) if number == 1 else None,
                   "cards": cards.listing(chunk, day),
                   "pager": views.pager(site, partial(date_path, day), number, len(chunks))}
        yield path, "date.html", _head(site, path, title), context


def stats_page(site: Site) -> Page:
    return STATS_PATH, "stats.html", _head(site, STATS_PATH, "Stats"), {"stats": stats_view(site)}


def search_page(site: Site) -> Page:
    """The newest shard's bundle is the main index (its UI is loaded); the older ones are merged."""
    bundles = [href(site.config, f"{SEARCH_BUNDLE}{name}/") for name in shard_names(site)]
    main = bundles[0] if bundles else href(site.config, SEARCH_BUNDLE)
    return (SEARCH_PATH, "search.html", _head(site, SEARCH_PATH, "Search"),
            {"bundle": main, "merge": " ".join(bundles[1:])})


def redirect_page(site: Site, old: str, new: str) -> Page:
    target = paper_path(new)
    meta = _head(site, target, "Moved")  # canonical names the new address, as search engines expect
    return paper_path(old), "redirect.html", meta, {"target": href(site.config, target)}
