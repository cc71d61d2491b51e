"""The HTML pages of a ``Site``: ``render_pages(site, env) -> {file path: bytes}``, or ``iter_pages`` for
one page at a time; nothing touches the disk.

One function per kind of page, each choosing a template and the few views it needs; every path comes
from ``sitegen.site``, every link goes through ``href`` (root-relative, base path included) and every
canonical URL through ``url``.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from multiprocessing.pool import Pool
from typing import Any, TypeVar

from jinja2 import Environment
from markupsafe import Markup

from ..model import Paper
from ..notes import render_markdown
from ..site import (
    DIGESTS_FEED,
    OPML_PATH,
    SEARCH_BUNDLE,
    SEARCH_PATH,
    STATS_PATH,
    STYLESHEET_PATH,
    Note,
    NoteKind,
    Site,
    Tag,
    date_path,
    feed_path,
    href,
    page_path,
    paper_path,
    tag_archive_path,
    tag_path,
    url,
)
from ..staging import Staged, Staging
from . import meta as paper_meta
from . import views
from .related import Related
from .reuse import Kept, Reuse
from .stats import stats_view
from .views import Link

ATOM, RSS = "application/atom+xml", "application/rss+xml"
PARALLEL_FROM = 500
"""Below this many pages to draw, forking workers costs more than it saves."""
CHUNK = 50
"""Pages per task handed to a worker: few enough that both workers finish together."""


@dataclass(frozen=True, slots=True)
class Feed:
    title: str
    type: str
    href: str


@dataclass(frozen=True, slots=True)
class Meta:
    """What ``base.html`` needs about the page being drawn."""

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


class Once:
    """``once(name, *args)`` for templates: the ``_macros.html`` macro ``name`` drawn once per build for
    each distinct ``args``, then reused.

    A paper's card sits on its tag pages, its digest pages, the home page and other papers' related
    lists, and one tag set's chips or one meta line on many cards; running the macros (and escaping
    the same text) each time was most of the render time. Keyed by the arguments' values, so equal
    arguments share one drawing and nothing can go stale; the macros come from the site's own
    ``_macros.html`` when it has one.
    """

    def __init__(self, env: Environment) -> None:
        self.env = env
        self.module: Any = None
        self.drawn: dict[tuple[object, ...], Markup] = {}

    def __call__(self, name: str, *args: object) -> Markup:
        key = (name, *args)
        html = self.drawn.get(key)
        if html is None:
            # Looked up at first use, not in __init__: a template module loaded before the global
            # ``once`` was set would keep a context without it.
            if self.module is None:
                self.module = self.env.get_template("_macros.html").module
            html = self.drawn[key] = Markup(getattr(self.module, name)(*args))
        return html


def render_pages(site: Site, env: Environment) -> dict[str, bytes]:
    """Every HTML page, keyed by output file path."""
    return {path: data for path, data in sorted(iter_pages(site, env)) if isinstance(data, bytes)}


def iter_pages(site: Site, env: Environment, workers: int = 1, parallel_from: int | None = None,
               reuse: Reuse | None = None) -> Iterator[tuple[str, bytes | Kept]]:
    """Every HTML page as (output file path, bytes), one at a time (``Pages``): the kept ones first,
    then the drawn ones. Paths are unique; the order is not sorted."""
    with Pages(site, env, reuse, workers, parallel_from) as pages:
        yield from pages.kept
        for path, data in pages.drawn():
            assert isinstance(data, bytes)  # no staging folder: workers send the bytes back
            yield path, data


Page = tuple[str, str, Meta, dict[str, Any]]
Draw = tuple[Paper, tuple[Paper, ...], Markup | None]
"""A paper page to draw: the paper, its related papers, the curator's note."""
T = TypeVar("T")


