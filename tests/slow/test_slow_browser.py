"""Headless Chromium on the site served under /digest/: axe-core, 404s, console errors, layout, screenshots.

Screenshots go to artifacts/screenshots/ (git-ignored), named SITE-KIND-WIDTH.png, for a person to look at.
"""

from __future__ import annotations

import gzip
import json

import pytest
from playwright.sync_api import Browser

from .conftest import ARTIFACTS, Tools, timed
from .harness.browser import (
    KINDS,
    MISSING_PAGE,
    OPTIONAL_KINDS,
    READY,
    WIDTHS,
    inspect_page,
    page_of_kind,
)
from .harness.server import SubPathServer
from .harness.site import BuiltSite

pytestmark = pytest.mark.slow

# Pages only a real build makes (the hand-made fixture site has neither); real builds must have them.
GENERATED_ONLY = frozenset({"search", "stats"})


@pytest.mark.parametrize("width", sorted(WIDTHS))
@pytest.mark.parametrize("kind", KINDS)
def test_page_in_browser(site: BuiltSite, kind: str, width: int, browser: Browser, tools: Tools,
                         servers: dict[str, SubPathServer]) -> None:
    path = page_of_kind(site, kind)
    if path is None:
        if kind in OPTIONAL_KINDS or (site.name == "fixture" and kind in GENERATED_ONLY):
            pytest.skip(f"{site.name} has no {kind} page")
        pytest.fail(f"{site.name} has no {kind} page")
    server = servers[site.name]
    server.start()
    screenshot = ARTIFACTS / "screenshots" / f"{site.name}-{kind}-{width}.png"
    with timed(f"{site.name}: browser"):
        visit = inspect_page(browser, server.url + path, width, tools.axe_js, screenshot, server.origin,
                             ready=READY.get(kind))
    problems = visit.problems(expected_status=404 if path == MISSING_PAGE else 200)
    if problems:
        pytest.fail(f"{server.url + path} at {width}px:\n" + "\n".join(problems), pytrace=False)


def test_search_finds_papers_of_every_shard_and_offers_the_filters(seed_site: BuiltSite, browser: Browser,
                                                                   servers: dict[str, SubPathServer]) -> None:
    """The seed site (the real digest and the listings fixtures) has three shards: March, and two
    weeks of November, its newest month. Results come from every one (the older ones merged in with
    mergeIndex) and link under the sub-path; the tag and year filters are offered."""
    shards = sorted(p.name for p in (seed_site.root / "pagefind").iterdir())
    assert shards == ["2025-03", "2025-11.3", "2025-11.4"]
    server = servers[seed_site.name]
    server.start()
    page = browser.new_page()
    try:
        page.goto(server.url + "search/?q=model")
        page.wait_for_selector(READY["search"], timeout=15_000)
        page.wait_for_selector(".pagefind-ui__filter-panel", timeout=15_000)
        while page.locator(".pagefind-ui__button").count():  # "Load more results" until all are shown
            page.locator(".pagefind-ui__button").first.click()
            page.wait_for_timeout(200)
        link = "els => els.map(e => e.getAttribute('href'))"
        hrefs = page.eval_on_selector_all(".pagefind-ui__result-link", link)
        text = "els => els.map(e => e.textContent.trim())"
        filters = page.eval_on_selector_all(".pagefind-ui__filter-name", text)
        years = page.eval_on_selector_all(".pagefind-ui__filter-label", text)
    finally:
        page.close()
    base = seed_site.base_path
    assert hrefs and all(h.startswith(base + "papers/") for h in hrefs)
    slugs = {h.removeprefix(base).strip("/") for h in hrefs}
    fragments = {shard: {p.name for p in (seed_site.root / "pagefind" / shard / "fragment").iterdir()}
                 for shard in shards}
    assert all(fragments.values())
    found_in = set()
    for shard in shards:
        for name in fragments[shard]:
            raw = gzip.decompress((seed_site.root / "pagefind" / shard / "fragment" / name).read_bytes())
            if json.loads(raw[len(b"pagefind_dcd"):])["url"].strip("/") in slugs:
                found_in.add(shard)
                break
    assert found_in == set(shards), (found_in, len(hrefs))
    assert {"tag", "year"} <= {f.lower() for f in filters}, filters
    assert any("2025" in label for label in years), years
