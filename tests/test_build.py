"""The whole build on the real seed digest and on tiny sites: pages and links, sub-path, determinism,
permanent URLs across added dumps, atomic failure, the command line."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest
from conftest import SUB_URL, BuiltSite, build_checkout
from helpers import Element, build_content, copy_content, parse_html, site_files

from sitegen.build.stages import tag_papers
from sitegen.cli import main
from sitegen.errors import InputError
from sitegen.merge import merge_dumps
from sitegen.permalinks import read_ledger
from sitegen.project import project_at
from sitegen.sources import read_dumps

XSS_DUMP = (
    "Mar 12\n\nA Paper About <script>alert(1)</script> Safety\n\n"
    "We study <script>alert('x')</script> & friends; code at https://github.com/a/b.\n\n"
    "Second Paper Here\n\nAnother abstract, long enough to be the abstract of a paper.\n"
)


def tiny_content(root: Path, dump: str = XSS_DUMP, site_yaml: str = "") -> Path:
    (root / "dumps").mkdir(parents=True)
    (root / "site.yaml").write_text(site_yaml or "title: Tiny\nbase_url: https://example.org/\n")
    (root / "dumps" / "2025-03-12.txt").write_text(dump)
    return root


def test_every_paper_tag_and_digest_of_the_seed_has_its_page(seed_site: BuiltSite,
                                                             seed_pages: dict[str, Element]) -> None:
    papers = merge_dumps(read_dumps(seed_site.content / "dumps")).papers
    ledger = read_ledger(seed_site.content / "permalinks.lock")
    assert ledger is not None
    slugs = {e.key: e.slug for e in ledger.entries}
    tags, tagging, _ = tag_papers(project_at(seed_site.content), papers, slugs)
    published = [p for p in papers if p.key not in tagging.hidden]
    assert seed_site.report.papers == len(published) > 400
    for paper in published:
        page = seed_pages[f"papers/{slugs[paper.key]}/index.html"]
        assert page.find("h1").text() == " ".join(paper.title.split())
    written = {p.name for p in (seed_site.out / "papers").iterdir()}
    assert written == {slugs[p.key] for p in published}
    for tag in tags:
        assert (seed_site.out / "tags" / tag.id / "index.html").is_file()
    dates = sorted(p.name for p in (seed_site.out / "dates").iterdir() if p.is_dir())
    assert dates == ["2025-03-11", "2025-03-12", "2025-03-13", "2025-03-14", "2025-11-21"]
    assert seed_site.report.digests == 5


def test_every_internal_link_stays_under_the_sub_path_and_works(seed_site: BuiltSite,
                                                                seed_pages: dict[str, Element]) -> None:
    out = seed_site.out
    checked = 0
    for page, tree in seed_pages.items():
        for href in tree.hrefs():
            parts = urlsplit(href)
            if parts.scheme or href.startswith("#"):
                continue
            assert href.startswith("/sub/"), (page, href)
            target = out / href.removeprefix("/sub/")
            assert (target / "index.html" if href.endswith("/") else target).is_file(), (page, href)
            checked += 1
    assert checked > 5000
    assert (out / "static" / "style.css").is_file()


def test_home_lists_every_digest_and_links_the_latest(seed_pages: dict[str, Element]) -> None:
    home = seed_pages["index.html"]
    latest = home.find("section", **{"aria-labelledby": "latest-heading"}).find("h2").find("a")
    assert latest.attrs["href"] == "/sub/dates/2025-11-21/"
    earlier = home.find("section", **{"aria-labelledby": "earlier-heading"}).hrefs()
    assert earlier == [f"/sub/dates/2025-03-{d}/" for d in (14, 13, 12, 11)]


def test_two_builds_are_byte_identical(seed_site: BuiltSite, tmp_path: Path) -> None:
    # Another checkout, no ledger yet: ids come from the base URL and the titles, never at random.
    build_checkout(tmp_path)
    assert site_files(tmp_path / "public") == site_files(seed_site.out)
    # The same checkout again, now reading the ledger the first build wrote.
    build_checkout(tmp_path, fresh=False)
    assert site_files(tmp_path / "public") == site_files(seed_site.out)


def test_the_same_content_in_two_folders_builds_the_same_bytes(
        seed_site: BuiltSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # One copy is named by an absolute --content from elsewhere; the other is found from a folder
    # inside it. Nothing of either machine's paths may reach the output (sources are content-relative).
    first = copy_content(tmp_path / "a" / "content")
    second = copy_content(tmp_path / "b" / "deeper" / "project" / "content")
    monkeypatch.chdir(tmp_path)
    assert main(["build", "--quiet", "--content", str(first), "--out", str(tmp_path / "a" / "public"),
                 "--base-url", SUB_URL]) == 0
    monkeypatch.chdir(second / "dumps")
    assert main(["build", "--quiet", "--base-url", SUB_URL]) == 0
    built = site_files(tmp_path / "a" / "public")
    assert built == site_files(second.parent / "public") == site_files(seed_site.out)
    sources = [s for p in json.loads(built["papers.json"])["papers"] for s in p["sources"]]
    assert sources and all(s.startswith("dumps/") for s in sources)


def test_adding_a_dump_changes_no_existing_url_or_feed_id(tmp_path: Path) -> None:
    # Three overlapping digests keep it quick; the one added is the oldest, so its papers are "seen
    # first" and would win every slug collision if the ledger did not hold the published ones.
    content = copy_content(tmp_path / "content", dumps=["2025-03-12", "2025-03-13"])
    build_content(content, tmp_path / "before", base_url=SUB_URL)
    before = read_ledger(content / "permalinks.lock")
    old_feed = feedparser.parse((tmp_path / "before" / "atom.xml").read_bytes())
    for dump in copy_content(tmp_path / "all", dumps=["2025-03-11"]).joinpath("dumps").iterdir():
        (content / "dumps" / dump.name).write_bytes(dump.read_bytes())
    build_content(content, tmp_path / "after", base_url=SUB_URL)
    after = read_ledger(content / "permalinks.lock")
    assert before is not None and after is not None and after.site_id == before.site_id
    kept = {(e.key, e.slug, e.feed_id) for e in after.entries}
    assert {(e.key, e.slug, e.feed_id) for e in before.entries} <= kept
    assert len(after.entries) > len(before.entries)
    new_feed = feedparser.parse((tmp_path / "after" / "atom.xml").read_bytes())
    new_links = {e.id: e.link for e in new_feed.entries}
    assert old_feed.entries and all(new_links.get(e.id, e.link) == e.link for e in old_feed.entries)
    for entry in before.entries:
        assert (tmp_path / "after" / "papers" / entry.slug / "index.html").is_file()


def test_abstract_markup_from_a_dump_is_shown_never_run(tmp_path: Path) -> None:
    content = tiny_content(tmp_path / "content")
    build_content(content, tmp_path / "out")
    ours = {None, "/static/copy.js", "/static/search.js"}  # None: JSON-LD
    for page in (tmp_path / "out").rglob("*.html"):
        scripts = parse_html(page.read_bytes()).find_all("script")
        sources = {s.attrs.get("src") for s in scripts}
        shard_ui = r"/pagefind/\d{4}-\d{2}(\.[1-4])?/pagefind-ui\.js"
        assert {s for s in sources if not re.fullmatch(shard_ui, s or "")} <= ours, page
        assert all(s.attrs["type"] == "application/ld+json" for s in scripts if "src" not in s.attrs), page
    [paper] = [p for p in (tmp_path / "out" / "papers").iterdir() if p.name.startswith("a-paper")]
    tree = parse_html((paper / "index.html").read_bytes())
    assert tree.find("h1").text() == "A Paper About <script>alert(1)</script> Safety"
    abstract = tree.find("p", **{"class": "abstract"})
    assert abstract.text() == "We study <script>alert('x')</script> & friends; code at https://github.com/a/b."
    assert abstract.hrefs() == ["https://github.com/a/b"]


def test_a_failed_build_leaves_the_previous_site_untouched(tmp_path: Path) -> None:
    content = tiny_content(tmp_path / "content")
    out = tmp_path / "public"
    build_content(content, out)
    before = site_files(out)
    (content / "dumps" / "2025-03-13.txt").write_bytes(b"\x00\x01\x02binary\xff")
    with pytest.raises(InputError) as caught:
        build_content(content, out)
    assert "2025-03-13.txt" in caught.value.problems[0].location.path
    assert site_files(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "public"]  # no temp folders left


def test_a_site_templates_folder_overrides_the_defaults(tmp_path: Path) -> None:
    content = tiny_content(tmp_path / "content")
    (content / "templates" / "static").mkdir(parents=True)
    (content / "templates" / "paper.html").write_text(
        '{% extends "default/paper.html" %}'
        '{% block head %}<meta name="x-theme" content="mine">{% endblock %}')
    (content / "templates" / "static" / "style.css").write_text("body { color: red; }\n")
    build_content(content, tmp_path / "out")
    paper = next((tmp_path / "out" / "papers").iterdir()) / "index.html"
    assert parse_html(paper.read_bytes()).find("meta", name="x-theme").attrs["content"] == "mine"
    assert not parse_html((tmp_path / "out" / "index.html").read_bytes()).find_all("meta", name="x-theme")
    assert (tmp_path / "out" / "static" / "style.css").read_text() == "body { color: red; }\n"


def test_command_prints_a_summary_and_data_files_agree(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    content = tiny_content(tmp_path / "content")
    code = main(["build", "--content", str(content), "--out", str(tmp_path / "out"),
                 "--base-url", "https://example.org/sub"])
    assert code == 0
    summary = capsys.readouterr().out.strip().splitlines()[-1]
    assert summary.startswith(f"built {tmp_path / 'out'}: 2 papers, 1 digest, 0 tags,")
    data = json.loads((tmp_path / "out" / "papers.json").read_text())
    assert all(p["url"].startswith("https://example.org/sub/papers/") for p in data["papers"])


def test_command_reports_config_errors_with_their_line(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    site_yaml = "title: T\nbase_url: https://e.org/\nfeed_sise: 3\n"
    content = tiny_content(tmp_path / "content", site_yaml=site_yaml)
    code = main(["build", "--content", str(content), "--out", str(tmp_path / "out")])
    assert code == 1
    assert capsys.readouterr().err.splitlines() == [
        f"sitegen: {content / 'site.yaml'}:3:1: error: unknown key 'feed_sise' in the settings; "
        "did you mean 'feed_size'?"
    ]
    assert not (tmp_path / "out").exists()


def test_dropping_a_published_paper_needs_allow_url_change(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    content = tiny_content(tmp_path / "content")
    args = ["build", "--content", str(content), "--out", str(tmp_path / "out")]
    assert main(args) == 0
    (content / "dumps" / "2025-03-12.txt").write_text(XSS_DUMP.split("Second Paper")[0])
    capsys.readouterr()
    assert main(args) == 1
    [line] = capsys.readouterr().err.splitlines()
    assert "/papers/second-paper-here/" in line and "--allow-url-change" in line
    assert (tmp_path / "out" / "papers" / "second-paper-here" / "index.html").is_file()
    assert main([*args, "--allow-url-change"]) == 0
    assert not (tmp_path / "out" / "papers" / "second-paper-here").exists()
    assert main(args) == 0  # accepted once: later builds do not ask again
