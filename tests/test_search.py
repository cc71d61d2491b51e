"""Search: ``search:`` in site.yaml, the Pagefind index of each paper's record sharded by the month of the
first digest (``pagefind/<YYYY-MM>/``) or, in the newest month, its week (``pagefind/<YYYY-MM>.<N>/``),
the search page and the header form, all under a sub-path. Builds one seed digest (about 70 papers) to
keep it quick; the shard tests add a digest of a later week and the November digest."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from helpers import REPO, Element, build_content, copy_content, parse_html, site_files
from tag_support import paper

from sitegen.config import parse_config
from sitegen.errors import ConfigError, SitegenError
from sitegen.render.pagefind import SUPPORTED, Record
from sitegen.render.search import Shard, shard_of
from sitegen.write import search

SUB_URL = "https://example.org/sub/"
ONE_DUMP = ["2025-03-11"]
FRAGMENT_MAGIC = b"pagefind_dcd"  # Pagefind's fragments: gzip of this signature followed by JSON
SHARD = "2025-03.2"  # the week of the seed digest 2025-03-11 (days 8-14) in the newest month
MARCH = ["2025-03"]  # four seed digests, all in the second week of March; the fifth is 2025-11-21
LATER_WEEK = """Mar 17

Quokka Attention: Sparse Routing for Marsupial Transformers

We study how marsupial transformers route attention across sparse heads. Our method improves accuracy
on three benchmarks while halving the compute cost of each layer.

Wombat Diffusion Models Learn Burrow Geometry

