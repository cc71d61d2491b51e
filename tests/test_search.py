"""Search: ``search:`` in site.yaml, the Pagefind index of lean documents sharded by the month of the
first digest (``pagefind/<YYYY-MM>/``) or, in the newest month, its week (``pagefind/<YYYY-MM>.<N>/``),
the search page and the header form, all under a sub-path. Builds one seed digest (about 70 papers) to
keep it quick; the shard tests add a digest of a later week and the November digest."""

from __future__ import annotations

import errno
import gzip
import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from helpers import REPO, Element, build_content, copy_content, parse_html, site_files
from tag_support import paper

from sitegen.config import parse_config
from sitegen.errors import ConfigError, SitegenError
from sitegen.render.reuse import Kept
from sitegen.render.search import Shard, shard_of
from sitegen.util.checksum import checksum
from sitegen.write import canonical, search

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
    """Pagefind writes the tag filter in hash-map order; ``write.canonical`` sorts it (and renames the
    files named by checksum), so two runs over the same documents give the same bytes."""
    content = copy_content(tmp_path / "content", dumps=ONE_DUMP)
    build_content(content, tmp_path / "public", base_url=SUB_URL)
    again = {k: v for k, v in site_files(tmp_path / "public").items() if k.startswith("pagefind/")}
    before = {k: v for k, v in site_files(built).items() if k.startswith("pagefind/")}
    assert again == before and len(before) > 10


def test_a_shards_index_is_read_back_whole_and_its_folder_removed(built: Path, tmp_path: Path) -> None:
    bundle = tmp_path / SHARD
    shutil.copytree(built / "pagefind" / SHARD, bundle)
    read = dict(search._made(SHARD, bundle))
    published = {p.relative_to(built).as_posix(): p.read_bytes()
                 for p in (built / "pagefind" / SHARD).rglob("*") if p.is_file()}
    assert read == published and len(read) > 50
    assert not bundle.exists()  # its room (memory, often) given back before the build ends


def test_canonical_filters_are_sorted_and_named_by_their_bytes(built: Path) -> None:
    bundle = built / "pagefind" / SHARD
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    meta = canonical.read(bundle / f"pagefind.{entry['languages']['en']['hash']}.pf_meta")
    listed = dict(meta[3])
    assert list(listed) == ["tag", "year"]
    for name, file in listed.items():
        path = bundle / "filter" / f"{file}.pf_filter"
        value = canonical.read(path)
        assert value[0] == name
        assert [v for v, _pages in value[1]] == sorted(v for v, _pages in value[1])
        assert file == "en_" + checksum(canonical.MAGIC + canonical.encode(value))[:7]


