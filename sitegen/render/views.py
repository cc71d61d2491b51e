"""Thin, template-facing views built per render (zola's ``ser.rs``): every href is decided here through
``sitegen.site``'s path helpers, so templates only print."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import overload
from urllib.parse import quote_plus

from markupsafe import Markup

from ..model import Paper
from ..site import Site, author_path, author_slug, date_path, href, paper_path, tag_archive_path, tag_path
from . import elsewhere
from .reuse import key_of, paper_key
from .text import linkify

EXCERPT_CHARS = 280


@dataclass(frozen=True, slots=True)
class Link:
    label: str
    href: str
    count: int = 0


@dataclass(frozen=True, slots=True)
class Card:
    """One paper in a listing."""

    title: str
    href: str
    excerpt: str
    published: str
    """ISO date or ""."""
    authors: int | None
    upvotes: int | None
    tags: tuple[Link, ...]
    first_seen: Link | None = None
    """On a digest page: the earlier digest that first listed it (None when new there)."""


@dataclass(frozen=True, slots=True)
class Pager:
    number: int
    count: int
    """Pages in the listing; 0 where it is not shown (a tag archive, which only links newer and older)."""
    previous: str | None
    next: str | None
    pages: tuple[Link, ...]


def format_date(day: date) -> str:
    """``14 March 2025`` without the locale, so output never depends on the machine."""
    months = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December")
    return f"{day.day} {months[day.month - 1]} {day.year}"


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """The start of an abstract, cut at a word, marked with an ellipsis when cut."""
    # Whitespace is collapsed in a prefix first (the abstracts run to thousands of characters): the
    # collapsed prefix is a prefix of the collapsed whole, so when it is longer than ``limit`` the cut
    # is the same.
    head = text[: 2 * limit]
    flat = " ".join(head.split())
    if len(flat) <= limit and len(head) < len(text):
        flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    return flat[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


class CardViews:
    """The listing cards of one render, each drawn once and reused: a paper's card sits on its tag
    pages, its digest pages, the home page and five related lists. Made per render (``Pages``), not
    kept between renders, and read-only to everything else."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self._tag_links: dict[str, tuple[Link, ...]] = {}
        self._cards: dict[tuple[str, bool], Card] = {}
        self._keys: dict[str, str] = {}

    def tag_links(self, key: str) -> tuple[Link, ...]:
        links = self._tag_links.get(key)
        if links is None:
            site = self.site
            tags = site.paper_tags.get(key, ())
            links = self._tag_links[key] = tuple(Link(site.index.label(t), href(site.config, tag_path(t)))
                                                 for t in tags)
        return links

    def card(self, paper: Paper, digest: date | None = None) -> Card:
        seen_before = digest is not None and paper.first_seen < digest
        # A card differs between listings only by its "first seen" link, which names the paper's own
        # first digest: two cards per paper serve every listing.
        made = self._cards.get((paper.key, seen_before))
        if made is None:
            made = self._cards[paper.key, seen_before] = self._draw(paper, seen_before)
        return made

    def listing(self, papers: Sequence[Paper], digest: date | None = None) -> Cards:
        return Cards(self, papers, digest)

    def key(self, paper: Paper) -> str:
        """A checksum of what ``card(paper)`` is drawn from (the paper, its slug and tags), without
        drawing it: page keys name their cards this way (related papers, listings), and most pages
        are kept, so most cards are never drawn."""
        key = self._keys.get(paper.key)
        if key is None:
            tags = tuple((t.label, t.href) for t in self.tag_links(paper.key))
            key = self._keys[paper.key] = key_of(paper_key(paper), self.site.permalinks[paper.key].slug, tags)
        return key

    def _draw(self, paper: Paper, seen_before: bool) -> Card:
        site = self.site
        return Card(
            title=paper.title,
            href=href(site.config, paper_path(site.permalinks[paper.key].slug)),
            excerpt=excerpt(paper.abstract),
            published=paper.published.isoformat() if paper.published else "",
            authors=paper.authors,
            upvotes=paper.upvotes,
            tags=self.tag_links(paper.key),
            first_seen=digest_link(site, paper.first_seen) if seen_before else None,
        )


class Cards(Sequence[Card]):
    """A listing's cards, drawn only when its page is: a page kept from the last build is keyed from
    its papers (``key``) and never draws a card (each costs an excerpt of the abstract)."""

    def __init__(self, views: CardViews, papers: Sequence[Paper], digest: date | None = None) -> None:
        self.views, self.papers, self.digest = views, papers, digest

    def __len__(self) -> int:
        return len(self.papers)

    @overload
    def __getitem__(self, index: int) -> Card: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Card]: ...
    def __getitem__(self, index: int | slice) -> Card | Sequence[Card]:
        if isinstance(index, slice):
            return [self.views.card(p, self.digest) for p in self.papers[index]]
        return self.views.card(self.papers[index], self.digest)

    def key(self) -> tuple[tuple[str, bool], ...]:
        """What the cards are drawn from: each paper's card inputs, and whether it was seen before."""
        day = self.digest
        return tuple((self.views.key(p), day is not None and p.first_seen < day) for p in self.papers)