Diffusion models trained on burrow scans recover the geometry of tunnels. We show that a simple
denoiser generalises to unseen soils and report results on two new datasets.
"""
"""A digest of two new papers in the third week of March (days 15-21)."""


def pages_of(out: Path) -> dict[str, Element]:
    return {p.relative_to(out).as_posix(): parse_html(p.read_bytes()) for p in sorted(out.rglob("*.html"))}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("search")
    content = copy_content(root / "content", dumps=ONE_DUMP)
    build_content(content, root / "public", base_url=SUB_URL)
    return root / "public"


def fragments(out: Path) -> list[dict[str, object]]:
    result = []
    for path in sorted((out / "pagefind").glob("*/fragment/*")):
        raw = gzip.decompress(path.read_bytes())
        assert raw.startswith(FRAGMENT_MAGIC), path
        result.append(json.loads(raw[len(FRAGMENT_MAGIC):]))
    return result


def indexed_urls(out: Path) -> list[str]:
    """Each indexed page as its page file, to compare with the paper pages."""
    return sorted(str(f["url"]).lstrip("/") + "index.html" for f in fragments(out))


def paper_pages(out: Path) -> list[str]:
    return sorted(p.relative_to(out).as_posix() for p in (out / "papers").glob("*/index.html"))


def test_search_is_on_by_default_and_can_be_turned_off() -> None:
    base = "title: T\nbase_url: https://example.org/\n"
    assert parse_config(base).search is True
    assert parse_config(base + "search: false\n").search is False
    assert parse_config(base + "search: true\n").search is True


def test_search_must_be_true_or_false_with_its_line() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config("title: T\nbase_url: https://example.org/\nsearch: maybe\n")
    assert [str(p) for p in caught.value.problems] == ["site.yaml:3:9: error: expected true or false"]
    with pytest.raises(ConfigError) as caught:
        parse_config("title: T\nbase_url: https://example.org/\nserch: true\n")
    assert "did you mean 'search'?" in caught.value.problems[0].message


def test_every_paper_page_is_indexed_and_nothing_else(built: Path) -> None:
    assert sorted(p.name for p in (built / "pagefind").iterdir()) == [SHARD]
    entry = json.loads((built / "pagefind" / SHARD / "pagefind-entry.json").read_text(encoding="utf-8"))
    papers = paper_pages(built)
    assert entry["languages"]["en"]["page_count"] == len(papers) > 50
    # Pagefind records URLs relative to the folder it indexed; the UI adds the base path (below).
    assert indexed_urls(built) == papers


def test_an_indexed_paper_carries_its_title_abstract_and_tags(built: Path) -> None:
    checked = 0
    for fragment in fragments(built):
        page = parse_html((built / (str(fragment["url"]).lstrip("/") + "index.html")).read_bytes())
        article = page.find("article", **{"class": "paper"})
        chips = [a.text() for a in article.find_all("a", **{"class": "chip"})]
        if not chips:
            continue
        content, meta = str(fragment["content"]), fragment["meta"]
        assert isinstance(meta, dict) and meta["title"] == page.find("h1").text()
        assert content.startswith(page.find("h1").text())
        assert " ".join(page.find("p", **{"class": "abstract"}).text().split()[:8]) in content
        assert all(chip in content for chip in chips)
        assert "Find this paper" not in content and "Cite this paper" not in content  # ignored parts
        # Pagefind's UI draws a filter value as HTML: stored, each is its label's markup.
        filters = fragment["filters"]
        assert isinstance(filters, dict) and filters["year"] == ["2025"]
        assert [html_text(value) for value in filters["tag"]] == chips
        checked += 1
    assert checked > 10
    assert any("&" in chip for chip in chips_of(built))  # "Attention & transformers": the escaping shows


def html_text(markup: str) -> str:
    """What a browser shows for ``markup`` set as innerHTML; an element in it fails the test."""
    parsed = parse_html(f"<!doctype html><title>t</title><p>{markup}</p>".encode())
    paragraph = parsed.find("p")
    assert [child.tag for child in paragraph.children if isinstance(child, Element)] == [], markup
    return paragraph.text()


def chips_of(out: Path) -> set[str]:
    return {a.text() for page in pages_of(out).values() for a in page.find_all("a", **{"class": "chip"})}


def test_a_label_with_markup_is_text_in_the_filter_pagefind_stores(tmp_path: Path) -> None:
    label = 'Hyper"><img src=x onerror=alert(1)> <1B & co &amp;'
    content = copy_content(tmp_path / "content", dumps=ONE_DUMP)
    tags = content / "tags.yaml"
    tags.write_text(tags.read_text(encoding="utf-8").replace(
        "label: Mixture of experts", "label: " + json.dumps(label), 1), encoding="utf-8")
    build_content(content, tmp_path / "public", base_url=SUB_URL)
    stored = {value for f in fragments(tmp_path / "public")
              for value in f["filters"].get("tag", [])}  # type: ignore[attr-defined]
    assert label in {html_text(value) for value in stored}
    assert not any("<" in value for value in stored)


def test_search_page_loads_the_bundle_under_the_sub_path(built: Path) -> None:
    page = pages_of(built)["search/index.html"]
    scripts = [s.attrs["src"] for s in page.find_all("script")]
    assert scripts == [f"/sub/pagefind/{SHARD}/pagefind-ui.js", "/sub/static/search.js"]
    sheets = [link.attrs["href"] for link in page.find_all("link", rel="stylesheet")]
    assert f"/sub/pagefind/{SHARD}/pagefind-ui.css" in sheets
    for url in (*scripts, *sheets):
        assert (built / url.removeprefix("/sub/")).is_file(), url
    box = page.find("div", id="search")
    assert box.attrs["data-base"] == "/sub/" and box.attrs["data-bundle"] == f"/sub/pagefind/{SHARD}/"
    assert box.attrs["data-merge"] == ""
    assert page.find("noscript").find("a").attrs["href"] in {"/sub/tags/", "/sub/dates/"}
    assert page.find("link", rel="canonical").attrs["href"] == SUB_URL + "search/"


def test_every_page_has_a_labelled_get_search_form(built: Path) -> None:
    for path, tree in pages_of(built).items():
        if tree.find_all("meta", **{"http-equiv": "refresh"}):
            continue  # redirect stubs are not pages a reader stays on
        form = tree.find("form", role="search")
        assert (form.attrs["action"], form.attrs["method"]) == ("/sub/search/", "get"), path
        field = form.find("input", type="search")
        assert field.attrs["name"] == "q"
        assert form.find("label").attrs["for"] == field.attrs["id"]


def test_the_index_is_byte_identical_across_builds(built: Path, tmp_path: Path) -> None:
    """Names are checksums and every list is sorted: two builds over the same records give the same bytes."""
    content = copy_content(tmp_path / "content", dumps=ONE_DUMP)
    build_content(content, tmp_path / "public", base_url=SUB_URL)
    again = {k: v for k, v in site_files(tmp_path / "public").items() if k.startswith("pagefind/")}
    before = {k: v for k, v in site_files(built).items() if k.startswith("pagefind/")}
    assert again == before and len(before) > 10


@pytest.fixture
def launches(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The shards each build indexed, one list a build that indexed any, newest first."""
    runs: list[list[str]] = []
    indexes: list[object] = []  # each build's SearchIndex: a new one means a new build's first shard
    real = search.SearchIndex._records

    def counted(self: search.SearchIndex, shard: Shard) -> list[Record]:
        if not indexes or indexes[-1] is not self:
            indexes.append(self)
            runs.append([])
        runs[-1] = sorted([*runs[-1], shard.name], reverse=True)
        return real(self, shard)

    monkeypatch.setattr(search.SearchIndex, "_records", counted)
    return runs


