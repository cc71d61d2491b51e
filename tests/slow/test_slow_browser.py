"""Headless Chromium on the site served under /digest/: axe-core, 404s, console errors, layout, screenshots.

Screenshots go to artifacts/screenshots/ (git-ignored), named SITE-KIND-WIDTH.png, for a person to look at.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

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
from .harness.build import REPO, build_site, copy_content
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


HOSTILE_LABEL = 'Hyper"><img src=x onerror=alert(1)> <1B & co'
HOSTILE_TITLE = "A Brief Review of <b onmouseover=alert(2)>Hypernetworks</b> in Deep Learning"


def test_markup_in_a_label_a_title_or_an_abstract_is_shown_in_search_never_run(
        tmp_path: Path, browser: Browser) -> None:
    """Pagefind's UI draws filter values as HTML: a tag label with markup must still read as text in
    the filter panel, filter the results, and run nothing; so must a title and an abstract."""
    content = copy_content(REPO / "content" / "dumps", tmp_path / "content", "hostile")
    tags = content / "tags.yaml"
    tags.write_text(tags.read_text(encoding="utf-8").replace(
        "label: Hypernetworks", "label: " + json.dumps(HOSTILE_LABEL), 1), encoding="utf-8")
    for dump in (content / "dumps").glob("*.txt"):
        text = dump.read_text(encoding="utf-8")
        text = text.replace("A Brief Review of Hypernetworks in Deep Learning", HOSTILE_TITLE)
        text = text.replace("Hypernetworks, or hypernets in short,",
                            "<img src=y onerror=alert(3)> Hypernetworks, or hypernets in short,")
        dump.write_text(text, encoding="utf-8")
    server = SubPathServer(tmp_path / "public")
    build_site(content, tmp_path / "public", server.url)
    papers = json.loads((tmp_path / "public" / "papers.json").read_text(encoding="utf-8"))["papers"]
    tagged = sum("hypernetworks" in p["tags"] for p in papers)
    assert tagged > 1 and any(p["title"] == HOSTILE_TITLE for p in papers)
    server.start()
    page = browser.new_page()
    dialogs: list[str] = []
    requests: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("request", lambda request: requests.append(request.url))
    try:
        page.goto(server.url + "search/?q=hypernets")
        page.wait_for_selector(READY["search"], timeout=15_000)
        page.evaluate("document.querySelectorAll('#search details').forEach(d => { d.open = true; })")
        label = page.locator(".pagefind-ui__filter-label", has_text="Hyper")
        shown = label.first.text_content() or ""
        titles = page.eval_on_selector_all(".pagefind-ui__result-title", "els => els.map(e => e.textContent)")
        injected = page.eval_on_selector_all("#search img, #search b", "els => els.map(e => e.outerHTML)")
        count = int(shown.rsplit("(", 1)[-1].rstrip(") \n"))
        label.first.click()  # filtering by the escaped value finds the papers the panel counted
        page.wait_for_function(
            "n => (document.querySelector('.pagefind-ui__message') || {}).textContent"
            " === `${n} result${n === 1 ? '' : 's'} for hypernets`", arg=count, timeout=15_000)
        page.wait_for_timeout(500)  # any handler the markup would have set
        page.goto(server.url + "search/?q=img")  # the abstract's markup, in its excerpt
        page.wait_for_selector(READY["search"], timeout=15_000)
        excerpts = page.eval_on_selector_all(".pagefind-ui__result-excerpt",
                                             "els => els.map(e => e.textContent)")
        injected += page.eval_on_selector_all("#search img, #search b", "els => els.map(e => e.outerHTML)")
        page.wait_for_timeout(500)
    finally:
        page.close()
        server.stop()
    assert dialogs == [] and injected == []
    assert not [url for url in requests if url.rsplit("/", 1)[-1] in ("x", "y")]
    assert " ".join(shown.split()) == f"{HOSTILE_LABEL} ({count})" and 1 <= count <= tagged
    assert HOSTILE_TITLE in [" ".join(t.split()) for t in titles]
    assert any("<img src=y onerror=alert(3)>" in e for e in excerpts)
