"""sitemap.xml, robots.txt, .nojekyll and papers.json, parsed; plus the project's site checker run over
a directory assembled from the feeds, the data files and stub pages."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from fixtures_site import D1, D2, D3, EXPECTED_ORDER, XSS_ABSTRACT, make_site, page_paths

from sitegen.render.data import render_data
from sitegen.render.feeds import render_feeds
from sitegen.site import Site, paper_path, tag_archive_path

SUB = "https://example.org/sub/"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
CHECKER = Path(__file__).resolve().parent / "tools" / "site_check.py"
RECORD_KEYS = ["key", "slug", "url", "id", "title", "abstract", "authors", "published", "upvotes",
               "comments", "digests", "tags", "sources", "arxiv_id", "author_names", "keywords", "links"]


@pytest.fixture(scope="module")
def site() -> Site:
    return make_site(SUB)


@pytest.fixture(scope="module")
def data(site: Site) -> dict[str, bytes]:
    return render_data(site, page_paths(site))


def sitemap(data: bytes) -> dict[str, str | None]:
    root = ET.fromstring(data)
    assert root.tag == SM + "urlset"
    return {u.findtext(SM + "loc") or "": u.findtext(SM + "lastmod") for u in root.findall(SM + "url")}


def test_the_four_files_and_an_empty_nojekyll(data: dict[str, bytes]) -> None:
    assert set(data) == {".nojekyll", "papers.json", "robots.txt", "sitemap.xml"}
    assert data[".nojekyll"] == b""


def test_papers_json_lists_every_paper_newest_first(site: Site, data: dict[str, bytes]) -> None:
    parsed = json.loads(data["papers.json"].decode("utf-8"))
    assert list(parsed) == ["site", "papers"]
    assert parsed["site"]["url"] == SUB and parsed["site"]["id"] == site.site_id
    assert parsed["site"]["digests"] == [D3.isoformat(), D2.isoformat(), D1.isoformat()]
    papers = parsed["papers"]
    assert [p["slug"] for p in papers] == list(EXPECTED_ORDER)
    assert all(list(p) == RECORD_KEYS for p in papers)
    by_slug = {p["slug"]: p for p in papers}
    attention = by_slug["attention-again"]
    assert attention["url"] == f"{SUB}papers/attention-again/"
    assert attention["id"] == site.permalinks["attention again"].feed_id
    assert attention["digests"] == [D1.isoformat(), D3.isoformat()]
    assert attention["tags"] == ["llm"]
    assert attention["sources"] == ["dumps/2025-03-11.txt:21", "dumps/2025-03-13.txt:21"]
    assert attention["published"] == "2025-03-03" and attention["upvotes"] is None
    safe = by_slug["safe-rendering"]
    assert safe["abstract"] == XSS_ABSTRACT and safe["tags"] == ["llm", "security"]
    assert by_slug["tiny-models"]["tags"] == []


def test_papers_json_is_utf8_not_ascii_escaped(data: dict[str, bytes]) -> None:
    text = data["papers.json"].decode("utf-8")
    titles = [p["title"] for p in json.loads(text)["papers"]]
    assert "Diffusion für Bilder — ein Überblick" in titles
    assert "\\u" not in text  # ensure_ascii=False: the file is readable as it is


def test_sitemap_has_every_page_but_404_as_absolute_urls(site: Site, data: dict[str, bytes]) -> None:
    locs = sitemap(data["sitemap.xml"])
    expected = {SUB + p for p in page_paths(site) if p != "404.html"}
    assert set(locs) == expected
    assert list(locs) == sorted(locs)
    assert all(loc.startswith(SUB) for loc in locs)


def test_sitemap_lastmod_is_the_newest_digest_a_page_shows(data: dict[str, bytes]) -> None:
    lastmod = sitemap(data["sitemap.xml"])
    assert lastmod[SUB] == D3.isoformat()
    assert lastmod[f"{SUB}papers/attention-again/"] == D3.isoformat()
    assert lastmod[f"{SUB}papers/diffusion-fur-bilder/"] == D1.isoformat()
    assert lastmod[f"{SUB}tags/vision/"] == D2.isoformat()
    assert lastmod[f"{SUB}dates/{D2.isoformat()}/"] == D2.isoformat()
    assert lastmod[f"{SUB}tags/robotics/"] is None  # no paper, no date to claim


def test_sitemap_covers_later_pages_and_leaves_out_redirects(site: Site) -> None:
    paged = dataclasses.replace(site, config=dataclasses.replace(site.config, page_size=1),
                                redirects={"old-tiny": "tiny-models"})
    paths = (*page_paths(paged), tag_archive_path("vision", 1), paper_path("old-tiny"), "papers/tiny-models/")
    lastmod = sitemap(render_data(paged, paths)["sitemap.xml"])
    # Archive page 1 holds vision's first-listed paper alone; it was last seen on D1.
    assert lastmod[f"{SUB}tags/vision/page/1/"] == D1.isoformat()
    assert f"{SUB}papers/old-tiny/" not in lastmod
    assert len(lastmod) == len(set(paths)) - 2  # the duplicate collapsed, 404 and the redirect left out


def test_robots_points_at_the_sitemap(data: dict[str, bytes]) -> None:
    lines = data["robots.txt"].decode().splitlines()
    fields = [tuple(part.strip() for part in line.split(":", 1)) for line in lines if line]
    assert ("User-agent", "*") in fields
    assert [v for k, v in fields if k == "Sitemap"] == [f"{SUB}sitemap.xml"]


def test_byte_identical_whatever_the_order_pages_are_given(site: Site) -> None:
    paths = page_paths(site)
    assert render_data(site, paths) == render_data(make_site(SUB), tuple(reversed(paths)))


def _stub_page(title: str) -> str:
    return ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width\">"
            f"<title>{title}</title>"
            "<link rel=\"alternate\" type=\"application/atom+xml\" href=\"/sub/atom.xml\">"
            "</head><body></body></html>")


def test_site_checker_passes_on_feeds_and_data_with_stub_pages(site: Site, tmp_path: Path) -> None:
    files = {**render_feeds(site).files, **render_data(site, page_paths(site))}
    for path in page_paths(site):
        page = path if path.endswith(".html") else path + "index.html"
        files[page] = _stub_page(path or "home").encode()
    for path, content in files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_bytes(content)
    run = subprocess.run([sys.executable, str(CHECKER), str(tmp_path), "--base-url", SUB],
                         capture_output=True, text=True, timeout=60, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.splitlines()[-1] == "site_check: 0 problems"
