"""``sitegen.write.staging.Staging.put``: what a render worker does with a page it drew, and a
worker's failure."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import time
from pathlib import Path

import pytest
from conftest import WorkerSpy
from helpers import REPO, build_content, copy_content, site_files, without_search

import sitegen.write.staging
from sitegen.errors import ConfigError
from sitegen.util.checksum import checksum
from sitegen.write.staging import Staged, Staging


def staging(tmp_path: Path, *, complete: bool) -> Staging:
    live, root = tmp_path / "live", tmp_path / "new"
    (live / "papers" / "a").mkdir(parents=True)
    (live / "papers" / "a" / "index.html").write_bytes(b"old")
    root.mkdir()
    return Staging(str(root), str(live), {"papers/a/index.html": checksum(b"old")}, complete)


def test_a_changed_page_is_written_into_the_staging_folder(tmp_path: Path) -> None:
    for complete in (True, False):
        stage = staging(tmp_path / str(complete), complete=complete)
        assert stage.put("papers/a/index.html", b"new") == Staged(checksum(b"new"), written=True)
        assert Path(stage.root, "papers/a/index.html").read_bytes() == b"new"
        assert Path(stage.live, "papers/a/index.html").read_bytes() == b"old"


def test_an_unchanged_page_is_linked_into_a_full_staging_and_left_out_of_a_patch(tmp_path: Path) -> None:
    full = staging(tmp_path / "full", complete=True)
    assert full.put("papers/a/index.html", b"old") == Staged(checksum(b"old"), written=False)
    staged, live = Path(full.root, "papers/a/index.html"), Path(full.live, "papers/a/index.html")
    assert staged.stat().st_ino == live.stat().st_ino  # the live file itself: same inode and mtime

    patch = staging(tmp_path / "patch", complete=False)
    assert patch.put("papers/a/index.html", b"old") == Staged(checksum(b"old"), written=False)
    assert list(Path(patch.root).iterdir()) == []


def test_a_second_file_for_a_staged_path_never_writes_through_its_link(tmp_path: Path) -> None:
    full = staging(tmp_path, complete=True)
    full.put("papers/a/index.html", b"old")  # now a hard link to the live file
    with pytest.raises(FileExistsError):
        full.put("papers/a/index.html", b"other")
    assert Path(full.live, "papers/a/index.html").read_bytes() == b"old"


def test_a_path_outside_the_site_is_refused(tmp_path: Path) -> None:
    stage = staging(tmp_path, complete=False)
    with pytest.raises(ValueError, match="outside the site"):
        stage.put("../escape.html", b"x")
    assert not (tmp_path / "escape.html").exists()


@pytest.mark.parametrize("search", [True, False], ids=["staged-with-search", "in-place"])
def test_a_failing_worker_leaves_the_site_untouched_and_no_staging_behind(
        tmp_path: Path, worker_spy: WorkerSpy, search: bool) -> None:
    content, out = copy_content(tmp_path / "content", dumps=["2025-03-1"]), tmp_path / "public"
    if not search:  # the rebuild is then applied in place (``sitegen.write.patch``)
        without_search(content)
    build_content(content, out)
    before = site_files(out)
    (content / "templates").mkdir(exist_ok=True)
    (content / "templates" / "paper.html").write_text(
        '{% extends "default/paper.html" %}{% block head %}{{ no_such_variable }}{% endblock %}')
    with pytest.raises(ConfigError, match=r"templates/paper\.html:1: error: template error: 'no_such_var"):
        build_content(content, out, workers=worker_spy.workers)
    assert site_files(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "public"]


@pytest.mark.parametrize("search", [True, False], ids=["staged-with-search", "in-place"])
def test_a_failed_write_stops_the_workers_before_the_staging_folder_goes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, worker_spy: WorkerSpy, search: bool) -> None:
    """The writer fails on its own side (papers.json, written by the main process) while the workers
    may still be drawing: they are stopped before the staging folder is removed, so none can write
    into a folder that is gone or leave one behind."""
    content, out = copy_content(tmp_path / "content", dumps=["2025-03-1"]), tmp_path / "public"
    if not search:
        without_search(content)
    build_content(content, out, workers=worker_spy.workers)
    worker_spy.forked.clear()  # the first build is not the one under test
    before = site_files(out)
    shutil.copy(next((REPO / "content" / "dumps").glob("2025-11-21-*.txt")), content / "dumps")

    def full_disk(*_args: object) -> str:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(sitegen.write.staging, "write_chunks", full_disk)
    with pytest.raises(OSError, match="No space left") as caught:
        build_content(content, out, workers=worker_spy.workers)
    # ``caught`` keeps the failed frames (and the page stream they hold) alive: the workers must be
    # gone all the same.
    assert caught.value.__traceback__ is not None
    assert worker_spy.forked == [True]
    assert multiprocessing.active_children() == []
    assert site_files(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "public"]


@pytest.mark.skipif(not hasattr(signal, "SIGINT") or os.name != "posix", reason="POSIX signals")
@pytest.mark.parametrize("search", [True, False], ids=["swapped-in", "in-place"])
def test_ctrl_c_while_the_site_is_switched_waits_until_it_is_whole(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, search: bool) -> None:
    content, out = copy_content(tmp_path / "content", dumps=["2025-03-1"]), tmp_path / "public"
    if not search:  # the rebuild is then applied in place (``sitegen.write.patch``)
        without_search(content)
    build_content(content, out)
    site = content / "site.yaml"
    renamed = site.read_text(encoding="utf-8").replace("title: ", "title: Renamed ", 1)
    site.write_text(renamed, encoding="utf-8")
    fresh = copy_content(tmp_path / "fresh", dumps=["2025-03-1"])
    if not search:
        without_search(fresh)
    shutil.copy(site, fresh / "site.yaml")
    build_content(fresh, tmp_path / "expected")
    real_replace, real_rename = os.replace, Path.rename
    interrupted: list[str] = []

    def interrupt() -> None:
        if not interrupted:  # the first rename of the switch: Ctrl-C now
            interrupted.append("sent")
            os.kill(os.getpid(), signal.SIGINT)

    def replace(src: str | Path, dst: str | Path) -> None:
        real_replace(src, dst)
        if "public" in str(dst):
            interrupt()

    def rename(self: Path, target: str | Path) -> Path:
        moved = real_rename(self, target)
        interrupt()
        return moved

    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(KeyboardInterrupt):
        build_content(content, out)
    monkeypatch.undo()
    assert interrupted == ["sent"]
    assert site_files(out) == site_files(tmp_path / "expected")  # the new site, whole
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "expected", "fresh", "public"]


def test_what_a_killed_build_left_beside_the_site_goes_once_it_is_an_hour_old(tmp_path: Path) -> None:
    from sitegen.write import remove_leftovers

    out = tmp_path / "public"
    out.mkdir()
    old = time.time() - 2 * 3600
    for name in (".public.new-a", ".public.old-b", ".public.undo-c", ".public.new-recent", ".publicx.new-d",
                 ".other.old-e"):
        (tmp_path / name / "papers").mkdir(parents=True)
        (tmp_path / name / "papers" / "index.html").write_text("x", encoding="utf-8")
        if name != ".public.new-recent":
            os.utime(tmp_path / name, (old, old))
    remove_leftovers(out)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".other.old-e", ".public.new-recent", ".publicx.new-d", "public"]