class Pages:
    """The HTML pages of one build.

    Every page is keyed (``reuse``): ``kept`` holds those whose key matches the last build's,
    ``paths`` every page's path, and ``drawn()`` yields the others as they are drawn. When nothing
    can be kept (a cold build), the keys are only needed by the next build: they are worked out in
    ``drawn()``, while the workers draw, instead of before they start. With
    ``workers`` > 1 and at least ``parallel_from`` pages to draw (most of a cold build), forked
    processes draw them from the moment the ``with`` block is entered, so the caller can make other
    files meanwhile; given ``staging``, each worker writes its pages there itself and sends back only
    a ``Staged`` note. The bytes are the same either way, and ``drawn()`` keeps one order."""

    def __init__(self, site: Site, env: Environment, reuse: Reuse | None = None, workers: int = 1,
                 parallel_from: int | None = None, staging: Staging | None = None) -> None:
        env.globals["once"] = Once(env)
        common = _site_view(site)
        reuse = (reuse or Reuse()).salted(site.config, common)
        self.site, self.env = site, env
        self.kept: list[tuple[str, Kept]] = []
        self.paths: list[str] = []
        self._reuse = reuse
        self._unkeyed: list[tuple[str, Callable[[], str]]] = []
        papers = list(self._keyed(_paper_draws(site, reuse)))
        listings = list(self._keyed(_listing_pages(site, reuse)))
        self._work = _Work(site, env, common, papers, listings, staging)
        threshold = PARALLEL_FROM if parallel_from is None else parallel_from
        self._parallel = workers > 1 and len(self._work) >= threshold
        self._workers = workers
        self._pool: Pool | None = None
        self._results: Iterator[list[tuple[str, bytes | Staged]]] | None = None

    def _keyed(self, pages: Iterator[tuple[str, Callable[[], str], T]]) -> Iterator[T]:
        """The pages to draw, after noting every path and setting the kept ones aside."""
        reuse = self._reuse
        for path, key, page in pages:
            self.paths.append(path)
            if not reuse.files:  # nothing to keep: key it later (``drawn``)
                self._unkeyed.append((path, key))
                yield page
                continue
            reuse.keys[path] = made = key()
            kept = reuse.kept(path, made)
            if kept:
                self.kept.append((path, kept))
            else:
                yield page

    def __enter__(self) -> Pages:
        if self._parallel:
            _forked[:] = [self._work]
            # fork: the site and the compiled templates are inherited, not sent. imap keeps the
            # ranges in order, so the stream (and anything counted from it) is the same every run.
            self._pool = multiprocessing.get_context("fork").Pool(self._workers)
            total = len(self._work)
            ranges = [(i, min(i + CHUNK, total)) for i in range(0, total, CHUNK)]
            self._results = self._pool.imap(_draw_range, ranges)
        return self

    def drawn(self) -> Iterator[tuple[str, bytes | Staged]]:
        for path, key in self._unkeyed:
            self._reuse.keys[path] = key()
        self._unkeyed.clear()
        if self._results is not None:
            for batch in self._results:
                yield from batch
        else:
            for index in range(len(self._work)):
                yield self._work.draw(index)

    def __exit__(self, *_exc: object) -> None:
        if self._pool is not None:
            self._pool.terminate()  # all drawn, or the build failed: either way no worker may go on
            self._pool.join()
        _forked.clear()
        # the drawn cards and views are tens of MB on a large site: let them go with the pages
        del self.env.globals["once"]
        views.forget(self.site)


@dataclass(frozen=True, slots=True)
class _Work:
    """The pages to draw, and what drawing them takes."""

    site: Site
    env: Environment
    common: SiteView
    papers: list[Draw]
    listings: list[Page]
    staging: Staging | None

    def __len__(self) -> int:
        return len(self.papers) + len(self.listings)

    def draw(self, index: int) -> tuple[str, bytes]:
        if index < len(self.papers):
            return _paper_file(self.site, self.env, self.common, *self.papers[index])
        page = self.listings[index - len(self.papers)]
        return output_file(page[0]), _render(self.env, self.common, page)


_forked: list[_Work] = []
"""What forked workers draw from: set before the fork, so children inherit it without pickling."""


def _draw_range(bounds: tuple[int, int]) -> list[tuple[str, bytes | Staged]]:
    """A worker's task: draw pages ``bounds`` and write them into the staging folder when there is one."""
    work = _forked[0]
    drawn: list[tuple[str, bytes | Staged]] = []
    for index in range(*bounds):
        path, data = work.draw(index)
        drawn.append((path, work.staging.put(path, data) if work.staging else data))
    return drawn


def _paper_draws(site: Site, reuse: Reuse) -> Iterator[tuple[str, Callable[[], str], Draw]]:
    """Every paper page as (path, its key to work out, what to draw it from): the related lists are
    ranked for all papers at once."""
    related = Related(site)
    by_key = {p.key: p for p in site.papers}
    for paper in site.papers:
        near = tuple(by_key[k] for k in related.of(paper.key))
        note = _paper_note(site, paper)
        path = output_file(paper_path(site.permalinks[paper.key].slug))
        yield path, partial(_paper_key, site, reuse, paper, near, note), (paper, near, note)


