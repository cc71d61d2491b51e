"""Paper pages: copy-citation block, JSON-LD (``ScholarlyArticle``), Open Graph / Twitter card tags,
tag chips, canonical URLs. Rendered from the hand-built fixture site and checked by parsing."""

from __future__ import annotations

import dataclasses
import json

import pytest
from fixtures_site import XSS_ABSTRACT, make_site
from helpers import Element, parse_html

from sitegen.render.drawing import render_pages
from sitegen.render.scholarly import json_ld
from sitegen.site import Site

SUB = "https://example.org/sub/"


def render(site: Site) -> dict[str, Element]:
    return {path: parse_html(body) for path, body in render_pages(site).items()}


@pytest.fixture(scope="module")
def pages() -> dict[str, Element]:
    return render(make_site(SUB))


def raw_text(element: Element) -> str:
    """Script content exactly as the HTML parser hands it to the browser (no whitespace folding)."""
    return "".join(c for c in element.children if isinstance(c, str))


def ld_json(tree: Element) -> dict[str, object]:
    (script,) = tree.find_all("script", type="application/ld+json")
    data = json.loads(raw_text(script))
    assert isinstance(data, dict)
    return data


def meta_content(tree: Element, **attrs: str) -> str:
    return tree.find("meta", **attrs).attrs["content"]


def test_json_ld_describes_the_paper_as_a_scholarly_article(pages: dict[str, Element]) -> None:
    # attention-again is the fixture's third paper: published 2025-03-03, tagged "llm" only.
    data = ld_json(pages["papers/attention-again/index.html"])
    assert data["@context"] == "https://schema.org" and data["@type"] == "ScholarlyArticle"
    assert data["name"] == "Attention Again"
    assert data["abstract"] == "Attention, revisited once more."
    assert data["datePublished"] == "2025-03-03"
    assert data["url"] == SUB + "papers/attention-again/"
    assert data["keywords"] == ["Language models"]


def test_a_script_closing_abstract_stays_inert_inside_json_ld(pages: dict[str, Element]) -> None:
    tree = pages["papers/safe-rendering/index.html"]
    (script,) = tree.find_all("script", type="application/ld+json")
    raw = raw_text(script)
    assert "<" not in raw and ">" not in raw and "&" not in raw  # nothing the HTML parser could act on
    data = ld_json(tree)
    assert data["abstract"] == XSS_ABSTRACT  # JSON's \u003c escapes give back the exact text
    assert data["name"] == "Safe Rendering of <Untrusted> Text"
    assert data["keywords"] == ["Language models", "Security & Safety"]
    # The abstract's <script> never became an element: the only scripts are ours.
    sources = [s.attrs.get("src") for s in tree.find_all("script")]
    assert sources == [None, "/sub/static/copy.js"]


def test_json_ld_escapes_every_markup_character_and_line_separators() -> None:
    text = str(json_ld({"a": "</script><script>alert(1)</script> & \u2028"}))
    assert text.count("\\u003c") == 3 and text.count("\\u003e") == 3 and "\\u0026" in text
    assert "\u2028" not in text
    assert json.loads(text) == {"a": "</script><script>alert(1)</script> & \u2028"}


def test_a_paper_without_a_date_is_cited_without_inventing_one() -> None:
    site = make_site(SUB)
    papers = tuple(dataclasses.replace(p, published=None) if p.title == "Tiny Models" else p
                   for p in site.papers)
    tree = render(dataclasses.replace(site, papers=papers))["papers/tiny-models/index.html"]
    assert "datePublished" not in ld_json(tree)
    assert "keywords" not in ld_json(tree)  # an untagged paper has no keywords
    assert tree.find("pre", id="citation").text() == f"Tiny Models (n.d.). {SUB}papers/tiny-models/"
    assert not tree.find_all("meta", property="article:published_time")


