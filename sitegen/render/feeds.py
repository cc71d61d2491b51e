"""Atom and RSS feeds, the digests feed and the OPML list: pure functions of a ``Site``.

Everything a feed reader keys on is published forever, so none of it may depend on the build:
entry ids are the ledger's ``Permalink.feed_id``; feed and digest ids are uuid5 names under
``site.site_id`` (not the base URL, so moving the site keeps them); every timestamp is a digest date
at midnight in ``config.timezone``, plus, for a paper, one second per paper its digest lists after it
(``entry_time``): entries of one digest have distinct times, and a reader sorting by time shows them
in the curator's order. feedgen stamps ``now()`` on feeds and entries and prepends
entries unless told otherwise: each is overridden below.
"""

from __future__ import annotations

import html
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import lru_cache, partial
from xml.etree import ElementTree as ET
from zoneinfo import ZoneInfo

from feedgen.entry import FeedEntry  # type: ignore[import-untyped]
from feedgen.ext.base import BaseEntryExtension  # type: ignore[import-untyped]
from feedgen.feed import FeedGenerator  # type: ignore[import-untyped]
from feedgen.util import xml_elem  # type: ignore[import-untyped]

from ..model import Paper
from ..site import (
    DIGESTS_FEED,
    OPML_PATH,
    Site,
    SiteConfig,
    date_path,
    feed_path,
    paper_path,
    tag_path,
    url,
)
from . import elsewhere
from .reuse import Kept, Reuse

ATOM_TYPE = "application/atom+xml"
RSS_TYPE = "application/rss+xml"
GENERATOR = "sitegen"
"""Replaces feedgen's own generator element, which carries feedgen's version: upgrading a library
must not change a byte of the feeds."""
EPOCH = date(1970, 1, 1)
"""``updated`` of a feed when the site has no digest at all (a fixed date, never the build time)."""


@dataclass(frozen=True, slots=True)
class FeedSpec:
    """One feed of papers, in both formats: the site-wide one or one tag's."""

    atom: str
    """Site path of the Atom file; also the uuid5 name of the feed's atom:id."""
    rss: str
    title: str
    subtitle: str
    page: str
    """Site path of the HTML page the feed mirrors (its alternate link)."""
    papers: tuple[Paper, ...]
    """Newest digest first, already capped at ``feed_size``."""


@dataclass(frozen=True, slots=True)
class FeedFiles:
    """Every feed file of a site, and the key each paper feed was drawn from (``render.reuse``)."""

    files: dict[str, bytes | Kept]
    """Site path -> bytes, or ``Kept`` for a paper feed drawn from the same key as last time."""
    keys: dict[str, str]


def render_feeds(site: Site, reuse: Reuse | None = None) -> FeedFiles:
    """Every feed file of the site, in path order; with ``reuse``, a paper feed whose papers, tags,
    notes and settings are those of the last build is ``Kept``."""
    specs = feed_specs(site)
    labels = {tag.id: tag.label for tag in site.tags}
    reuse = (reuse or Reuse()).salted(site.config, site.site_id, labels)
    # A paper is in the site feed and in each of its tags' feeds, as Atom and as RSS: its entry is made
    # once per render, at first use (making one cost as much as writing it out).
    entries: dict[str, FeedEntry] = {}
    out: dict[str, bytes | Kept] = {}
    keys: dict[str, str] = {}
    for spec in specs:
        shown = [(site.permalinks[p.key], site.paper_tags.get(p.key, ()), _note_html(site, p.key),
                  entry_times(site, p)) for p in spec.papers]
        # The feed's own updated time too: a feed with no papers takes the newest digest's.
        key = keys[spec.atom] = keys[spec.rss] = reuse.key(spec, shown, feed_updated(site, spec))
        out[spec.atom] = reuse.file(spec.atom, key, partial(_atom, site, entries, spec))
        out[spec.rss] = reuse.file(spec.rss, key, partial(_rss, site, entries, spec))
    out[DIGESTS_FEED] = digests_feed(site).atom_str(pretty=True)
    out[OPML_PATH] = render_opml(site, specs)
    return FeedFiles(dict(sorted(out.items())), keys)


def _note_html(site: Site, key: str) -> tuple[str, ...]:
    return tuple(note.html for note in site.index.paper_notes.get(key, ()))


def _atom(site: Site, entries: dict[str, FeedEntry], spec: FeedSpec) -> bytes:
    return bytes(paper_feed(site, entries, spec, spec.atom).atom_str(pretty=True))


def _rss(site: Site, entries: dict[str, FeedEntry], spec: FeedSpec) -> bytes:
    return bytes(paper_feed(site, entries, spec, spec.rss).rss_str(pretty=True))


