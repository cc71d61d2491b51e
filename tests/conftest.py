"""Shared fixtures: the real seed digest, built once per session under a sub-path, and its pages
parsed once."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import REPO, Element, build_content, copy_content, parse_html

from sitegen.build import BuildReport
from sitegen.render import drawing
from sitegen.util.workers import Workers

SUB_URL = "https://example.org/sub/"
GEN_CORPUS = REPO / "bench" / "gen_corpus.py"  # carried by the repository: a plain clone runs the tests


@pytest.fixture(scope="session")
def corpus300(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The dumps of a generated 300-paper digest (gen_corpus.py, seed 0), made once per session."""
    if not GEN_CORPUS.is_file():  # a missing tool is a failure, never a silent skip
        pytest.fail(f"needs the corpus generator at {GEN_CORPUS}")
    out = tmp_path_factory.mktemp("corpus300")
    subprocess.run([sys.executable, str(GEN_CORPUS), "--papers", "300", "--out", str(out)], check=True,
                   stdout=subprocess.DEVNULL)
    return sorted((out / "dumps").glob("*.txt"))


@dataclass
class WorkerSpy:
    workers: Workers
    """Two workers however few pages or dumps there are (the machine may have one core, a small site
    stays below the thresholds): pass it to the builds under test."""
    forked: list[bool]
    """For each ``render.drawing.Pages`` entered: whether it started workers that hand the pages they
    draw to the writer themselves."""


@pytest.fixture
def worker_spy(monkeypatch: pytest.MonkeyPatch) -> WorkerSpy:
    spy = WorkerSpy(Workers(count=2, draw_from=1, parse_from=1), [])
    enter = drawing.Pages.__enter__

    def record(self: drawing.Pages) -> drawing.Pages:
        spy.forked.append(self._processes > 1 and self._drawer.sink is not None)
        return enter(self)

    monkeypatch.setattr(drawing.Pages, "__enter__", record)
    return spy


@dataclass(frozen=True)
class BuiltSite:
    content: Path
    out: Path
    report: BuildReport


def build_checkout(root: Path, *, fresh: bool = True) -> BuildReport:
    """Build ``root/content`` into ``root/public`` the way a curator does: from ``root``, with the
    default relative folders (file:line sources in the output stay relative, so two checkouts match)."""
    if fresh:
        copy_content(root / "content")
    here = Path.cwd()
    os.chdir(root)
    try:
        return build_content(Path("content"), Path("public"), base_url=SUB_URL)
    finally:
        os.chdir(here)


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    root = tmp_path_factory.mktemp("seed")
    report = build_checkout(root)
    return BuiltSite(root / "content", root / "public", report)


@pytest.fixture(scope="session")
def seed_pages(seed_site: BuiltSite) -> dict[str, Element]:
    """Every HTML file of the seed site (relative path -> parsed tree)."""
    return {p.relative_to(seed_site.out).as_posix(): parse_html(p.read_bytes())
            for p in sorted(seed_site.out.rglob("*.html"))}
