#!/usr/bin/env python3
# A copy of the team's shared site checker (shared/check/site_check.py), carried so that a plain clone
# runs every test. Refresh it from there rather than editing it here.
"""Check a built digest site the way a browser, a crawler and a feed reader would see it.

    python3 site_check.py PUBLIC_DIR [--base-url https://example.org/sub/]

Standard library only. Prints one line per problem and a last line `site_check: N problems`;
exits 1 when there is any problem. It checks structure and links, not looks: open the pages too.
"""
from __future__ import annotations

import argparse
import email.utils
import json
import sys
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit
from xml.etree import ElementTree as ET

ATOM = "{http://www.w3.org/2005/Atom}"
REQUIRED = ["index.html", "404.html", "sitemap.xml", "robots.txt", ".nojekyll",
            "atom.xml", "rss.xml", "digests.xml", "feeds.opml", "papers.json"]


class Links(HTMLParser):
    """Collects every URL a page points at, plus the few head facts we check."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.lang = self.title = self.viewport = self.charset = False
        self.feeds: list[str] = []
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "html" and a.get("lang"):
            self.lang = True
        if tag == "title":
            self._in_title = True
        if tag == "meta" and a.get("name") == "viewport":
            self.viewport = True
        if tag == "meta" and "charset" in a:
            self.charset = True
        if tag == "link" and a.get("rel") == "alternate" and "xml" in a.get("type", ""):
            self.feeds.append(a.get("href", ""))
        for key in ("href", "src"):
            if a.get(key) and not (tag == "link" and a.get("rel") in ("canonical",)):
                self.urls.append(a[key])

    def handle_data(self, data: str) -> None:
        if self._in_title and data.strip():
            self.title = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False


class Site:
    def __init__(self, root: Path, base_url: str) -> None:
        self.root = root
        self.base = urlsplit(base_url)
        self.prefix = self.base.path if self.base.path.endswith("/") else self.base.path + "/"
        self.problems: list[str] = []

    def problem(self, where: Path | str, text: str) -> None:
        rel = where.relative_to(self.root) if isinstance(where, Path) else where
        self.problems.append(f"{rel}: {text}")

    def page_url(self, path: Path) -> str:
        rel = path.relative_to(self.root).as_posix()
        return self.prefix + rel

    def resolve(self, source: Path, url: str) -> Path | None | str:
        """The file a URL lands on, None for an outside URL, or a string saying why it is wrong."""
        parts = urlsplit(url)
        if parts.scheme in ("mailto", "tel", "data", "javascript"):
            return "javascript: URL" if parts.scheme == "javascript" else None
        if parts.scheme and parts.netloc != self.base.netloc:
            return None
        if not parts.path and not parts.scheme:
            return None  # a fragment or query on the same page
        absolute = urljoin(self.page_url(source), parts.path) if not parts.scheme else parts.path
        if not absolute.startswith(self.prefix):
            return f"leaves the base path {self.prefix}: {url}"
        target = self.root / unquote(absolute[len(self.prefix):])
        if absolute.endswith("/") or target.is_dir():
            target = target / "index.html"
        return target

    def check_links(self, source: Path, urls: list[str]) -> None:
        for url in dict.fromkeys(urls):
            target = self.resolve(source, url)
            if isinstance(target, str):
                self.problem(source, target)
            elif target is not None and not target.is_file():
                self.problem(source, f"broken link {url}")


def check_html(site: Site, path: Path) -> None:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    for ok, what in ((parser.lang, "<html lang>"), (parser.title, "a <title>"),
                     (parser.viewport, "a viewport meta"), (parser.charset, "a charset meta"),
                     (parser.feeds, "a feed <link rel=alternate>")):
        if not ok:
            site.problem(path, f"has no {what}")
    site.check_links(path, parser.urls + parser.feeds)


def rfc3339(text: str | None) -> bool:
    try:
        return bool(text) and datetime.fromisoformat(text.replace("Z", "+00:00")).tzinfo is not None
    except ValueError:
        return False


def check_atom(site: Site, path: Path, feed: ET.Element) -> None:
    for tag in ("id", "title", "updated"):
        if feed.find(ATOM + tag) is None:
            site.problem(path, f"feed has no <{tag}>")
    if not rfc3339(feed.findtext(ATOM + "updated")):
        site.problem(path, "feed <updated> is not an RFC 3339 date with a zone")
    if not any(l.get("rel") == "self" for l in feed.findall(ATOM + "link")):
        site.problem(path, "feed has no rel=self link")
    if feed.find(ATOM + "author") is None and any(
            e.find(ATOM + "author") is None for e in feed.findall(ATOM + "entry")):
        site.problem(path, "an entry has no author and the feed has none")
    ids: set[str] = set()
    for n, entry in enumerate(feed.findall(ATOM + "entry"), 1):
        entry_id = entry.findtext(ATOM + "id") or ""
        if not entry_id or entry_id in ids:
            site.problem(path, f"entry {n} has a missing or repeated id {entry_id!r}")
        ids.add(entry_id)
        if not rfc3339(entry.findtext(ATOM + "updated")):
            site.problem(path, f"entry {n} <updated> is not RFC 3339")
        for link in entry.findall(ATOM + "link"):
            if link.get("rel", "alternate") == "alternate":
                site.check_links(path, [link.get("href", "")])


def check_rss(site: Site, path: Path, rss: ET.Element) -> None:
    channel = rss.find("channel")
    if channel is None:
        return site.problem(path, "rss has no <channel>")
    for tag in ("title", "link", "description"):
        if channel.find(tag) is None:
            site.problem(path, f"channel has no <{tag}>")
    guids: set[str] = set()
    for n, item in enumerate(channel.findall("item"), 1):
        guid = item.findtext("guid") or ""
        if not guid or guid in guids:
            site.problem(path, f"item {n} has a missing or repeated guid {guid!r}")
        guids.add(guid)
        date = item.findtext("pubDate")
        if date is None or email.utils.parsedate_tz(date) is None:
            site.problem(path, f"item {n} has no RFC 822 pubDate")
        if item.findtext("link"):
            site.check_links(path, [item.findtext("link") or ""])


def check_xml(site: Site, path: Path) -> None:
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as err:
        return site.problem(path, f"not well-formed XML: {err}")
    if root.tag == ATOM + "feed":
        check_atom(site, path, root)
    elif root.tag == "rss":
        check_rss(site, path, root)
    elif root.tag.endswith("urlset"):
        locs = [e.text or "" for e in root.iter() if e.tag.endswith("loc")]
        site.check_links(path, locs)


def check_papers_json(site: Site, path: Path) -> None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as err:
        return site.problem(path, f"not JSON: {err}")
    papers = data.get("papers", data) if isinstance(data, dict) else data
    if not isinstance(papers, list) or not papers:
        return site.problem(path, "holds no list of papers")
    for paper in papers:
        if not isinstance(paper, dict) or "title" not in paper or "url" not in paper:
            site.problem(path, f"a paper lacks title or url: {str(paper)[:80]}")
        else:
            site.check_links(path, [paper["url"]])


def main() -> int:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("public", type=Path)
    args.add_argument("--base-url", default="https://example.org/")
    opts = args.parse_args()
    site = Site(opts.public.resolve(), opts.base_url)
    for name in REQUIRED:
        if not (site.root / name).exists():
            site.problem(name, "missing")
    for path in sorted(site.root.rglob("*")):
        if path.suffix == ".html":
            check_html(site, path)
        elif path.suffix in (".xml", ".opml"):
            check_xml(site, path)
    if (site.root / "papers.json").is_file():
        check_papers_json(site, site.root / "papers.json")
    for line in site.problems:
        print(line)
    print(f"site_check: {len(site.problems)} problems")
    return 1 if site.problems else 0


if __name__ == "__main__":
    sys.exit(main())
