"""The assembled site: everything rendering needs, decided before any page is drawn.

``build.assemble_site`` produces one ``Site``; pages, feeds and data files are pure functions of it
that return ``{path: bytes}``. Cross-references are keys: paper ``key``, tag ``id``, digest ``date``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import Enum

from .model import Location, Paper


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
STYLESHEET_PATH = "static/style.css"
SEARCH_PATH = "search/"
SEARCH_BUNDLE = "pagefind/"
"""Pagefind writes its index and UI here, inside the built site."""
STATS_PATH = "stats/"


def page_path(slug: str) -> str:
    """A curator's standalone note page (``page: about`` -> ``about/``)."""
    return f"{slug}/"