def pagefind_files(out: Path) -> dict[str, tuple[bytes, int]]:
    return {p.relative_to(out).as_posix(): (p.read_bytes(), p.stat().st_ino)
            for p in sorted((out / "pagefind").rglob("*")) if p.is_file()}


def bundles(out: Path) -> tuple[str, str, list[str]]:
    """The search page's main bundle, the bundles it merges and the scripts it loads."""
    page = parse_html((out / "search" / "index.html").read_bytes())
    box = page.find("div", id="search")
    return (str(box.attrs["data-bundle"]), str(box.attrs["data-merge"]),
            [str(s.attrs["src"]) for s in page.find_all("script")])


@pytest.mark.parametrize(("first", "shard"), [
    (date(2025, 3, 1), "2025-03.1"), (date(2025, 3, 7), "2025-03.1"), (date(2025, 3, 8), "2025-03.2"),
    (date(2025, 3, 21), "2025-03.3"), (date(2025, 3, 22), "2025-03.4"), (date(2025, 3, 31), "2025-03.4"),
    (date(2025, 2, 28), "2025-02"), (date(2024, 3, 12), "2024-03"),
])
def test_a_paper_is_in_its_month_or_in_a_week_of_the_newest_month(first: date, shard: str) -> None:
    assert shard_of(replace(paper("A Paper"), digests=(first,)), newest=date(2025, 3, 31)) == shard


def test_a_new_digest_reindexes_only_its_week(tmp_path: Path, launches: list[list[str]]) -> None:
    content = copy_content(tmp_path / "content", dumps=MARCH)
    out = tmp_path / "public"
    build_content(content, out, base_url=SUB_URL)
    assert launches == [["2025-03.2"]]
    week = pagefind_files(out)
    build_content(content, out, base_url=SUB_URL)  # nothing changed: no Pagefind at all
    assert launches == [["2025-03.2"]] and pagefind_files(out) == week
    (content / "dumps" / "2025-03-17.txt").write_text(LATER_WEEK, encoding="utf-8")
    build_content(content, out, base_url=SUB_URL)
    assert launches == [["2025-03.2"], ["2025-03.3"]]
    after = pagefind_files(out)
    assert {k: v for k, v in after.items() if k.startswith("pagefind/2025-03.2/")} == week  # bytes, inodes
    assert bundles(out)[:2] == ("/sub/pagefind/2025-03.3/", "/sub/pagefind/2025-03.2/")
    new = [f for f in fragments(out) if "Wombat" in str(f["content"]) or "Quokka" in str(f["content"])]
    assert len(new) == 2
    assert len(list((out / "pagefind" / "2025-03.3" / "fragment").iterdir())) == 2


