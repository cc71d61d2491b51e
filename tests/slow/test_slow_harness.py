"""The checks themselves: on a site broken on purpose (tests/fixtures/sites/broken) each one must find
exactly the faults planted there, at the right file and line; on the good fixture site, none."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from playwright.sync_api import Browser

from sitegen.model import Problem

from .conftest import ARTIFACTS, BROKEN_SITE, FIXTURE_BASE_URL, Tools
from .harness.browser import inspect_page
from .harness.feeds import (
    check_feed,
    check_html_links,
    check_plausible,
    find_feeds,
    parse_rfc822,
    parse_rfc3339,
)
from .harness.links import check_links
from .harness.server import SubPathServer
from .harness.site import BuiltSite
from .harness.vnu import check_html

pytestmark = pytest.mark.slow

BROKEN = BuiltSite("broken", BROKEN_SITE, FIXTURE_BASE_URL)


def places(problems: list[Problem]) -> set[tuple[str, int]]:
    return {(p.location.path, p.location.line) for p in problems}


def test_links_finds_every_planted_fault() -> None:
    problems = check_links(BROKEN)
    found = {(p.location.path, p.location.line, p.message.split(":")[0]) for p in problems}
    assert found == {
        ("index.html", 14, "broken link"),
        ("index.html", 15, "broken link"),
        ("index.html", 16, "leaves the base path /digest/"),
        ("index.html", 17, "no element with id 'nowhere' in index.html"),
        ("style.css", 2, "broken link"),
        ("atom.xml", 6, "broken link"),
        ("atom.xml", 11, "broken link"),
        ("sitemap.xml", 4, "broken link"),
        ("tags/broken/atom.xml", 5, "not well-formed XML"),
    }


def test_feeds_finds_every_planted_fault() -> None:
    feeds = find_feeds(BROKEN)
    assert sorted(BROKEN.rel(p) for p in feeds) == ["atom.xml", "rss.xml", "tags/broken/atom.xml"]
    problems = [p for path in feeds for p in check_feed(BROKEN, path)]
    by_place: dict[tuple[str, int], list[str]] = {}
    for p in problems:
        by_place.setdefault((p.location.path, p.location.line), []).append(p.message)
    assert sorted(by_place) == [
        ("atom.xml", 2), ("atom.xml", 5), ("atom.xml", 6), ("atom.xml", 13),
        ("rss.xml", 3), ("rss.xml", 9), ("rss.xml", 13), ("rss.xml", 14),
        ("tags/broken/atom.xml", 5),
    ], "\n".join(map(str, problems))
    # A repeated id, neither content nor alternate link, and the updated time of the entry before it.
    assert len(by_place[("atom.xml", 13)]) == 3
    assert any("W3C DuplicateUpdated" in m for m in by_place[("atom.xml", 13)])
    assert len(by_place[("rss.xml", 3)]) == 2  # no <description>, no self link
    assert any(m.startswith("feedparser: bozo") for m in by_place[("tags/broken/atom.xml", 5)])


@pytest.mark.parametrize(("text", "ok"), [
    ("2025-03-12T00:00:00Z", True), ("2025-03-12T00:00:00.5+01:00", True),
    ("2025-03-12 00:00:00Z", False), ("2025-03-12T00:00:00", False), ("2025-02-30T00:00:00Z", False),
])
def test_rfc3339(text: str, ok: bool) -> None:
    assert (parse_rfc3339(text) is not None) is ok


@pytest.mark.parametrize(("text", "ok"), [
    ("Wed, 12 Mar 2025 00:00:00 +0000", True), ("Wed, 12 Mar 2025 00:00:00 GMT", True),
    ("Thu, 12 Mar 2025 00:00:00 +0000", False), ("12 Mar 2025 00:00:00 +0000", False),
    ("Wed, 12 Mar 25 00:00:00 +0000", False), ("2025-03-12", False),
])
def test_rfc822(text: str, ok: bool) -> None:
    assert (parse_rfc822(text) is not None) is ok


def test_vnu_finds_the_invalid_markup(tools: Tools) -> None:
    problems = check_html(BROKEN, tools.vnu_jar)
    assert places(problems) == {("index.html", 13), ("index.html", 14)}, "\n".join(map(str, problems))


def test_server_maps_only_the_sub_path(tmp_path: Path) -> None:
    import urllib.error
    import urllib.request

    server = SubPathServer(BROKEN_SITE)
    try:
        server.start()
        with urllib.request.urlopen(server.url + "style.css") as response:
            assert response.read() == (BROKEN_SITE / "style.css").read_bytes()
        for outside in (server.origin + "/style.css", server.url + "tags/", server.url + "nope.html"):
            with pytest.raises(urllib.error.HTTPError) as caught:
                urllib.request.urlopen(outside)
            assert caught.value.code == 404, outside
    finally:
        server.stop()


@pytest.mark.parametrize(("width", "overflows"), [(390, True), (1280, False)])
def test_browser_finds_the_planted_faults(
    browser: Browser, tools: Tools, width: int, overflows: bool
) -> None:
    server = SubPathServer(BROKEN_SITE)
    try:
        server.start()
        shot = ARTIFACTS / "screenshots" / f"broken-home-{width}.png"
        visit = inspect_page(browser, server.url, width, tools.axe_js, shot, server.origin)
    finally:
        server.stop()
    assert visit.status == 200
    assert sorted(r.split()[0] for r in visit.bad_responses) == ["404", "404"]
    assert {r.split()[1] for r in visit.bad_responses} == {
        server.url + "missing.png", server.url + "missing-background.png"}
    assert any(m.startswith("boom from the broken fixture") for m in visit.console_errors)
    assert (visit.overflow > 0) is overflows
    # <img> without alt (critical) and a <p> directly inside <ul> (serious).
    assert sorted(v.split()[0] for v in visit.axe) == ["image-alt", "list"]
    assert shot.is_file() and shot.stat().st_size > 0


def test_feeds_stand_in_for_the_w3c_warnings() -> None:
    found: list[str] = []

    def report(_element: ET.Element | None, message: str) -> None:
        found.append(message)

    content = ET.fromstring('<content type="html">&lt;a href="/sub/papers/x/"&gt;x&lt;/a&gt; '
                            '&lt;img src="https://example.org/a.png"&gt;</content>')
    check_html_links(content, "entry 1", report)
    old = ET.fromstring("<updated>1970-01-01T00:00:00Z</updated>")
    check_plausible(old, datetime(1970, 1, 1, tzinfo=UTC), "entry 2", report)
    check_plausible(old, datetime(2025, 3, 12, tzinfo=UTC), "entry 3", report)
    assert found == ["entry 1 content links to the relative URL '/sub/papers/x/' (W3C ContainsRelRef)",
                     "entry 2 <updated> '1970-01-01T00:00:00Z' is implausible (W3C ImplausibleDate)"]
