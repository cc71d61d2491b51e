"""The build reports its stages, in order, to a progress reporter (the CLI draws a bar on a terminal)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from helpers import build_content

from sitegen.build import STAGES
from sitegen.scaffold import init_project


class Recorder:
    def __init__(self) -> None:
        self.seen: list[str] = []

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        self.seen.append(name)
        yield


def test_every_stage_is_reported_once_in_order(tmp_path: Path) -> None:
    project = tmp_path / "digest"
    init_project(project)
    recorder = Recorder()
    report = build_content(project, tmp_path / "out", reporter=recorder)
    assert recorder.seen == list(STAGES)
    assert report.papers > 0