def digest_link(site: Site, day: date, count: int = 0) -> Link:
    return Link(format_date(day), href(site.config, date_path(day)), count)


def paginate(items: Sequence[Paper], size: int) -> list[Sequence[Paper]]:
    """Chunks of ``size``; one empty page when there is nothing (the page still exists)."""
    return [items[i : i + size] for i in range(0, len(items), size)] or [items]


@dataclass(frozen=True, slots=True)
class TagListing:
    """A tag's papers laid out on pages that never shift: archive page ``k`` holds the ``k``-th
    ``page_size`` papers in the order they were first listed, and the tag's own page the rest (between
    one and two pages' worth, once there are that many). A new digest only changes the tag's page,
    and moves a full page's worth into a new archive page now and then; a link to an archive page
    keeps showing the papers it showed."""

    newest: tuple[Paper, ...]
    """The tag's own page, newest first."""
    archive: tuple[tuple[Paper, ...], ...]
    """``archive[k - 1]`` is archive page ``k``, newest first."""

    @property
    def papers(self) -> tuple[Paper, ...]:
        """Every paper of the tag, on whichever page."""
        return (*self.newest, *(p for page in self.archive for p in page))


def tag_listings(site: Site) -> dict[str, TagListing]:
    """Every tag's ``TagListing`` (the tags of ``site.tags``, with or without papers, and any other tag
    a paper carries), laid out once for the pages and the sitemap alike."""
    tagged: dict[str, list[Paper]] = {tag.id: [] for tag in site.tags}
    for paper in site.papers:
        for tag_id in site.paper_tags.get(paper.key, ()):
            tagged.setdefault(tag_id, []).append(paper)
    def slug(key: str) -> str:
        return site.permalinks[key].slug
    return {tag_id: tag_listing(papers, slug, site.config.page_size) for tag_id, papers in tagged.items()}


def tag_listing(papers: Sequence[Paper], slug: Callable[[str], str], size: int) -> TagListing:
    """``papers`` (one tag's) laid out as a ``TagListing``: ordered by the digest that first listed
    them, then slug, so a paper seen again later keeps its place."""
    ordered = sorted(papers, key=lambda p: (p.first_seen, slug(p.key)))
    size = max(1, size)
    cut = max(0, len(ordered) // size - 1) * size
    chunks = tuple(tuple(reversed(ordered[i : i + size])) for i in range(0, cut, size))
    return TagListing(tuple(reversed(ordered[cut:])), chunks)


def archive_pager(site: Site, tag_id: str, number: int, pages: int) -> Pager:
    """Newer/older links for the tag page (``number`` 0) or archive page ``number`` of ``pages``."""
    def at(n: int) -> str:
        return href(site.config, tag_path(tag_id) if n > pages or n == 0 else tag_archive_path(tag_id, n))
    older = (pages if number == 0 else number - 1) or None
    newer = None if number == 0 else number + 1
    # No page count and no list of pages: both would change every archive page when one is added.
    return Pager(number=number, count=0, previous=at(newer) if newer else None,
                 next=at(older) if older else None, pages=())


def pager(site: Site, path_of: Callable[[int], str], number: int, count: int) -> Pager:
    at = [href(site.config, path_of(n)) for n in range(1, count + 1)]
    return Pager(
        number=number,
        count=count,
        previous=at[number - 2] if number > 1 else None,
        next=at[number] if number < count else None,
        pages=tuple(Link(str(n), at[n - 1]) for n in range(1, count + 1)),
    )


LINK_LABELS = {"arxiv": "arXiv", "pdf": "PDF", "huggingface": "Hugging Face", "code": "Code",
               "project": "Project page"}


def links_out(paper: Paper) -> tuple[Link, ...]:
    """Where to read the paper: its own pages when its arXiv id is known, else title searches (they
    work for every paper)."""
    identity = paper.identity
    if identity is None:
        return search_links(paper.title)
    stars = identity.github_stars
    return tuple(Link(f"{LINK_LABELS[kind]} ({stars:,} stars)" if kind == "code" and stars is not None
                      else LINK_LABELS[kind], target)
                 for kind, target in elsewhere.paper_links(identity))


def author_links(site: Site, paper: Paper) -> tuple[Link, ...]:
    """The paper's named authors in order, each linked to their page where they have one (href "")."""
    if paper.identity is None:
        return ()
    pages = site.index.authors
    return tuple(Link(name, href(site.config, author_path(slug)) if (slug := author_slug(name)) in pages
                      else "")
                 for name in paper.identity.authors)


def search_links(title: str) -> tuple[Link, ...]:
    """Title searches, for a paper whose arXiv id no listing gave."""
    q = quote_plus(title)
    return (
        Link("arXiv", f"https://arxiv.org/search/?query={q}&searchtype=title"),
        Link("Hugging Face", f"https://huggingface.co/papers?q={q}"),
        Link("Semantic Scholar", f"https://www.semanticscholar.org/search?q={q}"),
        Link("Google Scholar", f"https://scholar.google.com/scholar?q={q}"),
    )


def abstract_html(paper: Paper) -> Markup:
    return linkify(paper.abstract)
