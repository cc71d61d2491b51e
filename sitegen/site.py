"""The assembled site: everything rendering needs, decided before any page is drawn.

``build.stages.assemble_site`` produces one ``Site``, with its ``SiteIndex`` (every lookup a renderer
needs, made once). Cross-references are keys: paper ``key``, tag ``id``, digest ``date``. Every path of
the site is decided here too (the path helpers at the end, and ``RESERVED``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import Enum

from .model import Location, Paper
from .util.slugs import slugify

DEFAULT_ANNOUNCE = ("new", "cross")
"""The arXiv announcements a site publishes unless ``site.yaml`` says otherwise."""


@dataclass(frozen=True, slots=True)
class FetchSettings:
    """``site.yaml``'s ``fetch:``: where ``sitegen fetch`` asks for listings (settings, so tests and
    mirrors can point it elsewhere)."""

    hf_base: str = "https://huggingface.co"
    arxiv_base: str = "https://rss.arxiv.org"


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """``content/site.yaml``, validated. Only ``title`` and ``base_url`` are required."""

    title: str
    base_url: str
    """Absolute URL of the site root, always ending in ``/``; may contain a path (``/digest/``)."""
    description: str = ""
    language: str = "en"
    author: str = "sitegen"
    feed_size: int = 50
    """Entries per feed (site-wide, per tag, digests)."""
    page_size: int = 20
    """Papers per listing page (tag and date pages paginate past it)."""
    timezone: str = "UTC"
    """Time zone the digest dates are in; feed timestamps are midnight there."""
    search: bool = True
    """Index the built site with Pagefind and offer a search box and ``search/`` page."""
    arxiv_announce: tuple[str, ...] = DEFAULT_ANNOUNCE
    """Which announcements of an arXiv listing feed are published (``replace``, ``replace-cross``
    bring back papers announced before)."""
    author_pages: int = 2
    """An author gets a page at ``authors/<slug>/`` once this many papers name them; 0: no pages."""
    fetch: FetchSettings = field(default=FetchSettings(), compare=False)
    """Not part of the site: compared out so changing it never redraws a page."""
    location: Location = field(default=Location("site.yaml"), compare=False)

    @property
    def base_path(self) -> str:
        """The path part of ``base_url``: ``/`` at a domain root, ``/digest/`` under a sub-path."""
        after_scheme = self.base_url.split("://", 1)[-1]
        slash = after_scheme.find("/")
        return after_scheme[slash:] if slash >= 0 else "/"


@dataclass(frozen=True, slots=True)
class Tag:
    """A topic from ``tags.yaml``."""

    id: str
    """URL-safe slug; the tag's pages live at ``tags/<id>/``."""
    label: str
    description: str = ""
    """Markdown, rendered on the tag page."""
    parent: str | None = None
    location: Location = field(default=Location("tags.yaml"), compare=False)


class NoteKind(Enum):
    PAPER = "paper"
    DIGEST = "digest"
    PAGE = "page"


@dataclass(frozen=True, slots=True)
class Note:
    """A curator's Markdown note from ``content/notes/``, already rendered to safe HTML."""

    kind: NoteKind
    target: str
    """Paper key, digest date (``YYYY-MM-DD``) or page slug, by ``kind``."""
    title: str
    html: str
    location: Location


@dataclass(frozen=True, slots=True)
class Permalink:
    """A paper's published identity, kept forever in ``content/permalinks.lock``."""

    key: str
    slug: str
    feed_id: str


# Authors, when a listing names them (machine-readable listings do; a pasted card says "5 authors"
# and nothing more). An author's page lives at ``authors/<slug>/``, the slug made from the name by the
# same rule as a paper's; two spellings with one slug ("José García", "Jose Garcia") are taken for one
# person, and the page shows the spelling most papers use.

@dataclass(frozen=True, slots=True)
class Author:
    slug: str
    name: str
    papers: tuple[Paper, ...]
    """In site order (newest digest first)."""


