"""Thin, template-facing views built per render (zola's ``ser.rs``): every href is decided here through
``sitegen.site``'s path helpers, so templates only print."""

from __future__ import annotations

import heapq
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote_plus

from markupsafe import Markup

from ..model import Paper
from ..site import Site, date_path, href, paper_path, tag_path
from .text import linkify

EXCERPT_CHARS = 280
RELATED = 5
# Words too common in paper titles to say two papers are alike.
STOPWORDS = frozenset((
    "a", "an", "and", "are", "as", "at", "by", "for", "from", "in", "into", "is", "it", "its", "of", "on",
    "or", "the", "to", "via", "with", "towards", "toward", "using", "learning", "model", "models", "neural",
    "network", "networks", "deep", "large", "language", "based", "approach", "study", "new",
))
_WORD = re.compile(r"[a-z0-9]+")


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
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    return flat[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


class _Memo:
    """Views that a render asks for many times over (a paper's card sits on its tag pages, its digest
    pages and five related lists): built once per ``Site``. Held for the last site only, compared by
    identity, so a new build never sees an older site's views."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.labels = {t.id: t.label for t in site.tags}
        self.tag_hrefs = {t.id: href(site.config, tag_path(t.id)) for t in site.tags}
        self.tag_links: dict[str, tuple[Link, ...]] = {}
        self.cards: dict[tuple[str, bool], Card] = {}


_last: list[_Memo] = []


def _memo(site: Site) -> _Memo:
    if not _last or _last[0].site is not site:
        _last[:] = [_Memo(site)]
    return _last[0]


def forget(site: Site) -> None:
    """Drop the views memoised for ``site`` (the render is over; they would outlive the build)."""
    if _last and _last[0].site is site:
        _last.clear()


def tag_links(site: Site, key: str) -> tuple[Link, ...]:
    memo = _memo(site)
    links = memo.tag_links.get(key)
    if links is None:
        links = tuple(Link(memo.labels[t], memo.tag_hrefs[t]) for t in site.paper_tags.get(key, ()))
        memo.tag_links[key] = links
    return links


def card(site: Site, paper: Paper, digest: date | None = None) -> Card:
    seen_before = digest is not None and paper.first_seen < digest
    cards = _memo(site).cards
    # A card differs between listings only by its "first seen" link, which names the paper's own first
    # digest: two entries per paper serve every listing.
    made = cards.get((paper.key, seen_before))
    if made is None:
        made = cards[paper.key, seen_before] = _card(site, paper, seen_before)
    return made


def _card(site: Site, paper: Paper, seen_before: bool) -> Card:
    return Card(
        title=paper.title,
        href=href(site.config, paper_path(site.permalinks[paper.key].slug)),
        excerpt=excerpt(paper.abstract),
        published=paper.published.isoformat() if paper.published else "",
        authors=paper.authors,
        upvotes=paper.upvotes,
        tags=tag_links(site, paper.key),
        first_seen=digest_link(site, paper.first_seen) if seen_before else None,
    )


def digest_link(site: Site, day: date, count: int = 0) -> Link:
    return Link(format_date(day), href(site.config, date_path(day)), count)


def paginate(items: Sequence[Paper], size: int) -> list[Sequence[Paper]]:
    """Chunks of ``size``; one empty page when there is nothing (the page still exists)."""
    return [items[i : i + size] for i in range(0, len(items), size)] or [items]


def pager(site: Site, path_of: Callable[[int], str], number: int, count: int) -> Pager:
    at = [href(site.config, path_of(n)) for n in range(1, count + 1)]
    return Pager(
        number=number,
        count=count,
        previous=at[number - 2] if number > 1 else None,
        next=at[number] if number < count else None,
        pages=tuple(Link(str(n), at[n - 1]) for n in range(1, count + 1)),
    )


def links_out(title: str) -> tuple[Link, ...]:
    """Title searches: they work for every paper, with or without a known arXiv id."""
    q = quote_plus(title)
    return (
        Link("arXiv", f"https://arxiv.org/search/?query={q}&searchtype=title"),
        Link("Hugging Face", f"https://huggingface.co/papers?q={q}"),
        Link("Semantic Scholar", f"https://www.semanticscholar.org/search?q={q}"),
        Link("Google Scholar", f"https://scholar.google.com/scholar?q={q}"),
    )


def abstract_html(paper: Paper) -> Markup:
    return linkify(paper.abstract)


def title_words(title: str) -> frozenset[str]:
    return frozenset(w for w in _WORD.findall(title.casefold()) if w not in STOPWORDS and len(w) > 2)


class Related:
    """Related papers: most shared tags, then most shared title words, then slug.

    Never site order: ranking by recency would let every new digest rewrite most paper pages (their
    related lists would fill with the newest papers). The result is the exact top ``limit`` under
    that key, found without comparing every pair:

    * every paper sharing a rare title word is scored (an index of words in at most 200 titles);
    * of the papers sharing only tags, just the first ``limit + 1`` by slug of each distinct tag set
      can win (any later one has ``limit`` others with the same tags, no fewer shared words and a
      smaller slug), and that ranking is computed once per distinct tag set, not per paper.
    """

    def __init__(self, site: Site, limit: int = RELATED) -> None:
        self.site, self.limit = site, limit
        self.slug = {p.key: site.permalinks[p.key].slug for p in site.papers}
        self.words = {p.key: title_words(p.title) for p in site.papers}
        self.by_word: dict[str, list[str]] = {}
        for paper in site.papers:
            for word in self.words[paper.key]:
                self.by_word.setdefault(word, []).append(paper.key)
        self.tag_sets = {p.key: frozenset(site.paper_tags.get(p.key, ())) for p in site.papers}
        groups: dict[frozenset[str], list[str]] = {}
        for key, tags in self.tag_sets.items():
            if tags:
                groups.setdefault(tags, []).append(key)
        self.heads = {tags: sorted(keys, key=self.slug.__getitem__)[: limit + 1]
                      for tags, keys in groups.items()}
        self.by_tags: dict[frozenset[str], tuple[str, ...]] = {}

    def of(self, key: str) -> tuple[str, ...]:
        tags = self.tag_sets.get(key, frozenset())
        shared_words: Counter[str] = Counter()
        for word in self.words.get(key, ()):
            postings = self.by_word[word]
            if len(postings) <= 200:  # a word in hundreds of titles says little
                shared_words.update(postings)
        candidates = set(shared_words)
        candidates.update(self._by_tags(tags))
        candidates.discard(key)
        return self._best(candidates, tags, shared_words)

    def _by_tags(self, tags: frozenset[str]) -> tuple[str, ...]:
        """The ``limit + 1`` best papers by (most tags shared with ``tags``, slug), one of which may be
        the paper asking."""
        best = self.by_tags.get(tags)
        if best is None:
            scored = [(-len(tags & group), self.slug[k], k) for group, keys in self.heads.items()
                      if not tags.isdisjoint(group) for k in keys]
            best = self.by_tags[tags] = tuple(k for *_, k in heapq.nsmallest(self.limit + 1, scored))
        return best

    def _best(self, candidates: set[str], tags: frozenset[str], words: Mapping[str, int]) -> tuple[str, ...]:
        """The ``limit`` best by (most shared tags, most shared words, slug); slugs are unique, so the
        key never ties and ``nsmallest`` equals a full sort cut to ``limit``, at a fraction of it."""
        slug, tag_sets, shared = self.slug, self.tag_sets, words.get
        scored = [(-len(tags & tag_sets[k]), -shared(k, 0), slug[k], k) for k in candidates]
        return tuple(item[3] for item in heapq.nsmallest(self.limit, scored))