def feed_specs(site: Site) -> tuple[FeedSpec, ...]:
    """The site-wide feed, then one per tag in rules order (tags without papers included)."""
    config = site.config
    ordered = papers_newest_first(site)
    whole = FeedSpec(
        feed_path("atom"), feed_path("rss"), config.title,
        config.description or f"Papers from the {config.title} digest, newest first.",
        "", ordered[: config.feed_size])
    tagged: dict[str, list[Paper]] = {tag.id: [] for tag in site.tags}
    for paper in ordered:
        for tag_id in site.paper_tags.get(paper.key, ()):
            tagged.setdefault(tag_id, []).append(paper)
    per_tag = []
    for tag in site.tags:
        subtitle = " ".join(tag.description.split()) or f"Papers tagged {tag.label}, newest first."
        per_tag.append(FeedSpec(
            feed_path("atom", tag.id), feed_path("rss", tag.id), f"{config.title} — {tag.label}",
            subtitle, tag_path(tag.id), tuple(tagged[tag.id][: config.feed_size])))
    return (whole, *per_tag)


def papers_newest_first(site: Site) -> tuple[Paper, ...]:
    """By ``updated`` time, newest first (the last digest seen, then its listing order), then first
    seen desc, then slug: the order of every feed and of ``papers.json``."""
    rank = site.index.listing_rank

    def key(paper: Paper) -> tuple[int, int, int, str]:
        slug = site.permalinks[paper.key].slug
        return (-paper.last_seen.toordinal(), -rank.get((paper.last_seen, paper.key), 0),
                -paper.first_seen.toordinal(), slug)
    return tuple(sorted(site.papers, key=key))


def entry_time(site: Site, day: date, key: str) -> datetime:
    """A paper's time in digest ``day``: midnight plus one second per paper listed after it."""
    seconds = site.index.listing_rank.get((day, key), 0)
    return digest_time(site.config, day) + timedelta(seconds=seconds)


def entry_times(site: Site, paper: Paper) -> tuple[datetime, datetime]:
    """(published, updated): its time in the first digest it was seen in, and in the last."""
    return entry_time(site, paper.first_seen, paper.key), entry_time(site, paper.last_seen, paper.key)


def digest_time(config: SiteConfig, day: date) -> datetime:
    """Midnight of a digest date where the curator lives: the only clock the feeds know."""
    return datetime.combine(day, time(), _zone(config.timezone))


@lru_cache(maxsize=8)
def _zone(name: str) -> tzinfo:
    # UTC needs no tz database, so the default works on a machine without tzdata.
    return UTC if name == "UTC" else ZoneInfo(name)


def site_uuid(site: Site, name: str) -> str:
    """``urn:uuid:`` of uuid5(site_id, name): stable ids for things the ledger does not list."""
    return uuid.uuid5(uuid.UUID(site.site_id), name).urn


def digest_entry_id(site: Site, day: date) -> str:
    """The digests feed's entry id for one digest (published: never change the name scheme)."""
    return site_uuid(site, f"digest/{day.isoformat()}")


def _new_feed(site: Site, self_path: str, title: str, subtitle: str, page: str) -> FeedGenerator:
    config = site.config
    fg = FeedGenerator()
    fg.id(site_uuid(site, self_path))
    fg.title(title)
    # RSS's channel <description> is HTML to its readers (Atom's <subtitle> here is text): escaped, a
    # tag description's "<b>" or "<img onerror=...>" is shown as written, as everywhere else.
    kind = RSS_TYPE if self_path.endswith("rss.xml") else ATOM_TYPE
    fg.subtitle(html.escape(subtitle) if kind == RSS_TYPE else subtitle)
    fg.author({"name": config.author})
    fg.language(config.language)
    fg.generator(GENERATOR)
    # feedgen makes the RSS <link> from the alternate link and the RSS atom:link from the self link.
    fg.link(href=url(config, self_path), rel="self", type=kind)
    fg.link(href=url(config, page), rel="alternate", type="text/html")
    # RSS 2.0's <author> must be an email address: author names go in dc:creator there (as arXiv's
    # own feeds do). Atom has <author><name> of its own.
    fg.load_extension("dc", atom=False, rss=True)
    return fg


def _newest(site: Site, days: Iterable[date]) -> datetime:
    return digest_time(site.config, max(days, default=site.digests[0] if site.digests else EPOCH))


def feed_updated(site: Site, spec: FeedSpec) -> datetime:
    """A paper feed's ``updated``: its newest entry's, or the newest digest's when it has none."""
    return max((entry_times(site, p)[1] for p in spec.papers), default=_newest(site, ()))


def paper_feed(site: Site, entries: dict[str, FeedEntry], spec: FeedSpec, self_path: str) -> FeedGenerator:
    """The feed of ``spec`` whose self link is ``self_path`` (its Atom or its RSS file); ``entries``
    holds the paper entries made so far in this render."""
    fg = _new_feed(site, self_path, spec.title, spec.subtitle, spec.page)
    fg.updated(feed_updated(site, spec))
    for paper in spec.papers:
        entry = entries.get(paper.key)
        if entry is None:
            entry = entries[paper.key] = paper_entry(site, paper)
        fg.add_entry(entry, order="append")
    return fg