def author_slug(name: str) -> str:
    """``authors/<slug>/`` for ``name``; "" for a name with no letters or digits to spell it with."""
    return slugify(name)


def author_index(papers: Sequence[Paper], threshold: int) -> dict[str, Author]:
    """Slug -> author, for every author at least ``threshold`` of ``papers`` name (none when
    ``threshold`` is 0), in slug order."""
    if threshold <= 0:
        return {}
    written: dict[str, list[Paper]] = {}
    spellings: dict[str, Counter[str]] = {}
    for paper in papers:
        if paper.identity is None:
            continue
        for name in dict.fromkeys(paper.identity.authors):
            slug = author_slug(name)
            if not slug:
                continue
            listed = written.setdefault(slug, [])
            if not listed or listed[-1] is not paper:  # two spellings of one name on one paper
                listed.append(paper)
            spellings.setdefault(slug, Counter())[name] += 1
    return {slug: Author(slug, _spelling(spellings[slug]), tuple(listed))
            for slug, listed in sorted(written.items()) if len(listed) >= threshold}


def _spelling(counts: Counter[str]) -> str:
    """The most used spelling; between equals, the first in code-point order (never input order)."""
    return min(counts, key=lambda name: (-counts[name], name))


@dataclass(frozen=True, slots=True)
class SiteIndex:
    """Lookups into a ``Site``, made once with it (``Site.index``), so no renderer scans the site again
    or keeps a memo of its own."""

    papers: Mapping[str, Paper]
    """Paper key -> paper."""
    tags: Mapping[str, Tag]
    """Tag id -> tag."""
    digest_listings: Mapping[date, tuple[Paper, ...]]
    """Digest date -> its papers in the order the dump lists them."""
    listing_rank: Mapping[tuple[date, str], int]
    """(digest date, paper key) -> how many papers that digest lists after it: the last listed is 0.
    Feed entry times step by it (``render.feeds.entry_time``), so the first listed is the newest."""
    paper_notes: Mapping[str, tuple[Note, ...]]
    """Paper key -> the curator's notes on it."""
    digest_notes: Mapping[date, tuple[Note, ...]]
    pages: tuple[Note, ...]
    """The curator's standalone pages."""
    authors: Mapping[str, Author]
    """Author slug -> author, for the authors who get a page (``SiteConfig.author_pages``)."""

    @classmethod
    def of(cls, site: Site) -> SiteIndex:
        papers = {paper.key: paper for paper in site.papers}
        notes: dict[tuple[NoteKind, str], tuple[Note, ...]] = {}
        for note in site.notes:
            notes[note.kind, note.target] = (*notes.get((note.kind, note.target), ()), note)
        listings = {day: tuple(papers[key] for key in keys if key in papers)
                    for day, keys in site.digest_papers.items()}
        return cls(
            papers=papers,
            tags={tag.id: tag for tag in site.tags},
            digest_listings=listings,
            listing_rank={(day, paper.key): len(listed) - 1 - position
                          for day, listed in listings.items() for position, paper in enumerate(listed)},
            paper_notes={target: found for (kind, target), found in notes.items() if kind is NoteKind.PAPER},
            digest_notes={date.fromisoformat(target): found for (kind, target), found in notes.items()
                          if kind is NoteKind.DIGEST},
            pages=tuple(note for note in site.notes if note.kind is NoteKind.PAGE),
            authors=author_index(site.papers, site.config.author_pages),
        )

    def label(self, tag_id: str) -> str:
        tag = self.tags.get(tag_id)
        return tag.label if tag else tag_id


