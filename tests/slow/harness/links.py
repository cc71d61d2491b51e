"""Every internal link, asset, feed link and sitemap URL of a built site must land on a file of the site.

URLs are read from HTML (attributes, srcset, meta refresh), CSS (``url()``, ``@import``), XML (feeds,
sitemap, OPML) and ``robots.txt``; each is resolved as a browser would, from the URL the file is published
at, so a root-relative link that forgets the base path (``/papers/x/`` under ``/digest/``) is caught.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from xml.parsers import expat

from sitegen.model import Problem

from .site import BuiltSite, Target, error, resolve
from .xmldoc import parse_xml

URL_ATTRIBUTES = frozenset({"href", "src", "poster", "action", "data", "xlink:href", "cite"})
SRCSET_ATTRIBUTES = frozenset({"srcset", "imagesrcset"})
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")
REFRESH_URL = re.compile(r"url\s*=\s*['\"]?([^'\"]+)", re.IGNORECASE)
RSS_URL_ELEMENTS = frozenset({"link", "loc", "docs", "comments", "url"})
XML_URL_ATTRIBUTES = frozenset({"href", "xmlUrl", "htmlUrl", "url", "src"})

Found = tuple[int, str]
"""A URL and the 1-based line it was written on."""


class _HtmlUrls(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[Found] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        for name, value in attrs:
            if value is None:
                continue
            if name in ("id", "name") and (name == "id" or tag == "a"):
                self.ids.add(value)
            elif name in URL_ATTRIBUTES:
                self.urls.append((line, value))
            elif name in SRCSET_ATTRIBUTES:
                self.urls.extend((line, c.split()[0]) for c in value.split(",") if c.strip())
        content = dict(attrs).get("content") or ""
        if tag == "meta" and (dict(attrs).get("http-equiv") or "").lower() == "refresh":
            self.urls.extend((line, m.group(1)) for m in REFRESH_URL.finditer(content))


@lru_cache(maxsize=4096)
def _scan_html(path: Path) -> _HtmlUrls:
    scanner = _HtmlUrls()
    scanner.feed(path.read_text(encoding="utf-8"))
    scanner.close()
    return scanner


def css_urls(text: str) -> Iterator[Found]:
    for match in CSS_URL.finditer(text):
        url = match.group(2) or match.group(4)
        yield text.count("\n", 0, match.start()) + 1, url


def xml_urls(path: Path) -> Iterator[Found]:
    doc = parse_xml(path)
    for element in doc.root.iter():
        local = element.tag.rpartition("}")[2]
        namespaced = element.tag.startswith("{") and "sitemaps.org" not in element.tag
        for name, value in element.attrib.items():
            if name in XML_URL_ATTRIBUTES:
                yield doc.line(element), value
        if local in RSS_URL_ELEMENTS and not namespaced and (element.text or "").strip():
            yield doc.line(element), (element.text or "").strip()
        if local == "guid" and element.get("isPermaLink", "true") == "true":
            yield doc.line(element), (element.text or "").strip()


def robots_urls(text: str) -> Iterator[Found]:
    for number, line in enumerate(text.splitlines(), 1):
        key, _, value = line.partition(":")
        if key.strip().lower() == "sitemap":
            yield number, value.strip()


def urls_in(path: Path) -> Iterator[Found]:
    if path.suffix in (".html", ".htm"):
        yield from _scan_html(path).urls
    elif path.suffix == ".css":
        yield from css_urls(path.read_text(encoding="utf-8"))
    elif path.suffix in (".xml", ".opml", ".rss", ".atom"):
        yield from xml_urls(path)
    elif path.name == "robots.txt":
        yield from robots_urls(path.read_text(encoding="utf-8"))


def check_target(site: BuiltSite, target: Target) -> str | None:
    """What is wrong with an internal target, or None when it exists (fragment included)."""
    if not target.path.is_file():
        return "broken link"
    is_page = target.path.suffix == ".html"
    if target.fragment and is_page and target.fragment not in _scan_html(target.path).ids:
        return f"no element with id {target.fragment!r} in {site.rel(target.path)}"
    return None


def check_file_links(site: BuiltSite, path: Path) -> list[Problem]:
    problems = []
    source_url = site.url_of(site.rel(path))
    try:
        found = list(urls_in(path))
    except expat.ExpatError as exc:
        return [error(site, path, exc.lineno, f"not well-formed XML: {exc}")]
    for line, url in found:
        target = resolve(site, url, source_url)
        wrong = target if isinstance(target, str) else target and check_target(site, target)
        if wrong:
            problems.append(error(site, path, line, f"{wrong}: {url}"))
    return problems


def check_links(site: BuiltSite) -> list[Problem]:
    """Every problem with the internal URLs of every file of the site, in file and line order."""
    checked = site.files(".html", ".htm", ".css", ".xml", ".opml", ".rss", ".atom", ".txt")
    return sorted(p for path in checked for p in check_file_links(site, path))