def _listing_pages(site: Site, reuse: Reuse) -> Iterator[tuple[str, Callable[[], str], Page]]:
    for page in _pages(site):
        yield output_file(page[0]), partial(_listing_page_key, site, reuse, page), page


def _listing_page_key(site: Site, reuse: Reuse, page: Page) -> str:
    return reuse.key(*_listing_key(site, page))


def _listing_key(site: Site, page: Page) -> tuple[object, ...]:
    """A page's template, meta and context, its cards named by what they are drawn from
    (``views.Cards.key``: a kept listing never draws a card)."""
    _path, template, meta, context = page
    plain: list[object] = [template, meta]
    for name, value in sorted(context.items()):
        if isinstance(value, views.Cards):
            value = value.key()
        elif isinstance(value, Tag):
            value = (value.id, value.label, value.description, value.parent)
        elif isinstance(value, Note):
            value = (value.kind, value.target, value.title, value.html)
        plain.append((name, value))
    return tuple(plain)


def _render(env: Environment, common: SiteView, page: Page) -> bytes:
    _path, template, meta, context = page
    return env.get_template(template).render(site=common, page=meta, **context).encode("utf-8")


def _paper_key(site: Site, reuse: Reuse, paper: Paper, near: Sequence[Paper], note: Markup | None) -> str:
    """What a paper page shows: the paper, its permalink, tags, note and related cards. The paper,
    its slug and its tags are what its own card is drawn from, so its card key stands for them (it
    is made anyway for the related lists of other papers; pickling the paper again cost a third of
    keying the pages)."""
    cards = tuple(views.card_key(site, p) for p in near)
    return reuse.key("paper.html", views.card_key(site, paper), site.permalinks[paper.key].feed_id,
                     note, cards)


def _paper_file(site: Site, env: Environment, common: SiteView, paper: Paper, near: Sequence[Paper],
                note: Markup | None) -> tuple[str, bytes]:
    page = paper_page(site, paper, [views.card(site, p) for p in near], note)
    return output_file(page[0]), _render(env, common, page)


def _pages(site: Site) -> Iterator[Page]:
    """Every page but the papers'."""
    yield home_page(site)
    yield tags_page(site)
    listings = views.tag_listings(site)
    for tag in site.tags:
        yield from tag_pages(site, tag, listings[tag.id])
    yield dates_page(site)
    for day in site.digests:
        yield from date_pages(site, day)
    for note in site.notes:
        if note.kind is NoteKind.PAGE:
            yield (page_path(note.target), "page.html", _meta(site, page_path(note.target), note.title),
                   {"note": note, "body": Markup(note.html)})
    yield stats_page(site)
    if site.config.search:
        yield search_page(site)
    yield "404.html", "404.html", _meta(site, "404.html", "Page not found"), {}
    for old, new in sorted(site.redirects.items()):
        yield redirect_page(site, old, new)


def _site_view(site: Site) -> SiteView:
    config = site.config
    pages = tuple(Link(n.title, href(config, page_path(n.target)))
                  for n in site.notes if n.kind is NoteKind.PAGE)
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


def _meta(site: Site, path: str, title: str, description: str = "", tag: Tag | None = None) -> Meta:
    config = site.config
    feeds = [Feed(f"{config.title} (Atom)", ATOM, href(config, feed_path("atom"))),
             Feed(f"{config.title} (RSS)", RSS, href(config, feed_path("rss")))]
    if tag is not None:  # a tag page offers its own feed first, so readers subscribe to the topic
        feeds[:0] = [Feed(f"{tag.label} (Atom)", ATOM, href(config, feed_path("atom", tag.id))),
                     Feed(f"{tag.label} (RSS)", RSS, href(config, feed_path("rss", tag.id)))]
    return Meta(title, url(config, path), description or config.description, tuple(feeds))


def _papers(site: Site, keys: Sequence[str]) -> list[Paper]:
    by_key = views.papers_by_key(site)
    return [by_key[k] for k in keys if k in by_key]


def home_page(site: Site) -> Page:
    latest = site.digests[0] if site.digests else None
    papers = _papers(site, site.digest_papers.get(latest, ())) if latest else []
    size = site.config.page_size
    context = {
        "latest": views.digest_link(site, latest, len(papers)) if latest else None,
        "note": _digest_note(site, latest) if latest else None,
        "cards": views.Cards(site, papers[:size], latest),
        "more": len(papers) > size,
        "earlier": [views.digest_link(site, d, len(site.digest_papers.get(d, ()))) for d in site.digests[1:]],
        "tags": _tag_links(site),
    }
    return "", "index.html", _meta(site, "", site.config.title), context