def paper_entry(site: Site, paper: Paper) -> FeedEntry:
    config = site.config
    entry = FeedEntry()
    entry.id(site.permalinks[paper.key].feed_id)  # also the RSS guid, isPermaLink="false"
    entry.title(paper.title)
    entry.link(href=url(config, paper_path(site.permalinks[paper.key].slug)), rel="alternate")
    # Dump text is text: escaped here, so a reader shows "<script>" rather than running it.
    notes = "".join(_note_html(site, paper.key))
    entry.content(f"<p>{html.escape(paper.abstract)}</p>{notes}", type="html")
    published, updated = entry_times(site, paper)
    entry.published(published)
    entry.updated(updated)
    for tag_id in site.paper_tags.get(paper.key, ()):
        label = site.index.label(tag_id)
        entry.category(term=tag_id, label=label, scheme=url(config, tag_path(tag_id)))
    identity = paper.identity
    if identity is not None:
        if identity.authors:
            entry.author([{"name": name} for name in identity.authors])
            entry.load_extension("dc", atom=False, rss=True)
            entry.dc.dc_creator(list(identity.authors))
        entry.register_extension("related", RelatedLinks, atom=True, rss=False)
        entry.related.hrefs.append(elsewhere.abs_url(identity.arxiv_id))
    return entry


class RelatedLinks(BaseEntryExtension):  # type: ignore[misc]
    """An Atom entry's ``<link rel="related">`` (the paper on arXiv). feedgen 1.0 writes every entry
    link without its ``rel`` (its loop variable shadows the link's data), so a second ``entry.link``
    would be a second "alternate" link, which RFC 4287 forbids; this one is written here instead."""

    def __init__(self) -> None:
        self.hrefs: list[str] = []

    def extend_atom(self, entry: object) -> object:
        for target in self.hrefs:
            xml_elem("link", entry, href=target, rel="related", type="text/html")
        return entry


def digests_feed(site: Site) -> FeedGenerator:
    """One Atom entry per digest, newest first: for readers who want one item a day."""
    config = site.config
    fg = _new_feed(site, DIGESTS_FEED, f"{config.title} — digests",
                   f"One entry per {config.title} digest, listing its papers.", "dates/")
    days = site.digests[: config.feed_size]
    fg.updated(_newest(site, days))
    for day in days:
        fg.add_entry(digest_entry(site, day), order="append")
    return fg


def digest_entry(site: Site, day: date) -> FeedEntry:
    config = site.config
    listed = site.index.digest_listings.get(day, ())
    intro = "".join(note.html for note in site.index.digest_notes.get(day, ()))
    entry = FeedEntry()
    entry.id(digest_entry_id(site, day))
    entry.title(f"{config.title} — {day.isoformat()}: {len(listed)} paper{'s' * (len(listed) != 1)}")
    entry.link(href=url(config, date_path(day)), rel="alternate")
    entry.content(intro + _paper_list(site, listed, day), type="html")
    entry.published(digest_time(config, day))
    entry.updated(digest_time(config, day))
    return entry


def _paper_list(site: Site, papers: Sequence[Paper], day: date) -> str:
    items = []
    for paper in papers:
        link = html.escape(url(site.config, paper_path(site.permalinks[paper.key].slug)))
        seen = f" (first seen {paper.first_seen.isoformat()})" if paper.first_seen < day else ""
        items.append(f'<li><a href="{link}">{html.escape(paper.title)}</a>{seen}</li>')
    return f"<ul>{''.join(items)}</ul>"


def render_opml(site: Site, specs: Sequence[FeedSpec]) -> bytes:
    """OPML 2.0 listing the Atom file of every feed (digests, whole site, each tag in a folder).

    The RSS twins are left out on purpose: importing both would subscribe a reader to every feed twice.
    """
    config = site.config
    opml = ET.Element("opml", version="2.0")
    head = ET.SubElement(opml, "head")
    ET.SubElement(head, "title").text = f"{config.title} — feeds"
    ET.SubElement(head, "ownerName").text = config.author
    ET.SubElement(head, "docs").text = "http://opml.org/spec2.opml"
    body = ET.SubElement(opml, "body")
    whole, *tags = specs
    _outline(body, config, whole.title, whole.atom, whole.page)
    _outline(body, config, f"{config.title} — digests", DIGESTS_FEED, "dates/")
    folder = ET.SubElement(body, "outline", text="Tags", title="Tags")
    for spec in tags:
        _outline(folder, config, spec.title, spec.atom, spec.page)
    ET.indent(opml)
    text: bytes = ET.tostring(opml, encoding="UTF-8", xml_declaration=True)
    return text + b"\n"


def _outline(parent: ET.Element, config: SiteConfig, title: str, feed: str, page: str) -> None:
    # type="rss" is OPML's word for any subscribable feed, Atom included.
    ET.SubElement(parent, "outline", type="rss", text=title, title=title,
                  xmlUrl=url(config, feed), htmlUrl=url(config, page))
