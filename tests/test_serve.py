"""``sitegen serve``: the server under a base path, the rebuild that survives errors, the source filter.

No real watcher runs here: the rebuild loop is fed change batches directly."""

from __future__ import annotations

import http.client
import io
import json
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

from sitegen.build import BuildOptions
from sitegen.cli import main
from sitegen.errors import SitegenError
from sitegen.project import Project, project_at
from sitegen.scaffold import init_project
from sitegen.serve import (
    MISSING_WATCHFILES,
    Rebuilder,
    SiteServer,
    SourceFilter,
    local_base_url,
    rebuild_on_changes,
    require_watchfiles,
)


class PageParser(HTMLParser):
    """The <title> text and every href/src of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.title = ""
        self.links: list[str] = []
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_title = tag == "title"
        self.links += [value for name, value in attrs if name in ("href", "src") and value]

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


def parse(body: bytes) -> PageParser:
    parser = PageParser()
    parser.feed(body.decode("utf-8"))
    return parser


def page(title: str) -> bytes:
    return f"<!doctype html><html lang=en><head><title>{title}</title></head><body></body></html>".encode()


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "public"
    pages = {"index.html": "Home", "papers/a/index.html": "Paper A", "404.html": "Not found"}
    for name, title in pages.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(page(title))
    (root / "static").mkdir()
    (root / "static" / "style.css").write_text("body{}", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("outside the site", encoding="utf-8")
    return root


def start(root: Path, base_path: str) -> Iterator[str]:
    server = SiteServer(root, base_path, "127.0.0.1", 0, quiet=True)
    # A short poll keeps shutdown() quick (the default waits up to half a second).
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{server.port}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def sub(site: Path) -> Iterator[str]:
    yield from start(site, "/digest/")


def get(address: str, path: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection(address, timeout=5)
    connection.request(method, path)  # http.client sends the path as given: no ".." clean-up
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body


def test_pages_under_the_base_path(sub: str) -> None:
    status, headers, body = get(sub, "/digest/")
    assert (status, parse(body).title) == (200, "Home")
    assert headers["cache-control"] == "no-store"
    status, _, body = get(sub, "/digest/papers/a/")
    assert (status, parse(body).title) == (200, "Paper A")
    status, headers, body = get(sub, "/digest/static/style.css")
    assert (status, body, headers["content-type"]) == (200, b"body{}", "text/css")


def test_base_path_without_slash_redirects(sub: str) -> None:
    status, headers, _ = get(sub, "/digest")
    assert status == 301
    assert headers["location"] == "/digest/"


@pytest.mark.parametrize("path", ["/digest/nope/", "/digest/papers/b/", "/digest/papers/a/x.html"])
def test_a_miss_gets_the_sites_404_page(sub: str, path: str) -> None:
    status, headers, body = get(sub, path)
    assert (status, parse(body).title) == (404, "Not found")
    assert headers["content-type"] == "text/html; charset=utf-8"


@pytest.mark.parametrize("path", ["/", "/index.html", "/papers/a/", "/digestx/", "/static/style.css"])
def test_nothing_is_served_outside_the_base_path(sub: str, path: str) -> None:
    status, _, body = get(sub, path)
    assert (status, parse(body).title) == (404, "Not found")


@pytest.mark.parametrize("path", ["/digest/../secret.txt", "/digest/%2e%2e/secret.txt",
                                  "/digest/papers/../../secret.txt"])
def test_no_escape_from_the_output_folder(sub: str, path: str) -> None:
    status, _, body = get(sub, path)
    assert status == 404
    assert b"outside the site" not in body


def test_a_folder_without_index_is_a_miss_not_a_listing(sub: str) -> None:
    status, _, body = get(sub, "/digest/papers/")
    assert (status, parse(body).title) == (404, "Not found")


def test_head_of_a_miss_has_no_body(sub: str) -> None:
    status, headers, body = get(sub, "/digest/nope/", method="HEAD")
    assert (status, body) == (404, b"")
    assert int(headers["content-length"]) > 0


def test_domain_root_site(site: Path) -> None:
    for address in start(site, "/"):
        with urllib.request.urlopen(f"http://{address}/papers/a/") as response:
            assert parse(response.read()).title == "Paper A"
        with pytest.raises(urllib.error.HTTPError) as miss:
            urllib.request.urlopen(f"http://{address}/nope/")
        assert miss.value.code == 404


def test_without_a_404_page_a_miss_is_still_a_404(site: Path) -> None:
    (site / "404.html").unlink()
    for address in start(site, "/digest/"):
        assert get(address, "/digest/nope/")[0] == 404


@pytest.mark.parametrize(("host", "expected"), [
    ("127.0.0.1", "http://127.0.0.1:8000/digest/"),
    ("::1", "http://[::1]:8000/digest/"),
])
def test_local_base_url(host: str, expected: str) -> None:
    assert local_base_url("/digest/", host, 8000) == expected
    assert local_base_url("/", "localhost", 9000) == "http://localhost:9000/"


# --- rebuilding --------------------------------------------------------------------------------------

@pytest.fixture
def project(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    init_project(content)  # base_url https://example.github.io/my-digest/
    return content


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_rebuild_builds_with_local_links(project: Path, tmp_path: Path) -> None:
    out, stream = tmp_path / "out", io.StringIO()
    rebuilder = Rebuilder(project_at(project), out, "http://127.0.0.1:8123/my-digest/", stream)
    assert rebuilder.rebuild()
    links = parse((out / "index.html").read_bytes()).links
    local = [link for link in links if link.startswith("/")]
    assert local
    assert all(link.startswith("/my-digest/") for link in local)
    papers = json.loads((out / "papers.json").read_text(encoding="utf-8"))["papers"]
    assert all(p["url"].startswith("http://127.0.0.1:8123/my-digest/papers/") for p in papers)
    assert stream.getvalue().splitlines()[-1].startswith("built 3 papers, ")


def test_broken_dump_prints_the_error_and_keeps_the_last_good_site(project: Path, tmp_path: Path) -> None:
    out, stream = tmp_path / "out", io.StringIO()
    rebuilder = Rebuilder(project_at(project), out, "http://127.0.0.1:8123/my-digest/", stream)
    assert rebuilder.rebuild()
    good = snapshot(out)
    broken = project / "dumps" / "2025-03-13.txt"
    broken.write_bytes(b"binary\x00junk\n")
    stream.seek(0)
    stream.truncate()
    assert not rebuilder.rebuild()
    assert stream.getvalue().splitlines() == [
        f"sitegen: {broken}:1: error: looks like a binary file (NUL byte), not a text dump",
        "build failed: still serving the last good site",
    ]
    assert snapshot(out) == good
    broken.unlink()
    assert rebuilder.rebuild()
    assert snapshot(out) == good  # same sources, same bytes


def test_the_server_keeps_serving_through_a_failed_rebuild(project: Path, tmp_path: Path) -> None:
    out, stream = tmp_path / "out", io.StringIO()
    rebuilder = Rebuilder(project_at(project), out, "http://127.0.0.1:1/my-digest/", stream)
    assert rebuilder.rebuild()
    before = parse((out / "index.html").read_bytes()).title
    (project / "tags.yaml").write_text("tags:\n  Bad Id:\n    any: [x]\n", encoding="utf-8")
    for address in start(out, "/my-digest/"):
        assert not rebuilder.rebuild()
        assert stream.getvalue().splitlines()[-2].startswith(f"sitegen: {project / 'tags.yaml'}:2:")
        status, _, body = get(address, "/my-digest/")
        assert (status, parse(body).title) == (200, before)


def test_an_unexpected_crash_is_shown_not_raised(tmp_path: Path) -> None:
    def crashing_build(project: Project, out: Path, *, options: BuildOptions) -> object:
        raise RuntimeError("template bug")

    stream = io.StringIO()
    rebuilder = Rebuilder(project_at(tmp_path), tmp_path / "out", "http://127.0.0.1:1/", stream,
                          crashing_build)  # type: ignore[arg-type]
    assert not rebuilder.rebuild()
    lines = stream.getvalue().splitlines()
    assert "RuntimeError: template bug" in lines
    assert lines[-1] == "build crashed: still serving the last good site"


def test_one_rebuild_per_batch_of_changes(project: Path, tmp_path: Path) -> None:
    calls: list[str | None] = []

    def counting_build(project: Project, out: Path, *, options: BuildOptions) -> object:
        calls.append(options.base_url)
        raise SitegenError("not this time")

    stream = io.StringIO()
    rebuilder = Rebuilder(project_at(project), tmp_path / "out", "http://h:1/", stream, counting_build)  # type: ignore[arg-type]
    batches = [{(1, str(project / "tags.yaml"))}, {(2, str(project / "dumps" / "a.txt")),
                                                   (1, str(project / "dumps" / "b.txt"))}]
    assert rebuild_on_changes(batches, rebuilder) == 2
    assert calls == ["http://h:1/", "http://h:1/"]
    assert [line for line in stream.getvalue().splitlines() if line.startswith("changed:")] == [
        "changed: tags.yaml", "changed: a.txt, b.txt"]


# --- what counts as a source --------------------------------------------------------------------------

@pytest.mark.parametrize(("relative", "expected"), [
    ("site.yaml", True),
    ("tags.yaml", True),
    ("dumps/2025-03-12.txt", True),
    ("notes/about.md", True),
    ("templates/base.html", True),
    ("permalinks.lock", False),  # the build writes it: watching it would loop
    ("public/index.html", False),  # output inside the content folder
    (".public.new-abc/index.html", False),  # the build's staging folder
    ("dumps/.2025-03-12.txt.swp", False),
    ("dumps/2025-03-12.txt~", False),
    ("README.md", False),
    ("", False),
])
def test_source_filter(tmp_path: Path, relative: str, expected: bool) -> None:
    accept = SourceFilter(tmp_path, tmp_path / "public", (tmp_path.parent / "defaults",))
    assert accept(1, str(tmp_path / relative)) is expected


def test_default_templates_are_sources(tmp_path: Path) -> None:
    defaults = tmp_path / "defaults"
    accept = SourceFilter(tmp_path / "content", tmp_path / "public", (defaults,))
    assert accept(1, str(defaults / "paper.html"))
    assert not accept(1, str(tmp_path / "elsewhere.txt"))


def test_missing_watchfiles_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "watchfiles", None)  # makes `import watchfiles` fail
    with pytest.raises(SitegenError) as failure:
        require_watchfiles()
    assert [p.message for p in failure.value.problems] == [MISSING_WATCHFILES]


# --- the commands --------------------------------------------------------------------------------------

@pytest.mark.parametrize("command", ["serve", "new-digest", "init"])
def test_curator_commands_have_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main([command, "--help"])
    assert done.value.code == 0
    assert capsys.readouterr().out.startswith(f"usage: sitegen {command} ")


def test_serve_without_site_yaml_stops_before_serving(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--content", str(tmp_path), "--out", str(tmp_path / "out"), "--port", "0"]) == 1
    errors = capsys.readouterr().err.splitlines()
    assert errors == [f"sitegen: {tmp_path / 'site.yaml'}: error: no site configuration: create "
                      f"{tmp_path / 'site.yaml'} with at least title and base_url"]
    assert not (tmp_path / "out").exists()


def test_a_port_taken_out_of_range_or_a_host_that_is_no_address_is_one_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import socket

    init_project(tmp_path / "p")
    monkeypatch.chdir(tmp_path / "p")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        cases = [(["--port", str(port)], f"127.0.0.1:{port}: error: cannot listen there: "),
                 (["--port", "99999"], "--port: error: port 99999 is not a port"),
                 (["--host", "256.1.1.1"], "256.1.1.1:8000: error: cannot listen there: ")]
        for args, said in cases:
            capsys.readouterr()
            assert main(["serve", *args]) == 1
            (line,) = capsys.readouterr().err.splitlines()
            assert line.startswith(f"sitegen: {said}"), line
    assert not (tmp_path / "p" / "public").exists()  # refused before building anything


def test_rebuild_summary_counts_in_words(project: Path, tmp_path: Path) -> None:
    """A new digest's empty dump is one warning: "1 warning", as check says it, not "1 warnings"."""
    (project / "dumps" / "2025-03-13.txt").write_text("---\ndate: 2025-03-13\n---\n", encoding="utf-8")
    stream = io.StringIO()
    rebuilder = Rebuilder(project_at(project), tmp_path / "out", "http://127.0.0.1:8123/my-digest/", stream)
    assert rebuilder.rebuild()
    summary = stream.getvalue().splitlines()[-1]
    assert summary.startswith("built 3 papers, 14 pages, 1 warning in "), summary