def _tag_links(site: Site) -> list[Link]:
    counts: dict[str, int] = {}
    for key in site.permalinks:
        for tag in site.paper_tags.get(key, ()):
            counts[tag] = counts.get(tag, 0) + 1
    return [Link(t.label, href(site.config, tag_path(t.id)), counts.get(t.id, 0)) for t in site.tags]


def _digest_note(site: Site, day: date) -> Markup | None:
    for note in site.notes:
        if note.kind is NoteKind.DIGEST and note.target == day.isoformat():
            return Markup(note.html)
    return None


def _paper_note(site: Site, paper: Paper) -> Markup | None:
    note = next((n for n in site.notes if n.kind is NoteKind.PAPER and n.target == paper.key), None)
    return Markup(note.html) if note else None


def paper_page(site: Site, paper: Paper, related: Sequence[views.Card], note: Markup | None) -> Page:
    path = paper_path(site.permalinks[paper.key].slug)
    context = {
        "paper": paper,
        "abstract": views.abstract_html(paper),
        "published": views.format_date(paper.published) if paper.published else "",
        "tags": views.tag_links(site, paper.key),
        "digests": [views.digest_link(site, d) for d in paper.digests],
        "note": note,
        "links_out": views.links_out(paper.title),
        "related": related,
        "citation": paper_meta.citation(site, paper),
        "json_ld": paper_meta.json_ld(paper_meta.scholarly_article(site, paper)),
    }
    return path, "paper.html", _meta(site, path, paper.title, views.excerpt(paper.abstract, 160)), context


def tags_page(site: Site) -> Page:
    labels = {t.id: t.label for t in site.tags}
    links = _tag_links(site)
    rows = [(link, labels.get(t.parent or "", "")) for link, t in zip(links, site.tags, strict=True)]
    return "tags/", "tags.html", _meta(site, "tags/", "Tags"), {"rows": rows}


def tag_pages(site: Site, tag: Tag, listing: views.TagListing) -> Iterator[Page]:
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
                   "cards": views.Cards(site, chunk),
                   "pager": views.archive_pager(site, tag.id, number, pages), "feeds": feeds}
        yield path, "tag.html", _meta(site, path, title, _plain(tag.description), tag), context


def _plain(markdown: str) -> str:
    return views.excerpt(markdown.replace("*", "").replace("_", " "), 160) if markdown else ""


def dates_page(site: Site) -> Page:
    rows = []
    for day in site.digests:
        keys = site.digest_papers.get(day, ())
        new = sum(1 for p in _papers(site, keys) if p.first_seen == day)
        rows.append((views.digest_link(site, day, len(_papers(site, keys))), new))
    return "dates/", "dates.html", _meta(site, "dates/", "Digests"), {"rows": rows}


def date_pages(site: Site, day: date) -> Iterator[Page]:
    papers = _papers(site, site.digest_papers.get(day, ()))
    chunks = views.paginate(papers, site.config.page_size)
    new = sum(1 for p in papers if p.first_seen == day)
    for number, chunk in enumerate(chunks, start=1):
        path = date_path(day, number)
        label = views.format_date(day)
        title = f"Digest of {label}" if number == 1 else f"Digest of {label}, page {number}"
        context = {"day": day, "label": label, "total": len(papers), "new": new,
                   "note": _digest_note(site, day) if number == 1 else None,
                   "cards": views.Cards(site, chunk, day),
                   "pager": views.pager(site, partial(date_path, day), number, len(chunks))}
        yield path, "date.html", _meta(site, path, title), context


def stats_page(site: Site) -> Page:
    return STATS_PATH, "stats.html", _meta(site, STATS_PATH, "Stats"), {"stats": stats_view(site)}


def search_page(site: Site) -> Page:
    bundle = href(site.config, SEARCH_BUNDLE)
    return SEARCH_PATH, "search.html", _meta(site, SEARCH_PATH, "Search"), {"bundle": bundle}


def redirect_page(site: Site, old: str, new: str) -> Page:
    target = paper_path(new)
    meta = _meta(site, target, "Moved")  # canonical names the new address, as search engines expect
    return paper_path(old), "redirect.html", meta, {"target": href(site.config, target)}
