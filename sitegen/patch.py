"""Apply a rebuild to the live site in place, as one transaction: only the files whose bytes changed
are written, and stale files are removed.

A full write (``output.write_site``) stages every file beside ``out`` and swaps the folders; at 10,000
papers that is 22,000 links and directories to make and as many to delete, seconds for a rebuild that
changes a few hundred files. When the last build's manifest vouches for the live site, the rebuild is
applied in place instead:

1. every file is rendered first; changed ones go to a staging folder beside ``out`` (same file
   system). A failure here (a template error, bad input) leaves ``out`` untouched;
2. the changes are committed: each replaced or removed file is first hard-linked into an undo folder,
   then changed files are renamed over the live ones and stale ones moved out. Any error during the
   commit puts every touched file back before re-raising.

Each file is replaced atomically (``os.replace``), so a reader or a concurrent upload never sees a
half-written file; the commit as a whole takes milliseconds.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from .output import FileItems, Files, Written, close, file_items, write_chunks
from .render.chunks import Chunks
from .render.reuse import Kept
from .staging import Staged, Staging, check_inside


def patch_site(files: Files, out: Path, previous: Mapping[str, str],
               live: Mapping[str, tuple[int, int]]) -> Written:
    """Make ``out`` hold exactly ``files``, writing only what differs from ``previous`` (path ->
    digest of the live files still as the last build left them). ``live`` is every file in ``out``
    now, with its size and mtime."""
    out = out.resolve()
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        stager = Staging(str(staging), str(out), previous, link_unchanged=False)
        items = file_items(files, stager)
        try:
            digests, changed = _stage_changes(items, stager)
        finally:
            close(items)  # stop the render workers before the staging folder goes
        stale = sorted(live.keys() - digests.keys())
        _commit(staging, out, changed, stale)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    written = set(changed)
    now = {name: live[name] for name in digests if name not in written}
    for name in changed:
        st = os.stat(out / name)
        now[name] = (st.st_size, st.st_mtime_ns)
    return Written(dict(sorted(digests.items())), tuple(changed), dict(sorted(now.items())))


def _stage_changes(files: FileItems, stager: Staging) -> tuple[dict[str, str], list[str]]:
    previous = stager.previous
    digests: dict[str, str] = {}
    changed: list[str] = []
    made: set[str] = set()
    for name, data in files:
        if name in digests:
            raise ValueError(f"two files for one path: {name!r}")
        check_inside(name)
        if isinstance(data, Kept):
            digests[name] = data.digest
            continue
        if isinstance(data, bytes):  # the rule a render worker follows: skip if unchanged, else write
            data = stager.put(name, data)
        if isinstance(data, Staged):
            digests[name] = data.digest
            if data.written:
                changed.append(name)
            continue
        target = os.path.join(stager.root, name)
        if isinstance(data, Chunks):  # written as it is made, then dropped if the live one is the same
            _make_parent(target, made)
            digests[name] = write_chunks(data, target)
            if previous.get(name) == digests[name]:
                os.unlink(target)
            else:
                changed.append(name)
    return digests, sorted(changed)


def _make_parent(path: str, made: set[str]) -> None:
    parent = os.path.dirname(path)
    if parent not in made:
        os.makedirs(parent, exist_ok=True)
        made.add(parent)


def _commit(staging: Path, out: Path, changed: list[str], stale: list[str]) -> None:
    undo = Path(tempfile.mkdtemp(prefix=f".{out.name}.undo-", dir=out.parent))
    done: list[tuple[str, bool]] = []  # (path, whether the live file was saved in ``undo``)
    made: set[str] = set()
    try:
        for name in changed:
            saved = _save(out / name, undo / name, made, move=False)
            _make_parent(str(out / name), made)
            os.replace(staging / name, out / name)
            done.append((name, saved))
        for name in stale:
            done.append((name, _save(out / name, undo / name, made, move=True)))
    except BaseException:
        for name, saved in reversed(done):
            if saved:
                os.makedirs((out / name).parent, exist_ok=True)
                os.replace(undo / name, out / name)
            else:
                os.unlink(out / name)
                _remove_empty_parents(out, name)
        raise
    finally:
        shutil.rmtree(undo, ignore_errors=True)
    for name in stale:
        _remove_empty_parents(out, name)


def _save(live: Path, saved: Path, made: set[str], move: bool) -> bool:
    """Keep the live file in the undo folder (a hard link, or the file itself when it is removed)."""
    if not os.path.lexists(live):
        return False
    _make_parent(str(saved), made)
    if move:
        os.replace(live, saved)
    else:
        try:
            os.link(live, saved)
        except OSError:  # no hard links here: a copy keeps the old bytes just as well
            shutil.copy2(live, saved)
    return True


def _remove_empty_parents(out: Path, name: str) -> None:
    """A cold build has no empty folders: remove those a stale (or undone) file leaves behind."""
    parent = (out / name).parent
    while parent != out:
        try:
            parent.rmdir()
        except OSError:  # not empty (or gone): stop
            return
        parent = parent.parent