@pytest.fixture
def launches(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The shards each build had Pagefind index, one list a build that ran it, newest first (the
    driver is given them largest first)."""
    runs: list[list[str]] = []
    drivers: list[object] = []  # each build's driver: a new one means a new build's first shard
    real = search.SearchIndex._write_sources

    def counted(self: search.SearchIndex, shard: Shard, place: str | None) -> tuple[str | None, Path]:
        if not drivers or drivers[-1] is not self.run:
            drivers.append(self.run)
            runs.append([])
        runs[-1] = sorted([*runs[-1], shard.name], reverse=True)
        return real(self, shard, place)

    monkeypatch.setattr(search.SearchIndex, "_write_sources", counted)
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
    assert "pip install 'pagefind[bin]'" in message and "search: false" in message


def test_each_document_and_its_fragment_take_at_least_a_page_of_memory() -> None:
    short, long = paper("A Short Paper", "x" * 100), paper("A Long Paper", "x" * 5000)
    shard = Shard("2025-03", (short, long), key="k")
    text = len(short.title) + 100 + len(long.title) + 5000  # again, for the papers' word chunks
    documents, fragments = search.PAGE + 2 * search.PAGE, 2 * search.PAGE
    assert search.room_needed((shard,)) == documents + fragments + text


@pytest.mark.skipif(not hasattr(os, "statvfs"), reason="statvfs is POSIX")
def test_documents_go_to_memory_only_with_twice_their_room_free(tmp_path: Path) -> None:
    stats = os.statvfs(tmp_path)
    free = stats.f_bavail * stats.f_frsize
    assert search._memory_folder(1024, shm=str(tmp_path)) == str(tmp_path)
    assert search._memory_folder(free // 2 + 2**30, shm=str(tmp_path)) is None
    assert search._memory_folder(0, shm=str(tmp_path / "missing")) is None


def test_documents_that_do_not_fit_in_memory_are_indexed_from_the_disk(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    memory = tmp_path / "memory"
    memory.mkdir()
    monkeypatch.setattr(search, "_memory_folder", lambda needed: str(memory))
    real = search.SearchIndex._write_documents
    tried: list[Path] = []

    def full_in_memory(self: search.SearchIndex, shard: Shard, folder: Path) -> None:
        tried.append(folder)
        if folder.is_relative_to(memory):  # as a 64 MB /dev/shm fills: part written, then ENOSPC
            folder.mkdir(parents=True)
            (folder / "part").write_bytes(b"x")
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(self, shard, folder)

    monkeypatch.setattr(search.SearchIndex, "_write_documents", full_in_memory)
    out = tmp_path / "public"
    build_content(copy_content(tmp_path / "content", dumps=ONE_DUMP), out, base_url=SUB_URL)
    assert [folder.is_relative_to(memory) for folder in tried] == [True, False]
    assert list(memory.iterdir()) == []  # the partial documents removed
    assert indexed_urls(out) == paper_pages(out) and len(paper_pages(out)) > 50


def test_shards_after_memory_fills_up_go_to_the_disk(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    memory = tmp_path / "memory"
    memory.mkdir()
    monkeypatch.setattr(search, "_memory_folder", lambda needed: str(memory))
    real = search.SearchIndex._write_documents
    tried: list[tuple[str, bool]] = []

    def second_fills_memory(self: search.SearchIndex, shard: Shard, folder: Path) -> None:
        tried.append((shard.name, folder.is_relative_to(memory)))
        if len(tried) == 2:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(self, shard, folder)

    monkeypatch.setattr(search.SearchIndex, "_write_documents", second_fills_memory)
    content = copy_content(tmp_path / "content", dumps=MARCH)
    (content / "dumps" / "2025-03-17.txt").write_text(LATER_WEEK, encoding="utf-8")
    out = tmp_path / "public"
    build_content(content, out, base_url=SUB_URL)
    # Largest first: the seed week in memory, then the small week: memory full, so on the disk.
    assert tried == [("2025-03.2", True), ("2025-03.3", True), ("2025-03.3", False)]
    assert list(memory.iterdir()) == []
    assert indexed_urls(out) == paper_pages(out)


@pytest.mark.skipif(os.name == "nt", reason="the stand-in is a script run by its #! line")
def test_an_index_that_does_not_fit_in_memory_is_made_on_the_disk(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    memory = tmp_path / "memory"
    memory.mkdir()
    monkeypatch.setattr(search, "_memory_folder", lambda needed: str(memory))
    outputs = tmp_path / "outputs"
    real = search.pagefind_executable()
    wrapper = stand_in(tmp_path / "pagefind", (
        f"with open({str(outputs)!r}, 'a') as log:\n"
        "    log.write(sys.argv[4] + '\\n')\n"
        f"if sys.argv[4].startswith({str(memory)!r}):\n"
        "    sys.exit('Error: No space left on device (os error 28)')\n"
        f"sys.exit(subprocess.call([{str(real)!r}, *sys.argv[1:]]))\n"))
    monkeypatch.setattr(search, "pagefind_executable", lambda: wrapper)
    out = tmp_path / "public"
    build_content(copy_content(tmp_path / "content", dumps=ONE_DUMP), out, base_url=SUB_URL)
    tried = outputs.read_text(encoding="utf-8").splitlines()
    assert [Path(o).is_relative_to(memory) for o in tried] == [True, False]
    assert [Path(o).name for o in tried] == [SHARD, SHARD]
    assert list(memory.iterdir()) == []
    assert indexed_urls(out) == paper_pages(out) and len(paper_pages(out)) > 50


def test_documents_that_cannot_be_written_are_a_one_line_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "_memory_folder", lambda needed: None)

    def full(self: search.SearchIndex, shard: Shard, folder: Path) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(search.SearchIndex, "_write_documents", full)
    out = tmp_path / "public"
    with pytest.raises(SitegenError) as caught:
        build_content(copy_content(tmp_path / "content", dumps=ONE_DUMP), out, base_url=SUB_URL)
    (problem,) = caught.value.problems
    assert problem.message.startswith("search: cannot write the documents to index into ")
    assert problem.message.endswith(": " + os.strerror(errno.ENOSPC)) and "\n" not in problem.message
    assert problem.location.path == "site.yaml"
    assert not out.exists()


def stand_in(path: Path, body: str) -> Path:
    """An executable Python script standing in for Pagefind (run by its #! line: POSIX only)."""
    path.write_text(f"#!{sys.executable}\nimport os, subprocess, sys, time\n{body}", encoding="utf-8")
    path.chmod(0o755)
    return path


@pytest.mark.skipif(os.name == "nt", reason="the stand-in is a script run by its #! line")
def test_each_shard_is_read_back_as_soon_as_it_is_indexed(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    # Two shards: the big week of the seed digests (indexed first: largest first) and the two-paper
    # week of LATER_WEEK, whose run waits until the build has read a file of the first one back.
    gate = tmp_path / "gate"
    real = search.pagefind_executable()
    wrapper = stand_in(tmp_path / "pagefind", (
        "if os.path.basename(sys.argv[2]) == '2025-03.3':\n"
        "    for _ in range(500):\n"
        f"        if os.path.exists({str(gate)!r}):\n"
        "            break\n"
        "        time.sleep(0.02)\n"
        "    else:\n"
        "        sys.exit('the first shard was not read back while this one waited')\n"
        f"sys.exit(subprocess.call([{str(real)!r}, *sys.argv[1:]]))\n"))
    monkeypatch.setattr(search, "pagefind_executable", lambda: wrapper)
    made = search._made

    def read_back(name: str, bundle: Path) -> Iterator[tuple[str, bytes | Kept]]:
        for item in made(name, bundle):
            gate.touch()
            yield item

    monkeypatch.setattr(search, "_made", read_back)
    content = copy_content(tmp_path / "content", dumps=MARCH)
    (content / "dumps" / "2025-03-17.txt").write_text(LATER_WEEK, encoding="utf-8")
    out = tmp_path / "public"
    build_content(content, out, base_url=SUB_URL)
    assert sorted(p.name for p in (out / "pagefind").iterdir()) == ["2025-03.2", "2025-03.3"]
    assert indexed_urls(out) == paper_pages(out)


def drive(pagefind: Path, shards: list[str], root: Path, timeout: str = "1",
          fallback: str = "-") -> subprocess.CompletedProcess[bytes]:
    """Run the driver on ``shards`` (documents in root/docs/<name>, indexes into root/index/<name>)."""
    lines = "".join(f"{name}\t{root / 'docs' / name}\t{root / 'index' / name}\n" for name in shards)
    return subprocess.run([sys.executable, "-c", search.DRIVER, str(pagefind), timeout, fallback],
                          input=lines.encode(), capture_output=True, timeout=20)


@pytest.mark.skipif(os.name == "nt", reason="the stand-in is a script run by its #! line")
def test_the_driver_names_each_shard_done_and_stops_one_that_hangs(tmp_path: Path) -> None:
    hanging = stand_in(tmp_path / "pagefind", (
        "if sys.argv[2].endswith('slow'):\n"
        "    time.sleep(30)\n"
        "os.makedirs(sys.argv[4])\n"))
    done = drive(hanging, ["first", "slow", "never"], tmp_path)
    assert done.returncode == 124
    assert done.stdout.decode().splitlines() == [f"first\t{tmp_path / 'index' / 'first'}"]
    assert done.stderr.decode() == "shard slow: no index after 1 s"
    assert sorted(p.name for p in (tmp_path / "index").iterdir()) == ["first"]


@pytest.mark.skipif(os.name == "nt", reason="the stand-in is a script run by its #! line")
def test_the_driver_indexes_a_shard_again_on_the_disk_when_its_run_into_memory_fails(
        tmp_path: Path) -> None:
    # Fails into root/index (standing for memory that filled up), after writing part of the index.
    flaky = stand_in(tmp_path / "pagefind", (
        "os.makedirs(sys.argv[4])\n"
        f"if sys.argv[4].startswith({str(tmp_path / 'index')!r}):\n"
        "    open(os.path.join(sys.argv[4], 'part'), 'w').close()\n"
        "    sys.exit('No space left on device')\n"))
    disk = tmp_path / "disk"
    for name in ("one", "two"):
        (tmp_path / "docs" / name).mkdir(parents=True)
    done = drive(flaky, ["one", "two"], tmp_path, fallback=str(disk))
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode().splitlines() == [f"one\t{disk / 'one'}", f"two\t{disk / 'two'}"]
    assert list((tmp_path / "index").iterdir()) == []  # the partial indexes removed
    assert list((tmp_path / "docs").iterdir()) == []  # each shard's documents, once indexed
    without = drive(flaky, ["one"], tmp_path)  # no folder to fall back to: the failure is reported
    assert without.returncode == 1
    assert without.stderr.decode() == "shard one: No space left on device\n"


@pytest.mark.skipif(os.name == "nt", reason="the stand-in is a script run by its #! line")
def test_a_failing_shard_with_a_long_message_still_ends_the_build(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    # 200 KB on stderr: more than a pipe holds, so the driver must not pass it all on.
    loud = stand_in(tmp_path / "pagefind", "sys.stderr.write('x' * 200_000 + ' the end')\nsys.exit(2)\n")
    monkeypatch.setattr(search, "pagefind_executable", lambda: loud)

    def hung(_signal: int, _frame: object) -> None:
        raise TimeoutError("the build waited on a driver blocked writing its message")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(60)
    try:
        with pytest.raises(SitegenError) as caught:
            build_content(copy_content(tmp_path / "content", dumps=ONE_DUMP), tmp_path / "public",
                          base_url=SUB_URL)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    message = caught.value.problems[0].message
    assert message.startswith(f"search: Pagefind failed: shard {SHARD}: xxx")
    assert message.endswith(" the end") and len(message) < 4100