def test_a_new_month_joins_the_last_months_weeks_into_one_shard(tmp_path: Path,
                                                                launches: list[list[str]]) -> None:
    content = copy_content(tmp_path / "content", dumps=MARCH)
    (content / "dumps" / "2025-03-17.txt").write_text(LATER_WEEK, encoding="utf-8")
    out = tmp_path / "public"
    build_content(content, out, base_url=SUB_URL)
    assert launches == [["2025-03.3", "2025-03.2"]]
    march = len(fragments(out))
    november = next((REPO / "content" / "dumps").glob("2025-11-21*"))
    shutil.copy(november, content / "dumps" / november.name)
    build_content(content, out, base_url=SUB_URL)
    assert launches[1] == ["2025-11.3", "2025-03"]
    assert sorted(p.name for p in (out / "pagefind").iterdir()) == ["2025-03", "2025-11.3"]
    bundle, merged, scripts = bundles(out)
    assert (bundle, merged) == ("/sub/pagefind/2025-11.3/", "/sub/pagefind/2025-03/")
    assert scripts[0] == "/sub/pagefind/2025-11.3/pagefind-ui.js"
    for name in ("2025-11.3", "2025-03"):
        for file in ("pagefind.js", "pagefind-entry.json", "pagefind-worker.js", "wasm.en.pagefind"):
            assert (out / "pagefind" / name / file).is_file(), (name, file)
    assert len(list((out / "pagefind" / "2025-03" / "fragment").iterdir())) == march
    urls = [str(f["url"]) for f in fragments(out)]
    assert len(urls) == len(set(urls)) == len(list((out / "papers").glob("*/index.html")))


def test_a_change_that_leaves_the_documents_alone_runs_no_pagefind(tmp_path: Path,
                                                                   launches: list[list[str]]) -> None:
    content = copy_content(tmp_path / "content", dumps=ONE_DUMP)
    out = tmp_path / "public"
    build_content(content, out, base_url=SUB_URL)
    before = pagefind_files(out)
    settings = content / "site.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("title: ", "title: New ", 1),
                        encoding="utf-8")
    report = build_content(content, out, base_url=SUB_URL)
    assert "index.html" in report.changed  # every page carries the title
    assert launches == [[SHARD]] and pagefind_files(out) == before
    # The site's own template for paper pages: every paper page changes, no document does.
    (content / "templates").mkdir()
    template = (REPO / "templates" / "paper.html").read_text(encoding="utf-8")
    head = "{% block page_head %}"
    edited = template.replace(head, head + '<meta name="x-edit" content="1">', 1)
    assert edited != template
    (content / "templates" / "paper.html").write_text(edited, encoding="utf-8")
    report = build_content(content, out, base_url=SUB_URL)
    assert sum(path.startswith("papers/") for path in report.changed) > 10
    assert launches == [[SHARD]] and pagefind_files(out) == before


def test_a_note_on_a_paper_reindexes_its_shard_with_the_note(tmp_path: Path,
                                                             launches: list[list[str]]) -> None:
    content = copy_content(tmp_path / "content", dumps=ONE_DUMP)
    out = tmp_path / "public"
    build_content(content, out, base_url=SUB_URL)
    first = fragments(out)[0]
    meta = first["meta"]
    assert isinstance(meta, dict)
    title = meta["title"]
    (content / "notes" / "on-a-paper.md").write_text(
        f'---\npaper: "{title}"\n---\nQuokkaword: a curator\'s note.\n', encoding="utf-8")
    build_content(content, out, base_url=SUB_URL)
    assert launches == [[SHARD], [SHARD]]
    noted = [f["url"] for f in fragments(out) if "Quokkaword" in str(f["content"])]
    assert noted == [first["url"]]


