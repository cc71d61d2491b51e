"""Fixtures for the slow checks: the tools, and the sites they check (each built once per session).

Sites: ``fixture`` (hand-made, tests/fixtures/sites/ok), ``seed`` (content/ of the repository, plus the
listings of tests/fixtures/listings) and
``corpus2000`` (a generated 2000-paper digest). Each real site is built with the URL of the local server
that will serve it (``http://127.0.0.1:PORT/digest/``), so its absolute URLs work in the browser too.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from .harness.browser import CHROMIUM, launch
from .harness.build import REPO, BuildFailed, build_site, copy_content, generate_corpus
from .harness.server import SubPathServer
from .harness.site import BuiltSite

NODE_MODULES = REPO / "tests" / "browser" / "node_modules"
FIXTURE_SITE = REPO / "tests" / "fixtures" / "sites" / "ok"
BROKEN_SITE = REPO / "tests" / "fixtures" / "sites" / "broken"
FIXTURE_BASE_URL = "https://example.org/digest/"
ARTIFACTS = REPO / "artifacts"
SITES = ("fixture", "seed", "corpus2000")
TIMINGS: dict[str, float] = {}


@dataclass(frozen=True, slots=True)
class Tools:
    vnu_jar: Path
    axe_js: Path
    chromium: Path


@pytest.fixture(scope="session")
def tools() -> Tools:
    """The installed tools; a missing one fails the run (CI installs them with scripts/install-tools)."""
    found = Tools(NODE_MODULES / "vnu-jar/build/dist/vnu.jar", NODE_MODULES / "axe-core/axe.min.js", CHROMIUM)
    missing = [str(p) for p in (found.vnu_jar, found.axe_js, found.chromium) if not p.is_file()]
    missing += [] if shutil.which("java") else ["java"]
    if missing:
        pytest.fail(f"missing tools: {', '.join(missing)}; run scripts/install-tools", pytrace=False)
    return found


class timed:
    """Adds the time a block takes to TIMINGS[label]; the slow suite prints them at the end."""

    def __init__(self, label: str) -> None:
        self.label = label

    def __enter__(self) -> None:
        self.start = time.perf_counter()

    def __exit__(self, *exc: object) -> None:
        TIMINGS[self.label] = TIMINGS.get(self.label, 0.0) + time.perf_counter() - self.start


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if TIMINGS:
        terminalreporter.section("slow check timings (s)")
        for label, seconds in sorted(TIMINGS.items()):
            terminalreporter.write_line(f"{seconds:8.1f}  {label}")


@pytest.fixture(scope="session")
def servers() -> Iterator[dict[str, SubPathServer]]:
    """Site name -> its local server (bound when the site is built, started by the first browser test)."""
    running: dict[str, SubPathServer] = {}
    yield running
    for server in running.values():
        server.stop()


def build(name: str, dumps: Path, tmp: Path, servers: dict[str, SubPathServer],
          listings: Path | None = None) -> BuiltSite:
    out = tmp / "public"
    out.mkdir()
    server = SubPathServer(out)
    servers[name] = server
    content = copy_content(dumps, tmp / "content", f"ML Paper Digest ({name})")
    for listing in sorted(listings.iterdir()) if listings else ():
        shutil.copy2(listing, content / "dumps" / listing.name)
    with timed(f"{name}: build"):
        try:
            build_site(content, out, server.url)
        except BuildFailed as exc:
            pytest.fail(str(exc), pytrace=False)
    return BuiltSite(name, out, server.url)


@pytest.fixture(scope="session")
def fixture_site(servers: dict[str, SubPathServer]) -> BuiltSite:
    servers["fixture"] = SubPathServer(FIXTURE_SITE)
    return BuiltSite("fixture", FIXTURE_SITE, FIXTURE_BASE_URL)


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory: pytest.TempPathFactory, servers: dict[str, SubPathServer]) -> BuiltSite:
    # The real digest plus the Hugging Face JSON and arXiv RSS fixtures: pasted text and listings mixed,
    # so every validator also sees author pages, BibTeX, citation meta tags and links to arXiv.
    return build("seed", REPO / "content" / "dumps", tmp_path_factory.mktemp("seed"), servers,
                 listings=REPO / "tests" / "fixtures" / "listings")


@pytest.fixture(scope="session")
def corpus2000_site(tmp_path_factory: pytest.TempPathFactory, servers: dict[str, SubPathServer]) -> BuiltSite:
    tmp = tmp_path_factory.mktemp("corpus2000")
    with timed("corpus2000: gen_corpus"):
        dumps = generate_corpus(2000, tmp / "generated")
    return build("corpus2000", dumps, tmp, servers)


@pytest.fixture(scope="session", params=SITES)
def site(request: pytest.FixtureRequest) -> BuiltSite:
    built: BuiltSite = request.getfixturevalue(f"{request.param}_site")
    return built


@pytest.fixture(scope="session")
def browser(tools: Tools) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()
