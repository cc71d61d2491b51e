"""Shared fixtures: the real seed digest, built once per session under a sub-path."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import copy_content

from sitegen.build import BuildReport, build

SUB_URL = "https://example.org/sub/"


@dataclass(frozen=True)
class BuiltSite:
    content: Path
    out: Path
    report: BuildReport


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    root = tmp_path_factory.mktemp("seed")
    content = copy_content(root / "content")
    out = root / "public"
    return BuiltSite(content, out, build(content, out, base_url=SUB_URL))
