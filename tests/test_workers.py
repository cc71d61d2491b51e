"""Worker processes the same on every platform: the start method chosen, and a spawned build."""

from __future__ import annotations

import multiprocessing
import os
import sys
from pathlib import Path

import pytest
from conftest import WorkerSpy
from helpers import build_content, copy_content, site_files

from sitegen.util.workers import ONE_PROCESS, START_METHOD_VARIABLE, cpu_count, start_method


def test_fork_only_on_linux_and_the_variable_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(START_METHOD_VARIABLE, raising=False)
    for platform, expected in (("linux", "fork"), ("darwin", "spawn"), ("win32", "spawn")):
        monkeypatch.setattr(sys, "platform", platform)
        assert start_method() == expected
    monkeypatch.setenv(START_METHOD_VARIABLE, "spawn")
    assert start_method() == "spawn"
    monkeypatch.setenv(START_METHOD_VARIABLE, "teleport")
    with pytest.raises(ValueError, match="teleport"):
        start_method()


def test_cores_are_counted_where_affinity_is_unknown(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(os, "sched_getaffinity", raising=False)  # macOS and Windows have none
    assert cpu_count() >= 1


def test_a_spawned_build_gives_the_bytes_of_one_process(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, worker_spy: WorkerSpy) -> None:
    monkeypatch.setenv(START_METHOD_VARIABLE, "spawn")
    content = copy_content(tmp_path / "content", dumps=["2025-03-1"])
    build_content(content, tmp_path / "spawned", workers=worker_spy.workers)
    assert worker_spy.forked == [True]  # the pages were drawn by (spawned) workers
    assert multiprocessing.active_children() == []
    build_content(content, tmp_path / "alone", workers=ONE_PROCESS)
    assert site_files(tmp_path / "spawned") == site_files(tmp_path / "alone")
