"""Incremental builds (``sitegen.build.manifest``) give the bytes of a cold build, whatever came before.

The seed content plus a generated 300-paper corpus (bench/gen_corpus.py) goes through
add → no change → rule edit → remove; after each step the incrementally built site is compared file
by file with a cold build (no cache, empty output) of a copy of the same content, ledger included.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import WorkerSpy
from helpers import REPO, build_content, copy_content, site_files, without_search

from sitegen.project import CACHE_DIR
from sitegen.util.workers import ONE_PROCESS

BASE = "https://example.org/digest/"




def cold(content: Path, scratch: Path, *, allow_url_change: bool = False) -> dict[str, bytes]:
    """A cold build, in one process, of a copy of ``content`` (its ledger too, without the cache)."""
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir()
    kept = content.rename(scratch / "incremental-content")
    try:
        shutil.copytree(kept, content, ignore=shutil.ignore_patterns(CACHE_DIR))
        build_content(content, scratch / "out", base_url=BASE, allow_url_change=allow_url_change,
                      workers=ONE_PROCESS)
    finally:
        shutil.rmtree(content, ignore_errors=True)
        kept.rename(content)
    return site_files(scratch / "out")


def assert_same_site(incremental: Path, reference: dict[str, bytes]) -> None:
    built = site_files(incremental)
    folders = {p.relative_to(incremental).as_posix() for p in incremental.rglob("*") if p.is_dir()}
    assert folders == {parent for name in reference for parent in map(str, Path(name).parents)} - {"."}
    assert sorted(built) == sorted(reference)
    differing = [name for name in sorted(built) if built[name] != reference[name]]
    assert differing == []


def inodes(out: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(out).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in out.rglob("*") if p.is_file()}


@pytest.mark.slow  # six seed-sized builds per mode (about 40 s): CI runs it, the inner loop skips it
@pytest.mark.parametrize("search", [True, False], ids=["staged-with-search", "in-place"])
def test_add_no_change_edit_and_remove_match_cold_builds(tmp_path: Path, corpus300: list[Path],
                                                         search: bool) -> None:
    content, out, scratch = copy_content(tmp_path / "content"), tmp_path / "out", tmp_path / "cold"
    if not search:
        without_search(content)
    first = build_content(content, out, base_url=BASE)
    assert len(first.changed) == first.files  # nothing to keep on the first build
    assert_same_site(out, cold(content, scratch))

    for dump in corpus300:
        os.link(dump, content / "dumps" / dump.name)
    before = inodes(out)
    added = build_content(content, out, base_url=BASE)
    assert_same_site(out, cold(content, scratch))
    after = inodes(out)
    kept = [name for name in before if name in after and name not in added.changed]
    assert kept, "some files of the seed site should be kept as they were"
    assert all(after[name] == before[name] for name in kept)  # kept means not rewritten

    again = build_content(content, out, base_url=BASE)
    assert again.changed == () and inodes(out) == after

    rules = content / "tags.yaml"
    rules.write_text(rules.read_text(encoding="utf-8").replace("any: [", 'any: ["benchmark edit", ', 1),
                     encoding="utf-8")
    build_content(content, out, base_url=BASE)
    assert_same_site(out, cold(content, scratch))

    for dump in corpus300:
        (content / "dumps" / dump.name).unlink()
    build_content(content, out, base_url=BASE, allow_url_change=True)
    assert_same_site(out, cold(content, scratch, allow_url_change=True))


@pytest.mark.parametrize("search", [True, False], ids=["staged-with-search", "in-place"])
def test_a_hand_edited_deleted_or_added_output_file_is_set_right(tmp_path: Path, search: bool) -> None:
    content, out = copy_content(tmp_path / "content", dumps=["2025-03-1"]), tmp_path / "out"
    if not search:
        without_search(content)
    build_content(content, out, base_url=BASE)
    reference = site_files(out)
    page = next(name for name in sorted(reference) if name.startswith("papers/"))
    (out / page).write_bytes(b"edited by hand")
    (out / "index.html").unlink()
    (out / "papers" / "stray").mkdir()
    (out / "papers" / "stray" / "index.html").write_bytes(b"added by hand")
    rebuilt = build_content(content, out, base_url=BASE)
    assert set(rebuilt.changed) == {page, "index.html"}
    assert_same_site(out, reference)


@pytest.mark.parametrize("search", [True, False], ids=["staged-with-search", "in-place"])
def test_pages_written_by_workers_match_a_one_process_cold_build(
        tmp_path: Path, worker_spy: WorkerSpy, search: bool) -> None:
    """Worker processes stage the pages they draw themselves, for a full staging (first build, or
    with search) and for an in-place patch alike; the site is the one a single process makes."""
    content, out = copy_content(tmp_path / "content", dumps=["2025-03-1"]), tmp_path / "out"
    if not search:
        without_search(content)
    build_content(content, out, base_url=BASE, workers=worker_spy.workers)
    shutil.copy(next((REPO / "content" / "dumps").glob("2025-11-21-*.txt")), content / "dumps")
    added = build_content(content, out, base_url=BASE, workers=worker_spy.workers)
    assert worker_spy.forked == [True, True]
    assert any(name.startswith("papers/") for name in added.changed)
    assert_same_site(out, cold(content, tmp_path / "cold"))
    assert worker_spy.forked == [True, True, False]  # the reference was drawn in one process


def test_a_failed_in_place_commit_puts_every_file_back(tmp_path: Path, corpus300: list[Path],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    content, out = without_search(copy_content(tmp_path / "content", dumps=["2025-03-1"])), tmp_path / "out"
    build_content(content, out, base_url=BASE)
    reference = site_files(out)
    for dump in corpus300[:2]:
        os.link(dump, content / "dumps" / dump.name)
    real_replace, calls = os.replace, []

    def failing_replace(source: object, target: object) -> None:
        if str(target).startswith(str(out)):
            calls.append(target)
            if len(calls) == 20:  # well into the commit: the pages already replaced must come back
                raise OSError(28, "No space left on device")
        real_replace(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OSError, match="No space left"):
        build_content(content, out, base_url=BASE)
    monkeypatch.undo()
    assert len(calls) > 20  # the failure came mid-commit, and the undo went through os.replace too
    assert_same_site(out, reference)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.")] == []  # no staging left


def test_the_cache_is_git_ignored_and_a_corrupt_cache_is_ignored(tmp_path: Path) -> None:
    content, out = copy_content(tmp_path / "content", dumps=["2025-03-1"]), tmp_path / "out"
    build_content(content, out, base_url=BASE)
    reference = site_files(out)
    cache = content / CACHE_DIR
    assert (cache / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    for entry in cache.rglob("*.pickle"):
        entry.write_bytes(b"not a pickle")
    shutil.rmtree(out)
    build_content(content, out, base_url=BASE)
    assert site_files(out) == reference


@pytest.mark.parametrize("search", [True, False], ids=["staged-with-search", "in-place"])
def test_papers_json_is_written_as_made_and_kept_when_unchanged(tmp_path: Path, search: bool) -> None:
    content, out = copy_content(tmp_path / "content", dumps=["2025-03-1"]), tmp_path / "out"
    if not search:
        without_search(content)
    build_content(content, out, base_url=BASE)
    before = inodes(out)["papers.json"]
    about = content / "notes" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    rebuilt = build_content(content, out, base_url=BASE)
    assert "about/index.html" in rebuilt.changed and "papers.json" not in rebuilt.changed
    assert inodes(out)["papers.json"] == before  # not rewritten: the same file, same mtime
    assert_same_site(out, cold(content, tmp_path / "cold"))
