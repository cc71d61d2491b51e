"""Apply a rebuild to the live site in place, as one transaction: only the files whose bytes changed
are written, and stale files are removed.

A full write (``write.full.write_site``) stages every file beside ``out`` and swaps the folders: two
links and directories per page to make and as many to delete, even for a rebuild that changes a few
hundred files. When the last build's manifest vouches for the live site, the rebuild is
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
from collections.abc import Mapping
from pathlib import Path

from ..util.interrupts import interrupts_deferred
from .staging import Files, Staging, Written, beside, stage_all


def patch_site(files: Files, out: Path, previous: Mapping[str, str],
               live: Mapping[str, tuple[int, int]]) -> Written:
    """Make ``out`` hold exactly ``files``, writing only what differs from ``previous`` (path ->
    checksum of the live files still as the last build left them). ``live`` is every file in ``out``
    now, with its size and mtime."""
    out = out.resolve()
    folder = beside(out, "new")
    try:
        checksums, changed = stage_all(files, Staging(str(folder), str(out), previous, complete=False))
        stale = sorted(live.keys() - checksums.keys())
        with interrupts_deferred():  # every change applied, or none (an interrupt waits for it)
            _commit(folder, out, changed, stale)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    written = set(changed)
    now = {name: live[name] for name in checksums if name not in written}
    for name in changed:
        st = os.stat(out / name)
        now[name] = (st.st_size, st.st_mtime_ns)
    return Written(checksums, tuple(changed), dict(sorted(now.items())))


def _make_parent(path: str, made: set[str]) -> None:
    parent = os.path.dirname(path)
    if parent not in made:
        os.makedirs(parent, exist_ok=True)
        made.add(parent)


def _commit(staging: Path, out: Path, changed: list[str], stale: list[str]) -> None:
    undo = beside(out, "undo")
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
