"""Shared fixtures: the real seed digest, built once per session under a sub-path, and its pages
parsed once."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import Element, copy_content, parse_html

from sitegen.build import BuildReport, build

SUB_URL = "https://example.org/sub/"


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
        return build(Path("content"), Path("public"), base_url=SUB_URL)
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
