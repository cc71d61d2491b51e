"""The five seeds plus the Hugging Face JSON and arXiv RSS fixtures, built as one digest: paper pages,
author pages, feeds and papers.json use what the listings say of each paper (issue 15). Every check
reads the output with a parser (the HTML tree builder, feedparser, json)."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
from pathlib import Path
from xml.etree import ElementTree as ET

import feedparser
import pytest
from helpers import Element, beyond_the_seeds_doubts, build_content, copy_content, parse_html, without_search
from tag_support import paper, rules

from sitegen.build.report import BuildReport
from sitegen.merge import title_key
from sitegen.model import Identity, Paper
from sitegen.site import author_index
from sitegen.tagging import apply_rules

SUB = "https://example.org/digest/"
FIXTURES = Path(__file__).parent / "fixtures" / "listings"
LEDGER = Path(__file__).parent.parent / "content" / "permalinks.lock"
PRES = "PRES: Toward Scalable Memory-Based Dynamic Graph Neural Networks"
SPARSE, CALIBRATED = "sparse-memory-routing-for-streaming-graph-learners", \
    "calibrated-uncertainty-for-retrieval-augmented-generation"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildReport, Path]:
    root = tmp_path_factory.mktemp("mixed")
    content = without_search(copy_content(root / "content"))
    for fixture in FIXTURES.iterdir():
        shutil.copy(fixture, content / "dumps" / fixture.name)
    out = root / "public"
    return build_content(content, out, base_url=SUB), out


def page(built: tuple[BuildReport, Path], path: str) -> Element:
    return parse_html((built[1] / path / "index.html").read_bytes())


def seed_slug(title: str) -> str:
    """The slug the committed ledger gave the paper when only pasted text named it."""
    key = title_key(title)
    for line in LEDGER.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if fields[0] == key:
            return fields[1]
    raise AssertionError(f"{title!r} is not in {LEDGER}")


def test_the_mixed_digest_builds_without_a_new_warning(built: tuple[BuildReport, Path]) -> None:
    report, _ = built
    assert beyond_the_seeds_doubts(report.warnings) == []
    assert report.papers == 521 + 4  # the seeds, and four papers only the listings name (PRES is a seed's)


def test_a_seed_paper_keeps_its_url_when_a_listing_gives_its_id(built: tuple[BuildReport, Path]) -> None:
    records = json.loads((built[1] / "papers.json").read_text(encoding="utf-8"))["papers"]
    pres = next(r for r in records if r["title"] == PRES)
    assert pres["slug"] == seed_slug(PRES)
    assert pres["arxiv_id"] == "2402.04284"
    assert pres["author_names"] == ["Junwei Su", "Difan Zou", "Chuan Wu"]
    assert pres["links"] == {"arxiv": "https://arxiv.org/abs/2402.04284", "pdf": "https://arxiv.org/pdf/2402.04284",
                             "huggingface": "https://huggingface.co/papers/2402.04284",
                             "code": "https://github.com/jwsu825/MDGNN_BS"}
    pasted = [r for r in records if r["arxiv_id"] is None]
    assert len(pasted) == 520 and all(r["links"] == {} and r["author_names"] == [] for r in pasted)


def test_a_paper_page_names_its_authors_and_links_to_the_paper(built: tuple[BuildReport, Path]) -> None:
    tree = page(built, f"papers/{seed_slug(PRES)}")
    names = tree.find("p", **{"class": "authors"})
    authors = [(a.text(), a.attrs["href"]) for a in names.find_all("a")]
    assert authors == [("Junwei Su", "/digest/authors/junwei-su/")]  # the only one with two papers
    assert names.text() == "By Junwei Su, Difan Zou, Chuan Wu"
    out = tree.find("ul", **{"class": "inline-list links-out"})
    assert [(a.text(), a.attrs["href"]) for a in out.find_all("a")] == [
        ("arXiv", "https://arxiv.org/abs/2402.04284"), ("PDF", "https://arxiv.org/pdf/2402.04284"),
        ("Hugging Face", "https://huggingface.co/papers/2402.04284"),
        ("Code (31 stars)", "https://github.com/jwsu825/MDGNN_BS")]


def meta(tree: Element) -> list[tuple[str, str]]:
    return [(m.attrs["name"], m.attrs["content"]) for m in tree.find_all("meta")
            if m.attrs.get("name", "").startswith("citation_")]


def test_scholar_meta_tags_and_json_ld_name_the_arxiv_paper(built: tuple[BuildReport, Path]) -> None:
    tree = page(built, f"papers/{seed_slug(PRES)}")
    assert meta(tree) == [
        ("citation_title", PRES), ("citation_author", "Junwei Su"), ("citation_author", "Difan Zou"),
        ("citation_author", "Chuan Wu"), ("citation_publication_date", "2024/02/05"),
        ("citation_arxiv_id", "2402.04284"), ("citation_pdf_url", "https://arxiv.org/pdf/2402.04284"),
        ("citation_abstract_html_url", "https://arxiv.org/abs/2402.04284")]
    (script,) = tree.find_all("script", type="application/ld+json")
    data = json.loads(script.text())
    assert data["sameAs"] == ["https://arxiv.org/abs/2402.04284", "https://huggingface.co/papers/2402.04284"]
    assert [a["name"] for a in data["author"]] == ["Junwei Su", "Difan Zou", "Chuan Wu"]
    assert data["identifier"]["value"] == "2402.04284"


def bibtex_fields(text: str) -> tuple[str, dict[str, str]]:
    head, *lines = text.strip().splitlines()
    kind_key = re.fullmatch(r"@misc\{(\w+),", head)
    assert kind_key, head
    assert lines[-1] == "}"
    fields = {}
    for line in lines[:-1]:
        found = re.fullmatch(r"  (\w+) = \{(.*)\},", line)
        assert found, line
        fields[found[1]] = found[2]
    return kind_key[1], fields


def test_the_bibtex_entry_cites_the_paper_not_our_page(built: tuple[BuildReport, Path]) -> None:
    tree = page(built, f"papers/{seed_slug(PRES)}")
    code = tree.find("pre", id="bibtex").find("code")
    key, fields = bibtex_fields("".join(c for c in code.children if isinstance(c, str)))
    assert key == "su2024pres"
    assert fields == {"title": "{PRES: Toward Scalable Memory-Based Dynamic Graph Neural Networks}",
                      "author": "Junwei Su and Difan Zou and Chuan Wu", "year": "2024",
                      "eprint": "2402.04284", "archivePrefix": "arXiv",
                      "url": "https://arxiv.org/abs/2402.04284"}
    citation = tree.find("pre", id="citation").text()
    assert citation.endswith("arXiv:2402.04284. https://arxiv.org/abs/2402.04284")
    assert citation.startswith("Junwei Su, Difan Zou, Chuan Wu (2024). PRES")


def test_hidden_authors_script_text_and_unsafe_links_never_reach_the_page(
        built: tuple[BuildReport, Path]) -> None:
    sparse = page(built, f"papers/{SPARSE}")
    assert sparse.find("p", **{"class": "authors"}).text() == "By Mira Okafor, Junwei Su"
    assert "<script>alert('x')</script>" in sparse.find("p", **{"class": "abstract"}).text()
    scripts = [s.attrs.get("src") for s in sparse.find_all("script")
               if s.attrs.get("type") != "application/ld+json"]
    assert scripts == ["/digest/static/copy.js"]
    out = sparse.find("ul", **{"class": "inline-list links-out"})
    links = [(a.text(), a.attrs["href"]) for a in out.find_all("a")]
    assert ("Project page", "https://sparse-routing.github.io/") in links
    calibrated = page(built, f"papers/{CALIBRATED}")
    hrefs = calibrated.find("ul", **{"class": "inline-list links-out"}).hrefs()
    assert not any(h.startswith("javascript:") for h in calibrated.hrefs())
    assert "https://github.com/example/calibrated-rag" in hrefs


def test_a_paper_only_pasted_text_names_keeps_search_links(built: tuple[BuildReport, Path]) -> None:
    records = json.loads((built[1] / "papers.json").read_text(encoding="utf-8"))["papers"]
    pasted = next(r for r in records if r["arxiv_id"] is None)
    tree = page(built, f"papers/{pasted['slug']}")
    hosts = [h.split("/")[2] for h in tree.find("ul", **{"class": "inline-list links-out"}).hrefs()]
    assert hosts == ["arxiv.org", "huggingface.co", "www.semanticscholar.org", "scholar.google.com"]
    assert meta(tree) == [] and tree.find_all("pre", id="bibtex") == []
    assert tree.find_all("p", **{"class": "authors"}) == []


def test_author_pages_list_their_papers_and_are_in_the_sitemap(built: tuple[BuildReport, Path]) -> None:
    out = built[1]
    made = sorted(p.name for p in (out / "authors").iterdir())
    assert made == ["ana-pereira", "junwei-su", "lars-brandt", "mira-okafor"]  # two papers or more
    tree = page(built, "authors/junwei-su")
    assert tree.find("h1").text() == "Junwei Su"
    cards = [a.attrs["href"] for a in tree.find("main").find_all("a") if "/papers/" in a.attrs["href"]]
    assert sorted(set(cards)) == sorted({f"/digest/papers/{SPARSE}/", f"/digest/papers/{seed_slug(PRES)}/"})
    sitemap = ET.parse(out / "sitemap.xml").getroot()
    locs = {loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    assert {f"{SUB}authors/{name}/" for name in made} <= locs


def test_feed_entries_name_authors_and_link_the_paper_on_arxiv(built: tuple[BuildReport, Path]) -> None:
    for name in ("atom.xml", "rss.xml"):
        feed = feedparser.parse((built[1] / name).read_bytes())
        assert not feed.bozo, name
        pres = next(e for e in feed.entries if e.title == PRES)
        assert [a["name"] for a in pres.authors] == ["Junwei Su", "Difan Zou", "Chuan Wu"], name
        pasted = next(e for e in feed.entries if e.title != PRES and not e.get("authors"))
        assert pasted.get("authors") is None
    atom = feedparser.parse((built[1] / "atom.xml").read_bytes())
    pres = next(e for e in atom.entries if e.title == PRES)
    assert [(link.rel, link.href) for link in pres.links] == [
        ("alternate", f"{SUB}papers/{seed_slug(PRES)}/"), ("related", "https://arxiv.org/abs/2402.04284")]


def with_authors(title: str, *names: str) -> Paper:
    plain = paper(title)
    return dataclasses.replace(plain, identity=Identity(f"2501.{len(title):05d}", authors=names))


def test_authors_get_a_page_from_the_threshold_on_one_spelling_for_one_slug() -> None:
    papers = [with_authors("One", "José García", "Ada Lovelace"), with_authors("Two", "Jose Garcia"),
              with_authors("Three", "Jose Garcia", "Ada Lovelace"), with_authors("Four", "Grace Hopper")]
    two = author_index(papers, 2)
    assert [(a.slug, a.name, [p.title for p in a.papers]) for a in two.values()] == [
        ("ada-lovelace", "Ada Lovelace", ["One", "Three"]),
        ("jose-garcia", "Jose Garcia", ["One", "Two", "Three"])]  # the spelling most papers use
    assert list(author_index(papers, 1)) == ["ada-lovelace", "grace-hopper", "jose-garcia"]
    assert author_index(papers, 0) == {}


def test_tag_rules_can_look_in_authors_and_keywords() -> None:
    ruleset = rules("""
        tags:
          su: {any: ["Junwei Su"], fields: [authors]}
          graphs: {any: [graph], fields: [keywords]}
          plain: {any: [Su]}
    """)
    known = dataclasses.replace(paper("Memory for dynamic graphs", "Nothing here."),
                                identity=Identity("2402.04284", authors=("Junwei Su",), keywords=("graph",)))
    pasted = paper("Junwei Su graph", "Only text.")
    tagging = apply_rules(ruleset, [known, pasted])
    assert tagging.paper_tags[known.key] == ("su", "graphs")
    assert tagging.paper_tags[pasted.key] == ("plain",)  # a title naming them is not an author list
