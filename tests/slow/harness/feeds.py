"""Feeds checked twice: feedparser must read them without a bozo flag, and a strict structural check of
Atom 1.0 (RFC 4287) and RSS 2.0 (the RSS Advisory Board's spec) written here with ElementTree.

The W3C Feed Validation Service (feedvalidator, which cannot run offline here) is stood in for by the
warnings of its that our feeds could raise, checked the way it checks them (its message ids named):
``DuplicateUpdated`` (two Atom entries with one ``updated``: readers then order them arbitrarily),
``ContainsRelRef`` (a relative URL inside html content, which a reader resolves against the wrong
base), ``ImplausibleDate`` (a date before 1990 or in the far future).

Feed ids are forever (readers key their read/unread state on them), so ids must be present, unique and
absolute; dates must be exactly the formats the specs name, since readers differ in what they forgive.
"""

from __future__ import annotations

import email.utils
import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree as ET
from xml.parsers import expat

import feedparser  # type: ignore[import-untyped]

from sitegen.model import Problem

from .site import BuiltSite, error
from .xmldoc import XmlDoc, parse_xml

ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")
RFC822 = re.compile(
    r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} "
    r"\d{2}:\d{2}:\d{2} ([+-]\d{4}|GMT|UT)"
)
RFC822_EXAMPLE = "Wed, 12 Mar 2025 00:00:00 +0000"
ABSOLUTE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:\S+")
TEXT_TYPES = frozenset({"text", "html", "xhtml"})

Report = Callable[[ET.Element | None, str], None]


def find_feeds(site: BuiltSite) -> dict[Path, str]:
    """Every XML file of the site whose root is an Atom feed or an RSS channel -> ``"atom"``/``"rss"``."""
    feeds = {}
    for path in site.files(".xml", ".atom", ".rss"):
        try:
            root = parse_xml(path).root
        except expat.ExpatError:
            root = ET.Element("broken")
        kind = {ATOM + "feed": "atom", "rss": "rss"}.get(root.tag)
        if kind or path.name in ("atom.xml", "rss.xml") or "feed" in path.stem:
            feeds[path] = kind or "broken"
    return feeds


def parse_rfc3339(text: str | None) -> datetime | None:
    if text is None or not RFC3339.fullmatch(text.strip()):
        return None
    try:
        return datetime.fromisoformat(text.strip())
    except ValueError:  # a well-shaped but impossible date, such as 2025-02-30
        return None


def parse_rfc822(text: str | None) -> datetime | None:
    if text is None or not RFC822.fullmatch(text.strip()):
        return None
    try:
        when = email.utils.parsedate_to_datetime(text.strip())
    except ValueError:
        return None
    # A weekday that does not match the date is a sign of a hand-formatted, locale-dependent date.
    return when if when.strftime("%a") == text.strip()[:3] else None


def check_feedparser(site: BuiltSite, path: Path) -> list[Problem]:
    parsed = feedparser.parse(path.read_bytes())
    if not parsed.get("bozo"):
        return []
    exc = parsed.get("bozo_exception")
    line = int(getattr(exc, "getLineNumber", lambda: 0)() or 0)
    return [error(site, path, line, f"feedparser: bozo: {exc}")]


def check_feed(site: BuiltSite, path: Path) -> list[Problem]:
    """Every problem with one feed file: feedparser's verdict, then the strict structure."""
    problems = check_feedparser(site, path)
    try:
        doc = parse_xml(path)
    except expat.ExpatError as exc:
        return [*problems, error(site, path, exc.lineno, f"not well-formed XML: {exc}")]

    def report(element: ET.Element | None, message: str) -> None:
        problems.append(error(site, path, doc.line(element) or doc.line(doc.root), message))

    self_url = site.url_of(site.rel(path))
    if doc.root.tag == ATOM + "feed":
        check_atom(doc, self_url, report)
    elif doc.root.tag == "rss":
        check_rss(doc, self_url, report)
    else:
        report(doc.root, f"root element is <{doc.root.tag}>, neither an Atom <feed> nor <rss>")
    return problems


