"""``sitegen fetch`` against a real HTTP server on 127.0.0.1 serving fixture listings: nothing here
reaches the internet (the base URLs are site.yaml settings)."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from sitegen.cli import main
from sitegen.config import parse_config
from sitegen.errors import ConfigError
from sitegen.fetch.client import USER_AGENT, Client
from sitegen.sources.reader import read_dump

FIXTURES = Path(__file__).parent / "fixtures" / "listings"
HF_DAY = (FIXTURES / "2025-11-22.json").read_bytes()
ARXIV = (FIXTURES / "2025-11-24.xml").read_bytes()


@dataclass
class Script:
    """What the server answers: path+query -> list of (status, body), the last one repeated."""

    answers: dict[str, list[tuple[int, bytes]]] = field(default_factory=dict)
    requests: list[tuple[str, str]] = field(default_factory=list)
    """(path and query, User-Agent) of every request received."""


@pytest.fixture
def server() -> Iterator[tuple[str, Script]]:
    script = Script()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            script.requests.append((self.path, self.headers.get("User-Agent", "")))
            queue = script.answers.get(self.path, [(404, b"not found")])
            status, body = queue.pop(0) if len(queue) > 1 else queue[0]
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", script
    httpd.shutdown()
    httpd.server_close()


def project(tmp_path: Path, base: str) -> Path:
    (tmp_path / "dumps").mkdir()
    (tmp_path / "site.yaml").write_text(
        f"title: T\nbase_url: https://example.org/\nfetch:\n  hf_base: {base}\n  arxiv_base: {base}/\n",
        encoding="utf-8")
    return tmp_path


def hf(day: str) -> str:
    return f"/api/daily_papers?date={day}"


def run(content: Path, *args: str, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> tuple[int, list[str], str]:
    waits: list[float] = []
    monkeypatch.setattr("sitegen.fetch.client.time.sleep", waits.append)  # no real waiting
    code = main(["fetch", "--content", str(content), *args])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


def test_one_day_is_saved_byte_for_byte_and_reads_as_a_listing(
        tmp_path: Path, server: tuple[str, Script], capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    base, script = server
    script.answers[hf("2025-11-22")] = [(200, HF_DAY)]
    content = project(tmp_path, base)
    code, lines, _ = run(content, "2025-11-22", capsys=capsys, monkeypatch=monkeypatch)
    saved = content / "dumps" / "2025-11-22.json"
    assert code == 0 and saved.read_bytes() == HF_DAY
    assert lines == [f"2025-11-22  hf  3 papers  -> {saved}"]
    dump = read_dump(saved, name="dumps/2025-11-22.json")
    ids = [e.identity.arxiv_id for e in dump.entries if e.identity]
    assert ids == ["2402.04284", "2511.07001", "2511.07002"]
    assert script.requests == [(hf("2025-11-22"), USER_AGENT)]
    assert not list((content / "dumps").glob(".fetch-*"))  # no temporary file left behind


def test_a_range_reports_each_day_and_a_404_day_is_skipped(
        tmp_path: Path, server: tuple[str, Script], capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    base, script = server
    script.answers[hf("2025-11-22")] = [(200, HF_DAY)]
    script.answers[hf("2025-11-24")] = [(200, b"[]")]
    content = project(tmp_path, base)
    code, lines, _ = run(content, "--from", "2025-11-22", "--to", "2025-11-24", capsys=capsys,
                         monkeypatch=monkeypatch)
    assert code == 0
    assert [line.split("  ")[0] for line in lines] == ["2025-11-22", "2025-11-23", "2025-11-24"]
    assert lines[1] == "2025-11-23  hf  no listing that day (404), nothing written"
    assert lines[2] == "2025-11-24  hf  no papers that day, nothing written"
    assert sorted(p.name for p in (content / "dumps").iterdir()) == ["2025-11-22.json"]


def test_a_500_is_retried_then_succeeds(tmp_path: Path, server: tuple[str, Script],
                                        capsys: pytest.CaptureFixture[str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    base, script = server
    script.answers[hf("2025-11-22")] = [(500, b"oops"), (503, b"busy"), (200, HF_DAY)]
    content = project(tmp_path, base)
    code, _, _ = run(content, "2025-11-22", capsys=capsys, monkeypatch=monkeypatch)
    assert code == 0 and len(script.requests) == 3
    assert (content / "dumps" / "2025-11-22.json").read_bytes() == HF_DAY


def test_a_500_every_time_fails_the_day_after_three_attempts(
        tmp_path: Path, server: tuple[str, Script], capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    base, script = server
    script.answers[hf("2025-11-22")] = [(500, b"oops")]
    content = project(tmp_path, base)
    code, lines, _ = run(content, "2025-11-22", capsys=capsys, monkeypatch=monkeypatch)
    assert code == 1 and len(script.requests) == 3
    assert lines[0].startswith("2025-11-22  hf  failed: ") and "HTTP 500" in lines[0]
    assert list((content / "dumps").iterdir()) == []


def test_malformed_json_is_an_error_and_nothing_is_written(
        tmp_path: Path, server: tuple[str, Script], capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    base, script = server
    script.answers[hf("2025-11-22")] = [(200, HF_DAY[:200])]
    script.answers[hf("2025-11-23")] = [(200, json.dumps({"error": "rate limited"}).encode())]
    content = project(tmp_path, base)
    code, lines, _ = run(content, "--from", "2025-11-22", "--to", "2025-11-23", capsys=capsys,
                         monkeypatch=monkeypatch)
    assert code == 1
    assert "not JSON" in lines[0] and "not a list of papers" in lines[1]
    assert list((content / "dumps").iterdir()) == []


def test_no_network_is_one_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    content = project(tmp_path, f"http://127.0.0.1:{port}")
    code, lines, err = run(content, "--from", "2025-11-22", "--to", "2025-11-25", capsys=capsys,
                           monkeypatch=monkeypatch)
    assert code == 1 and lines == []
    (message,) = err.splitlines()
    assert message.startswith(f"sitegen: http://127.0.0.1:{port}/api/daily_papers?date=2025-11-22: error: "
                              f"cannot reach http://127.0.0.1:{port} (")
    assert list((content / "dumps").iterdir()) == []


def test_an_existing_dump_is_kept_unless_forced(tmp_path: Path, server: tuple[str, Script],
                                                capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    base, script = server
    script.answers[hf("2025-11-22")] = [(200, HF_DAY)]
    content = project(tmp_path, base)
    pasted = content / "dumps" / "2025-11-22-pasted.txt"
    pasted.write_text("---\ndate: 2025-11-22\n---\n", encoding="utf-8")
    code, lines, _ = run(content, "2025-11-22", capsys=capsys, monkeypatch=monkeypatch)
    assert code == 0 and "skipped" in lines[0] and script.requests == []
    assert sorted(p.name for p in (content / "dumps").iterdir()) == ["2025-11-22-pasted.txt"]
    code, lines, _ = run(content, "2025-11-22", "--force", capsys=capsys, monkeypatch=monkeypatch)
    assert code == 0 and sorted(p.name for p in (content / "dumps").iterdir()) == ["2025-11-22.json"]


def test_arxiv_saves_todays_feed_as_xml_and_refuses_a_range(
        tmp_path: Path, server: tuple[str, Script], capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    base, script = server
    script.answers["/rss/cs.LG"] = [(200, ARXIV)]
    content = project(tmp_path, base)
    code, lines, _ = run(content, "2025-11-24", "--source", "arxiv:cs.LG", capsys=capsys,
                         monkeypatch=monkeypatch)
    saved = content / "dumps" / "2025-11-24.xml"
    assert code == 0 and saved.read_bytes() == ARXIV
    assert lines == [f"2025-11-24  arxiv:cs.LG  4 papers  -> {saved}"]
    assert len(read_dump(saved, name="dumps/2025-11-24.xml").entries) == 4
    code, _, err = run(content, "--from", "2025-11-20", "--source", "arxiv:cs.LG", capsys=capsys,
                       monkeypatch=monkeypatch)
    assert code == 1 and "only today's announcements" in err
    script.answers["/rss/cs.CV"] = [(200, b"<html><body>maintenance</body></html>")]
    code, lines, _ = run(content, "2025-11-25", "--source", "arxiv:cs.CV", capsys=capsys,
                         monkeypatch=monkeypatch)
    assert code == 1 and "not an RSS or Atom feed" in lines[0]
    assert not (content / "dumps" / "2025-11-25.xml").exists()


def test_unknown_sources_and_bad_fetch_settings_are_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    content = project(tmp_path, "http://127.0.0.1:9")
    code, _, err = run(content, "--source", "scholar", capsys=capsys, monkeypatch=monkeypatch)
    assert code == 1 and err.startswith("sitegen: --source: error: unknown source 'scholar'")
    with pytest.raises(ConfigError) as raised:
        parse_config("title: T\nbase_url: https://e.org/\nfetch:\n  hf_bse: https://x\n  arxiv_base: ftp://x\n")
    assert [str(p) for p in raised.value.problems] == [
        "site.yaml:4:3: error: unknown key 'hf_bse' in fetch; did you mean 'hf_base'?",
        "site.yaml:5:15: error: arxiv_base must be an absolute http(s) URL without a query, not 'ftp://x'"]


def test_the_query_names_the_day(server: tuple[str, Script]) -> None:
    base, script = server
    script.answers[hf("2025-03-12")] = [(200, b"[]")]
    assert Client().get(base + hf("2025-03-12")) == b"[]"
    (path, _agent), = script.requests
    assert parse_qs(urlsplit(path).query) == {"date": ["2025-03-12"]}