@dataclass(frozen=True, slots=True)
class Site:
    config: SiteConfig
    site_id: str
    """``urn:uuid:...`` fixed at the first build and kept in ``permalinks.lock``: the root of every
    feed id (feeds, digests), so ids survive a change of ``base_url``."""
    papers: tuple[Paper, ...]
    """Published papers (hidden ones removed), newest digest first; ties by first-seen, then slug."""
    tags: tuple[Tag, ...]
    """In the order of the rules file."""
    paper_tags: Mapping[str, tuple[str, ...]]
    """Paper key -> tag ids (parents included), in ``tags`` order."""
    permalinks: Mapping[str, Permalink]
    """Paper key -> permalink, for every published paper."""
    digests: tuple[date, ...]
    """Every digest date, newest first."""
    digest_papers: Mapping[date, tuple[str, ...]]
    """Digest date -> paper keys in the order the dump lists them (repeats removed)."""
    notes: tuple[Note, ...] = ()
    redirects: Mapping[str, str] = field(default_factory=dict)
    """Old slug -> current slug, for papers whose URL changed with ``--allow-url-change``."""
    index: SiteIndex = field(init=False, repr=False, compare=False)
    """Made from the fields above when the site is (``SiteIndex.of``)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "index", SiteIndex.of(self))  # derived once, never changed after


# Every site path is decided here, once. Paths are relative to the site root, use "/" and end in "/"
# for pages (served as .../index.html); join with ``url()`` or ``href()``.

def paper_path(slug: str) -> str:
    return f"papers/{slug}/"


def tag_path(tag_id: str) -> str:
    return f"tags/{tag_id}/"


def tag_archive_path(tag_id: str, number: int) -> str:
    """Page ``number`` of a tag's archive, counted from its oldest papers: it keeps showing the same
    papers as the tag grows (``render.views.tag_listing``)."""
    return f"tags/{tag_id}/page/{number}/"


def author_path(slug: str) -> str:
    return f"authors/{slug}/"


def date_path(day: date, page: int = 1) -> str:
    return f"dates/{day.isoformat()}/" if page == 1 else f"dates/{day.isoformat()}/page/{page}/"


def url(config: SiteConfig, path: str) -> str:
    """Absolute URL (feeds, sitemap, canonical links)."""
    return config.base_url + path


def href(config: SiteConfig, path: str) -> str:
    """Root-relative URL that works under a sub-path (``/digest/papers/x/``)."""
    return config.base_path + path


def feed_path(kind: str = "atom", tag_id: str | None = None) -> str:
    """``atom.xml`` / ``rss.xml`` for the whole site, ``tags/<id>/atom.xml`` per tag (``kind``: atom|rss)."""
    return f"{kind}.xml" if tag_id is None else f"tags/{tag_id}/{kind}.xml"


DIGESTS_FEED = "digests.xml"
OPML_PATH = "feeds.opml"
STATIC_PATH = "static/"
STYLESHEET_PATH = STATIC_PATH + "style.css"
SEARCH_PATH = "search/"
SEARCH_BUNDLE = "pagefind/"
"""Pagefind writes its index and UI here, inside the built site."""
STATS_PATH = "stats/"
DIGESTS_PATH = "dates/"
TAGS_PATH = "tags/"
SITEMAP_PATH = "sitemap.xml"
ROBOTS_PATH = "robots.txt"
PAPERS_JSON_PATH = "papers.json"
NOJEKYLL_PATH = ".nojekyll"
NOT_FOUND_PATH = "404.html"
HOME_FILE = "index.html"

RESERVED = frozenset(path.split("/", 1)[0] for path in (
    paper_path("x"), tag_path("x"), author_path("x"), date_path(date(2000, 1, 1)), DIGESTS_PATH, TAGS_PATH,
    STATIC_PATH, SEARCH_PATH, SEARCH_BUNDLE, STATS_PATH, feed_path("atom"), feed_path("rss"), DIGESTS_FEED,
    OPML_PATH, SITEMAP_PATH, ROBOTS_PATH, PAPERS_JSON_PATH, NOJEKYLL_PATH, NOT_FOUND_PATH, HOME_FILE,
))
"""Every name the site itself uses at its top level: no curator page may take one (``notes``)."""


def page_path(slug: str) -> str:
    """A curator's standalone note page (``page: about`` -> ``about/``)."""
    return f"{slug}/"