def one(parent: ET.Element, tag: str, where: str, report: Report) -> ET.Element | None:
    """The single ``tag`` child of ``parent``, reporting when there is none or more than one."""
    found = parent.findall(tag)
    name = tag.replace(ATOM, "")
    if len(found) != 1:
        report(parent, f"{where} has {len(found)} <{name}> elements, must have exactly one")
    return found[0] if found else None


def check_atom(doc: XmlDoc, self_url: str, report: Report) -> None:
    feed = doc.root
    check_atom_common(feed, "feed", report)
    check_self_link(feed.findall(ATOM + "link"), self_url, report, feed)
    feed_updated = parse_rfc3339(feed.findtext(ATOM + "updated"))
    entries = feed.findall(ATOM + "entry")
    if feed.find(ATOM + "author") is None and any(e.find(ATOM + "author") is None for e in entries):
        report(feed, "feed has no <author> and an entry has none either (RFC 4287 4.1.1)")
    seen: dict[str, int] = {}
    stamps: dict[datetime, int] = {}
    for number, entry in enumerate(entries, 1):
        where = f"entry {number}"
        check_atom_common(entry, where, report)
        entry_id = (entry.findtext(ATOM + "id") or "").strip()
        if entry_id in seen:
            report(entry, f"{where} repeats the id {entry_id!r} of entry {seen[entry_id]}")
        seen.setdefault(entry_id, number)
        links = entry.findall(ATOM + "link")
        if entry.find(ATOM + "content") is None and not any(rel_of(x) == "alternate" for x in links):
            report(entry, f"{where} has neither <content> nor a rel=alternate link (RFC 4287 4.1.1.2)")
        updated = parse_rfc3339(entry.findtext(ATOM + "updated"))
        if feed_updated and updated and updated > feed_updated:
            report(entry, f"{where} <updated> is newer than the feed's <updated>")
        if updated is not None and updated in stamps:
            report(entry, f"{where} <updated> equals entry {stamps[updated]}'s (W3C DuplicateUpdated)")
        if updated is not None:
            stamps.setdefault(updated, number)
        for content in entry.findall(ATOM + "content"):
            check_html_links(content, where, report)


def check_atom_common(element: ET.Element, where: str, report: Report) -> None:
    """What a feed and an entry share: one id (an absolute IRI), one title, RFC 3339 dates, text types."""
    for tag in ("id", "title", "updated"):
        one(element, ATOM + tag, where, report)
    for ident in element.findall(ATOM + "id"):
        if not ABSOLUTE_IRI.fullmatch((ident.text or "").strip()):
            report(ident, f"{where} <id> {ident.text!r} is not an absolute IRI")
    for tag in ("updated", "published"):
        for date in element.findall(ATOM + tag):
            when = parse_rfc3339(date.text)
            if when is None:
                report(date, f"{where} <{tag}> {date.text!r} is not an RFC 3339 date-time with a zone")
            else:
                check_plausible(date, when, where, report)
    for tag in ("title", "subtitle", "summary", "rights"):
        for text in element.findall(ATOM + tag):
            if text.get("type", "text") not in TEXT_TYPES:
                report(text, f"{where} <{tag}> has type {text.get('type')!r}; must be text, html or xhtml")
    for link in element.findall(ATOM + "link"):
        if not link.get("href"):
            report(link, f"{where} has a <link> without href")
    alternates = [(x.get("type"), x.get("hreflang")) for x in element.findall(ATOM + "link")
                  if rel_of(x) == "alternate"]
    if len(alternates) != len(set(alternates)):
        report(element, f"{where} has two rel=alternate links with the same type and hreflang")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += [value for name, value in attrs if name in ("href", "src") and value is not None]


def check_html_links(content: ET.Element, where: str, report: Report) -> None:
    """W3C ``ContainsRelRef``: every link inside html content must be absolute."""
    if content.get("type") != "html":
        return
    parser = _Links()
    parser.feed(content.text or "")
    for href in parser.found:
        if not ABSOLUTE_IRI.fullmatch(href):
            report(content, f"{where} content links to the relative URL {href!r} (W3C ContainsRelRef)")


