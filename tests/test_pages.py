"""HTML pages rendered from a hand-built Site (tests/fixtures_site.py), checked by parsing them."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from fixtures_site import D1, D2, D3, XSS_ABSTRACT, make_site
from helpers import Element, parse_html

from sitegen.render.drawing import render_pages
from sitegen.render.search import shard_names
from sitegen.render.templating import static_files
from sitegen.render.text import linkify
from sitegen.site import DIGESTS_FEED, OPML_PATH, SEARCH_BUNDLE, Site, feed_path

SUB = "https://example.org/sub/"
SHARD_UI = re.compile(r"/sub/pagefind/\d{4}-\d{2}(\.[1-4])?/pagefind-ui\.js")


def render(site: Site, templates: Path | None = None) -> dict[str, Element]:
    return {path: parse_html(body) for path, body in render_pages(site, templates).items()}


@pytest.fixture(scope="module")
def pages() -> dict[str, Element]:
    return render(make_site(SUB))


def non_page_files(site: Site) -> set[str]:
    feeds = {feed_path(kind, tag) for kind in ("atom", "rss") for tag in (None, *(t.id for t in site.tags))}
    # The search page's stylesheet is written by Pagefind during the build (tests/test_search.py), in
    # the newest shard's bundle.
    newest = shard_names(site)[0]
    return feeds | set(static_files()) | {DIGESTS_FEED, OPML_PATH, f"{SEARCH_BUNDLE}{newest}/pagefind-ui.css"}


def executable_scripts(tree: Element) -> list[str]:
    """Scripts other than JSON-LD data: only our own files, which enhance a page that works without them."""
    scripts = [e for e in tree.find_all("script") if e.attrs.get("type") != "application/ld+json"]
    assert all(not e.text() for e in scripts), "no inline script"
    return [e.attrs["src"] for e in scripts]


def test_every_page_is_written(pages: dict[str, Element]) -> None:
    site = make_site(SUB)
    expected = {"index.html", "404.html", "tags/index.html", "dates/index.html", "stats/index.html",
                "search/index.html",
                *(f"papers/{p.slug}/index.html" for p in site.permalinks.values()),
                *(f"tags/{t.id}/index.html" for t in site.tags),
                *(f"dates/{d.isoformat()}/index.html" for d in site.digests)}
    assert set(pages) == expected


def test_every_page_has_the_head_and_landmarks_a_reader_needs(pages: dict[str, Element]) -> None:
    for path, tree in pages.items():
        html = tree.find("html")
        assert html.attrs["lang"] == "en", path
        assert tree.find_all("meta", charset="utf-8"), path
        assert tree.find("meta", name="viewport").attrs["content"].startswith("width=device-width"), path
        assert tree.find("title").text(), path
        canonical = tree.find("link", rel="canonical").attrs["href"]
        assert canonical == SUB + path.removesuffix("index.html"), path
        feeds = [e.attrs["href"] for e in tree.find_all("link", rel="alternate")]
        assert "/sub/atom.xml" in feeds and "/sub/rss.xml" in feeds, path
        assert tree.find("a", **{"class": "skip-link"}).attrs["href"] == "#main"
        assert tree.find("main").attrs["id"] == "main"
        assert tree.find_all("header") and tree.find_all("footer") and tree.find_all("nav"), path
        scripts = {s for s in executable_scripts(tree) if not SHARD_UI.fullmatch(s)}
        assert scripts <= {"/sub/static/copy.js", "/sub/static/search.js"}, path


def test_every_internal_link_starts_with_the_base_path_and_lands_on_a_file(pages: dict[str, Element]) -> None:
    site = make_site(SUB)
    targets = {p.removesuffix("index.html") for p in pages} | set(pages) | non_page_files(site)
    for path, tree in pages.items():
        for href in tree.hrefs():
            parts = urlsplit(href)
            if parts.scheme or href.startswith("#"):
                continue
            assert href.startswith("/sub/"), (path, href)
            assert href.removeprefix("/sub/") in targets, (path, href)


def test_tag_pages_link_their_own_feed_first(pages: dict[str, Element]) -> None:
    feeds = [e.attrs["href"] for e in pages["tags/llm/index.html"].find_all("link", rel="alternate")]
    assert feeds[:2] == ["/sub/tags/llm/atom.xml", "/sub/tags/llm/rss.xml"]


def test_xss_in_title_and_abstract_is_text(pages: dict[str, Element]) -> None:
    tree = pages["papers/safe-rendering/index.html"]
    assert tree.find("h1").text() == "Safe Rendering of <Untrusted> Text"
    assert tree.find("p", **{"class": "abstract"}).text() == XSS_ABSTRACT
    assert executable_scripts(tree) == ["/sub/static/copy.js"] and not tree.find_all("untrusted")


def test_paper_page_shows_everything_about_the_paper(pages: dict[str, Element]) -> None:
    tree = pages["papers/attention-again/index.html"]
    article = tree.find("article", **{"class": "paper"})
    assert [a.text() for a in article.find("ul", **{"class": "chips"}).find_all("a")] == ["Language models"]
    assert article.find("a", **{"class": "chip"}).attrs["href"] == "/sub/tags/llm/"
    digest_links = [a.attrs["href"] for a in article.find("section", **{"aria-labelledby": "digests-heading"})
                    .find_all("a")]
    assert digest_links == [f"/sub/dates/{D1}/", f"/sub/dates/{D3}/"]
    assert tree.find("aside", **{"class": "note"}).find("em").text() == "read this one"
    links_out = tree.find("ul", **{"class": "inline-list links-out"}).find_all("a")
    out = [urlsplit(a.attrs["href"]) for a in links_out]
    assert [u.netloc for u in out] == ["arxiv.org", "huggingface.co", "www.semanticscholar.org",
                                       "scholar.google.com"]
    assert all(u.scheme == "https" and "Attention+Again" in u.query for u in out)
    related = tree.find("section", **{"class": "related"}).find_all("h3")
    assert related and "Attention Again" not in [h.text() for h in related]
    assert related[0].text() == "Safe Rendering of <Untrusted> Text"  # the one paper sharing its tag


def card_titles(tree: Element) -> list[str]:
    return [h.text() for h in tree.find("ol", **{"class": "cards"}).find_all("h2", **{"class": "card-title"})]


def test_tag_archive_pages_hold_the_earliest_papers_and_link_newer_and_older() -> None:
    site = make_site(SUB)
    site = dataclasses.replace(site, config=dataclasses.replace(site.config, page_size=1))
    pages = render(site)
    tagged = [p for p in site.papers if "vision" in site.paper_tags[p.key]]
    tagged.sort(key=lambda p: (p.first_seen, site.permalinks[p.key].slug))
    first_listed = [p.title for p in tagged]
    assert len(first_listed) == 3  # from tests/fixtures_site.py: one archive page each for the two oldest
    index, one, two = (pages[f"tags/vision/{tail}index.html"] for tail in ("", "page/1/", "page/2/"))
    assert card_titles(one) == first_listed[:1]
    assert card_titles(two) == first_listed[1:2]
    assert card_titles(index) == first_listed[2:]
    assert "tags/vision/page/3/index.html" not in pages
    assert index.find("a", rel="next").attrs["href"] == "/sub/tags/vision/page/2/"
    assert index.find_all("a", rel="prev") == []
    assert two.find("a", rel="prev").attrs["href"] == "/sub/tags/vision/"
    assert two.find("a", rel="next").attrs["href"] == "/sub/tags/vision/page/1/"
    assert one.find("a", rel="prev").attrs["href"] == "/sub/tags/vision/page/2/"
    assert one.find_all("a", rel="next") == []
    assert "tags/robotics/index.html" in pages  # a tag without papers still has its page


def test_digest_page_marks_new_and_seen_before_papers(pages: dict[str, Element]) -> None:
    tree = pages[f"dates/{D3}/index.html"]
    cards = {c.find("h2").text(): c for c in tree.find_all("li", **{"class": "card"})}
    assert set(cards) == {"Attention Again", "Tiny Models"}
    assert cards["Tiny Models"].find("span", **{"class": "badge badge-new"}).text() == "New"
    seen = cards["Attention Again"].find("span", **{"class": "badge badge-seen"})
    assert seen.find("a").attrs["href"] == f"/sub/dates/{D1}/"
    intro = pages[f"dates/{D2}/index.html"].find("div", **{"class": "note"})
    assert intro.text() == "A quiet day."


def test_home_shows_the_latest_digest_then_earlier_ones_tags_and_feeds(pages: dict[str, Element]) -> None:
    tree = pages["index.html"]
    latest = tree.find("section", **{"aria-labelledby": "latest-heading"})
    assert latest.find("h2").find("a").attrs["href"] == f"/sub/dates/{D3}/"
    earlier = tree.find("section", **{"aria-labelledby": "earlier-heading"}).hrefs()
    assert earlier == [f"/sub/dates/{D2}/", f"/sub/dates/{D1}/"]
    tags = tree.find("section", **{"aria-labelledby": "tags-heading"}).hrefs()
    assert tags == ["/sub/tags/llm/", "/sub/tags/vision/", "/sub/tags/security/", "/sub/tags/robotics/"]
    assert "/sub/feeds.opml" in tree.find("section", **{"aria-labelledby": "feeds-heading"}).hrefs()


def test_redirect_page_points_at_the_new_address() -> None:
    site = dataclasses.replace(make_site(SUB), redirects={"old-name": "tiny-models"})
    tree = render(site)["papers/old-name/index.html"]
    refresh = tree.find("meta", **{"http-equiv": "refresh"}).attrs["content"]
    assert refresh == "0; url=/sub/papers/tiny-models/"
    assert tree.find("link", rel="canonical").attrs["href"] == SUB + "papers/tiny-models/"
    assert tree.find("main").find("a").attrs["href"] == "/sub/papers/tiny-models/"


def test_rendering_is_deterministic() -> None:
    assert render_pages(make_site(SUB)) == render_pages(make_site(SUB))


def test_a_site_template_overrides_and_extends_the_default(tmp_path: Path) -> None:
    (tmp_path / "base.html").write_text(
        '{% extends "default/base.html" %}'
        '{% block head %}<meta name="generator" content="mine">{% endblock %}'
    )
    pages = render(make_site(SUB), tmp_path)
    assert all(tree.find("meta", name="generator").attrs["content"] == "mine" for tree in pages.values()
               if tree.find_all("main", id="main"))
    assert pages["index.html"].find("h1").text() == "ML Digest"  # the rest of the default still renders


@pytest.mark.parametrize(("text", "links", "shown"), [
    ("see https://github.com/x/y.", ["https://github.com/x/y"], "see https://github.com/x/y."),
    ("(code: https://a.org/b_(c)), done", ["https://a.org/b_(c)"], "(code: https://a.org/b_(c)), done"),
    ("<b>http://a.org/?q=1&r=2</b>", ["http://a.org/?q=1&r=2"], "<b>http://a.org/?q=1&r=2</b>"),
    ("ftp://a.org and javascript:alert(1) and http://", [], "ftp://a.org and javascript:alert(1) and http://"),
])
def test_abstract_urls_become_links_and_nothing_else_becomes_markup(text: str, links: list[str],
                                                                   shown: str) -> None:
    tree = parse_html(str(linkify(text)))
    assert tree.hrefs() == links
    assert tree.text() == shown
    assert [e.tag for e in tree.iter()][1:] == ["a"] * len(links)


LANDMARK_TAGS = {"main": "main", "nav": "navigation", "header": "banner", "footer": "contentinfo",
                 "aside": "complementary", "section": "region", "form": "form"}
SECTIONING = frozenset({"article", "aside", "main", "nav", "section"})
"""Inside these, a header or footer is no banner or contentinfo landmark (HTML-AAM)."""


def landmarks(tree: Element) -> list[tuple[str, str]]:
    """(role, accessible name) of every landmark, named by aria-labelledby or aria-label. Sections
    and forms are landmarks only when named, as axe counts them."""
    ids = {e.attrs["id"]: e for e in tree.iter() if "id" in e.attrs}
    found: list[tuple[str, str]] = []

    def walk(element: Element, sectioned: bool) -> None:
        role = element.attrs.get("role") or LANDMARK_TAGS.get(element.tag)
        if element.tag in ("header", "footer") and sectioned and "role" not in element.attrs:
            role = None
        labelled = element.attrs.get("aria-labelledby")
        name = (" ".join(ids[i].text() for i in labelled.split()) if labelled
                else element.attrs.get("aria-label", ""))
        if role in (*LANDMARK_TAGS.values(), "search") and (name or role not in ("region", "form")):
            found.append((role, " ".join(name.split())))
        for child in element.children:
            if isinstance(child, Element):
                walk(child, sectioned or element.tag in SECTIONING)

    walk(tree, False)
    return found


def test_every_landmark_of_every_page_has_a_unique_role_and_name(pages: dict[str, Element]) -> None:
    """axe's ``landmark-unique``, on every page kind: two landmarks may not share role and name."""
    for path, tree in pages.items():
        found = landmarks(tree)
        assert found, path
        assert len(found) == len(set(found)), (path, sorted(found))