def test_citation_block_is_selectable_text_with_an_optional_copy_button(pages: dict[str, Element]) -> None:
    tree = pages["papers/safe-rendering/index.html"]
    section = tree.find("section", **{"aria-labelledby": "cite-heading"})
    pre = section.find("pre", id="citation")
    expected = f"Safe Rendering of <Untrusted> Text (2025). {SUB}papers/safe-rendering/"
    assert pre.find("code").text() == expected
    assert pre.attrs["tabindex"] == "0"  # reachable from the keyboard; named by the section's heading
    assert tree.find("h2", id="cite-heading").text() == "Cite this paper"
    button = section.find("button")
    assert button.attrs["type"] == "button" and "hidden" in button.attrs  # copy.js reveals it
    assert button.attrs["data-copy-target"] == "citation"
    assert section.find("span", **{"class": "copy-status"}).attrs["role"] == "status"


def test_open_graph_and_twitter_tags_on_paper_pages(pages: dict[str, Element]) -> None:
    tree = pages["papers/safe-rendering/index.html"]
    canonical = tree.find("link", rel="canonical").attrs["href"]
    assert canonical == SUB + "papers/safe-rendering/"
    assert meta_content(tree, property="og:type") == "article"
    assert meta_content(tree, property="og:title") == "Safe Rendering of <Untrusted> Text"
    assert meta_content(tree, property="og:url") == canonical
    assert meta_content(tree, property="og:site_name") == "ML Digest"
    assert meta_content(tree, property="og:description").startswith("We show that <script>")
    assert meta_content(tree, property="article:published_time") == "2025-03-04"
    assert [m.attrs["content"] for m in tree.find_all("meta", property="article:tag")] == [
        "Language models", "Security & Safety"]
    assert meta_content(tree, name="twitter:card") == "summary"
    assert meta_content(tree, name="twitter:title") == "Safe Rendering of <Untrusted> Text"


def test_every_page_has_a_canonical_url_and_social_tags(pages: dict[str, Element]) -> None:
    for path, tree in pages.items():
        canonical = tree.find("link", rel="canonical").attrs["href"]
        assert canonical == SUB + path.removesuffix("index.html"), path
        assert meta_content(tree, property="og:url") == canonical, path
        kind = "article" if path.startswith("papers/") else "website"
        assert meta_content(tree, property="og:type") == kind, path


def test_tag_chips_link_to_tag_pages_inside_the_indexed_body(pages: dict[str, Element]) -> None:
    article = pages["papers/safe-rendering/index.html"].find("article", **{"class": "paper"})
    assert "data-pagefind-body" in article.attrs  # so a search for a tag's words finds its papers
    chips = article.find("ul", **{"class": "chips"})
    assert chips.attrs["aria-label"] == "Tags"
    links = [(a.text(), a.attrs["href"]) for a in chips.find_all("a")]
    assert links == [("Language models", "/sub/tags/llm/"), ("Security & Safety", "/sub/tags/security/")]
    assert set(pages) >= {"tags/llm/index.html", "tags/security/index.html"}


@pytest.mark.parametrize(("description", "shown"), [
    ("Papers about *language* models.", "Papers about language models."),
    ("Costs `O(n*m)` in `snake_case`; see [the survey](https://example.org/s).",
     "Costs O(n*m) in snake_case; see the survey."),
    ("{{ 7*7 }} and <b>bold</b>\n\nA second paragraph.", "{{ 7*7 }} and <b>bold</b> A second paragraph."),
])
def test_a_tag_pages_meta_description_is_what_its_markdown_shows(description: str, shown: str) -> None:
    site = make_site(SUB)
    tags = tuple(dataclasses.replace(t, description=description) if t.id == "robotics" else t
                 for t in site.tags)
    tree = render(dataclasses.replace(site, tags=tags))["tags/robotics/index.html"]
    for attrs in ({"name": "description"}, {"property": "og:description"}):
        assert meta_content(tree, **attrs) == shown