def check_plausible(date: ET.Element, when: datetime, where: str, report: Report) -> None:
    """W3C ``ImplausibleDate``: before 1990, or more than a year after the newest digest could be."""
    if not datetime(1990, 1, 1, tzinfo=UTC) <= when <= datetime.now(UTC) + timedelta(days=366):
        report(date, f"{where} <{date.tag}> {date.text!r} is implausible (W3C ImplausibleDate)")


def rel_of(link: ET.Element) -> str:
    return link.get("rel", "alternate")


def check_self_link(links: list[ET.Element], self_url: str, report: Report, owner: ET.Element) -> None:
    selves = [x for x in links if x.get("rel") == "self"]
    if not selves:
        report(owner, f"no rel=self link (expected href={self_url!r})")
    for link in selves:
        if link.get("href") != self_url:
            report(link, f"rel=self href {link.get('href')!r} is not the feed's own URL {self_url!r}")


def check_rss(doc: XmlDoc, self_url: str, report: Report) -> None:
    if doc.root.get("version") != "2.0":
        report(doc.root, f"<rss version={doc.root.get('version')!r}>, expected '2.0'")
    channels = doc.root.findall("channel")
    if len(channels) != 1:
        return report(doc.root, f"<rss> has {len(channels)} <channel> elements, must have exactly one")
    channel = channels[0]
    for tag in ("title", "link", "description"):
        one(channel, tag, "channel", report)
    link = channel.find("link")
    if link is not None and not (link.text or "").strip().startswith(("http://", "https://")):
        report(link, f"channel <link> {link.text!r} is not an absolute http(s) URL")
    for date in rss_dates(channel):
        when = parse_rfc822(date.text)
        if when is None:
            report(date, f"<{date.tag}> {date.text!r} is not an RFC 822 date like {RFC822_EXAMPLE!r}")
        else:
            check_plausible(date, when, "channel", report)
    check_self_link(channel.findall(ATOM + "link"), self_url, report, channel)
    check_rss_items(channel.findall("item"), report)


def rss_dates(channel: ET.Element) -> Iterator[ET.Element]:
    for tag in ("pubDate", "lastBuildDate"):
        yield from channel.findall(tag)
    for item in channel.findall("item"):
        yield from item.findall("pubDate")


def check_rss_items(items: list[ET.Element], report: Report) -> None:
    seen: dict[str, int] = {}
    for number, item in enumerate(items, 1):
        where = f"item {number}"
        if item.find("title") is None and item.find("description") is None:
            report(item, f"{where} has neither <title> nor <description>")
        if item.find("pubDate") is None:
            report(item, f"{where} has no <pubDate>")
        guid = one(item, "guid", where, report)
        text = "" if guid is None else (guid.text or "").strip()
        if guid is not None and guid.get("isPermaLink", "true") == "true" and not text.startswith("http"):
            report(guid, f"{where} <guid> {text!r} is a permalink by default but not an http(s) URL")
        if guid is not None and text in seen:
            report(guid, f"{where} repeats the guid {text!r} of item {seen[text]}")
        seen.setdefault(text, number)


def feed_id(path: Path) -> str:
    """The feed's own id (Atom ``<id>``, or RSS channel ``<link>`` plus path), for uniqueness checks."""
    root = parse_xml(path).root
    if root.tag == ATOM + "feed":
        return (root.findtext(ATOM + "id") or "").strip()
    return f"rss:{path.name}:{(root.findtext('channel/link') or '').strip()}"


def entry_ids(path: Path) -> tuple[str, ...]:
    root = parse_xml(path).root
    if root.tag == ATOM + "feed":
        return tuple((e.findtext(ATOM + "id") or "").strip() for e in root.findall(ATOM + "entry"))
    return tuple((e.findtext("guid") or "").strip() for e in root.findall("channel/item"))