def test_search_false_writes_no_index_no_page_and_no_form(tmp_path: Path) -> None:
    content = copy_content(tmp_path / "content", dumps=ONE_DUMP)
    with (content / "site.yaml").open("a", encoding="utf-8") as config:
        config.write("search: false\n")
    out = tmp_path / "public"
    build_content(content, out, base_url=SUB_URL)
    assert not (out / "pagefind").exists() and not (out / "search").exists()
    home = parse_html((out / "index.html").read_bytes())
    assert not home.find_all("form")


def test_a_failing_indexer_leaves_the_previous_site_untouched(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    content = copy_content(tmp_path / "content", dumps=ONE_DUMP)
    out = tmp_path / "public"
    with (content / "site.yaml").open("a", encoding="utf-8") as config:
        config.write("search: false\n")
    build_content(content, out, base_url=SUB_URL)
    before = site_files(out)
    (content / "site.yaml").write_text((content / "site.yaml").read_text().replace("search: false", ""))
    monkeypatch.setattr(search, "pagefind_executable", lambda: tmp_path / "no-such-pagefind")
    with pytest.raises(SitegenError) as caught:
        build_content(content, out, base_url=SUB_URL)
    assert caught.value.problems[0].message.startswith("search: Pagefind could not run")
    assert str(tmp_path / "no-such-pagefind") in caught.value.problems[0].message
    assert site_files(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "public"]  # no staging left behind


def test_a_missing_pagefind_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pagefind_bin", None)  # makes the import fail
    with pytest.raises(SitegenError) as caught:
        search.pagefind_executable()
    message = str(caught.value)
    assert message.startswith("site.yaml: error: search: Pagefind is not installed")
    assert f"pip install 'pagefind[bin]=={SUPPORTED}'" in message and "search: false" in message


def stand_in(path: Path, body: str) -> Path:
    """An executable Python script standing in for Pagefind (run by its #! line: POSIX only)."""
    path.write_text(f"#!{sys.executable}\nimport os, subprocess, sys, time\n{body}", encoding="utf-8")
    path.chmod(0o755)
    return path


@pytest.mark.skipif(os.name == "nt", reason="the stand-in is a script run by its #! line")
def test_a_failing_pagefind_with_a_long_message_is_one_line_of_its_end(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    loud = stand_in(tmp_path / "pagefind", "sys.stderr.write('x' * 200_000 + ' the end')\nsys.exit(2)\n")
    monkeypatch.setattr(search, "pagefind_executable", lambda: loud)
    out = tmp_path / "public"
    with pytest.raises(SitegenError) as caught:
        build_content(copy_content(tmp_path / "content", dumps=ONE_DUMP), out, base_url=SUB_URL)
    message = caught.value.problems[0].message
    assert message.startswith("search: Pagefind failed: xxx")
    assert message.endswith(" the end") and len(message) < 4100 and "\n" not in message
    assert not out.exists()


@pytest.mark.skipif(os.name == "nt", reason="the stand-in is a script run by its #! line")
def test_a_pagefind_of_another_version_is_refused_with_the_one_to_install(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Writes a bundle as Pagefind 9.9.9 would: its browser files could not read sitegen's index.
    other = stand_in(tmp_path / "pagefind", """
out = sys.argv[sys.argv.index("--output-path") + 1]
os.makedirs(out)
open(os.path.join(out, "pagefind-entry.json"), "w").write('{"version": "9.9.9", "languages": {}}')
""")
    monkeypatch.setattr(search, "pagefind_executable", lambda: other)
    with pytest.raises(SitegenError) as caught:
        build_content(copy_content(tmp_path / "content", dumps=ONE_DUMP), tmp_path / "public",
                      base_url=SUB_URL)
    message = caught.value.problems[0].message
    assert message == ("search: Pagefind 9.9.9 is installed; sitegen writes indexes for Pagefind "
                       f"{SUPPORTED}: pip install 'pagefind[bin]=={SUPPORTED}'")
