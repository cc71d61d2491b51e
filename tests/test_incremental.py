"""Incremental builds (``sitegen.cache``) give the bytes of a cold build, whatever came before.

The seed content plus a generated 300-paper corpus (../shared/bench/gen_corpus.py) goes through
add → no change → rule edit → remove; after each step the incrementally built site is compared file
by file with a cold build (no cache, empty output) of a copy of the same content, ledger included.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from helpers import copy_content, site_files

from sitegen.build import build
from sitegen.cache import CACHE_DIR

BASE = "https://example.org/digest/"




def cold(content: Path, scratch: Path, *, allow_url_change: bool = False) -> dict[str, bytes]:
    """A cold build of a copy of ``content`` (its ledger too, without the cache), made at the same
    path: papers.json names the dump files a paper came from by their path."""
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir()
    kept = content.rename(scratch / "incremental-content")
    try:
        shutil.copytree(kept, content, ignore=shutil.ignore_patterns(CACHE_DIR))
        build(content, scratch / "out", base_url=BASE, allow_url_change=allow_url_change)
    finally:
        shutil.rmtree(content, ignore_errors=True)
        kept.rename(content)
    return site_files(scratch / "out")


def assert_same_site(incremental: Path, reference: dict[str, bytes]) -> None:
    built = site_files(incremental)
    assert sorted(built) == sorted(reference)
    differing = [name for name in sorted(built) if built[name] != reference[name]]
    assert differing == []


def inodes(out: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(out).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in out.rglob("*") if p.is_file()}


@pytest.mark.slow  # six seed-sized builds (about 40 s): CI runs it, the inner loop skips it
def test_add_no_change_edit_and_remove_match_cold_builds(tmp_path: Path, corpus300: list[Path]) -> None:
    content, out, scratch = copy_content(tmp_path / "content"), tmp_path / "out", tmp_path / "cold"
    first = build(content, out, base_url=BASE)
    assert len(first.changed) == first.files  # nothing to keep on the first build
    assert_same_site(out, cold(content, scratch))

    for dump in corpus300:
        os.link(dump, content / "dumps" / dump.name)
    before = inodes(out)
    added = build(content, out, base_url=BASE)
    assert_same_site(out, cold(content, scratch))
    after = inodes(out)
    # Pagefind rewrites its whole index on every build that changes anything: only sitegen's own files
    # can be kept.
    kept = [name for name in before if name in after and name not in added.changed
            and not name.startswith("pagefind/")]
    assert kept, "some files of the seed site should be kept as they were"
    assert all(after[name] == before[name] for name in kept)  # kept means not rewritten

    again = build(content, out, base_url=BASE)
    assert again.changed == () and inodes(out) == after

    rules = content / "tags.yaml"
    rules.write_text(rules.read_text(encoding="utf-8").replace("any: [", 'any: ["benchmark edit", ', 1),
                     encoding="utf-8")
    build(content, out, base_url=BASE)
    assert_same_site(out, cold(content, scratch))

    for dump in corpus300:
        (content / "dumps" / dump.name).unlink()
    build(content, out, base_url=BASE, allow_url_change=True)
    assert_same_site(out, cold(content, scratch, allow_url_change=True))


def test_a_hand_edited_or_deleted_output_file_is_restored(tmp_path: Path) -> None:
    content, out = copy_content(tmp_path / "content", dumps=["2025-03-1"]), tmp_path / "out"
    build(content, out, base_url=BASE)
    reference = site_files(out)
    page = next(name for name in sorted(reference) if name.startswith("papers/"))
    (out / page).write_bytes(b"edited by hand")
    (out / "index.html").unlink()
    rebuilt = build(content, out, base_url=BASE)
    assert set(rebuilt.changed) == {page, "index.html"}
    assert site_files(out) == reference


def test_the_cache_is_git_ignored_and_a_corrupt_cache_is_ignored(tmp_path: Path) -> None:
    content, out = copy_content(tmp_path / "content", dumps=["2025-03-1"]), tmp_path / "out"
    build(content, out, base_url=BASE)
    reference = site_files(out)
    cache = content / CACHE_DIR
    assert (cache / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    for entry in cache.rglob("*.pickle"):
        entry.write_bytes(b"not a pickle")
    shutil.rmtree(out)
    build(content, out, base_url=BASE)
    assert site_files(out) == reference
