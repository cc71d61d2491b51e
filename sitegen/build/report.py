"""What a build is asked for (``BuildOptions``) and what it tells its caller: the stages it reports
progress on, and its ``BuildReport``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..model import Problem
from ..util.workers import EVERY_CORE, Workers

STAGES = ("read dumps", "merge", "urls", "tags", "notes", "render", "write")
"""The stages a build reports to a ``build.progress`` reporter, in order."""


@dataclass(frozen=True, slots=True)
class BuildOptions:
    """What a build is asked for besides its project."""

    base_url: str | None = None
    """Overrides ``site.yaml``'s (``--base-url``)."""
    allow_url_change: bool = False
    workers: Workers = EVERY_CORE


@dataclass(frozen=True, slots=True)
class BuildReport:
    papers: int
    """Papers published (hidden ones not counted)."""
    digests: int
    tags: int
    pages: int
    """HTML pages written."""
    files: int
    """Every file of the site (pages, feeds, data files, assets)."""
    warnings: tuple[Problem, ...]
    out: Path
    changed: tuple[str, ...] = ()
    """Files whose bytes were written by this build (new or different); every other file of the site
    was kept as the previous build left it."""
